namespace SesMail.Emulator.EventBridge;

/// <summary>What the scheduler reads from the store: every enabled rule with a schedule expression, with its targets.</summary>
internal sealed partial class EventBridgeStore
{
    /// <summary>The enabled scheduled rules of every region (schedules live on the default bus only).</summary>
    /// <returns>Region, rule ARN and name, expression, and the targets (immutable records).</returns>
    public IReadOnlyList<ScheduledRule> ScheduledRules()
    {
        lock (Lock)
        {
            return [.. _regions.SelectMany(region => region.Value.Values.SelectMany(bus => bus.Rules.Values
                .Where(rule => rule.ScheduleExpression is not null && rule.State != "DISABLED")
                .Select(rule => new ScheduledRule(region.Key, rule, rule.ScheduleExpression!, [.. rule.Targets.Values]))))];
        }
    }
}

/// <summary>One scheduled rule as the scheduler sees it.</summary>
/// <param name="Region">The rule's region.</param>
/// <param name="Rule">The rule (name and ARN).</param>
/// <param name="ScheduleExpression">Its expression.</param>
/// <param name="Targets">Its targets.</param>
internal sealed record ScheduledRule(string Region, EventRule Rule, string ScheduleExpression, IReadOnlyList<Target> Targets);
