using System.Globalization;
using SesMail.Tests.Support;

namespace SesMail.Tests.EndToEnd.Drill;

/// <summary>
/// The durability drill (docs/DELIVERY.md, "The durability drill"): mail through SMTP while the emulator and the
/// runtime are killed with SIGKILL at seeded random moments; every accepted mail is delivered (or bounced) exactly once.
/// The seed is printed; <c>SESMAIL_DRILL_SEED</c> replays it.
/// </summary>
[Collection(SesMail.Tests.EndToEnd.Drill.DrillCollection.Name)]
public sealed class DurabilityDrillTests
{
    /// <summary>Environment variables of the long drill.</summary>
    public const string CountVariable = "SESMAIL_DRILL_COUNT";

    /// <summary>Kills per run of the long drill (default 20).</summary>
    public const string KillsVariable = "SESMAIL_DRILL_KILLS";

    /// <summary>SMTP connections at once in the long drill (default 8).</summary>
    public const string ConcurrencyVariable = "SESMAIL_DRILL_CONCURRENCY";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>The short drill CI runs: 50 mails at 4, three kills.</summary>
    [Fact]
    [Trait("Kind", "EndToEnd")]
    public Task Drill_ShortRunWithThreeKills_EveryAcceptedMailExactlyOnce() =>
        RunAsync(new DrillPlan(DrillSeed.FromEnvironment(), Count: 50, Concurrency: 4, Kills: 3, KillGap: (TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(4))));

    /// <summary>
    /// The long drill, run by hand: <c>SESMAIL_DRILL_COUNT=2000 SESMAIL_DRILL_KILLS=20 dotnet test tests/SesMail.Tests
    /// --filter "Kind=Drill"</c> (optionally <c>SESMAIL_DRILL_CONCURRENCY</c>, <c>SESMAIL_DRILL_SEED</c>).
    /// </summary>
    [Fact]
    [Trait("Kind", "Drill")]
    public Task Drill_LongRun_EveryAcceptedMailExactlyOnce()
    {
        var count = Environment.GetEnvironmentVariable(CountVariable);
        Assert.SkipUnless(count is not null, $"the long drill runs only when {CountVariable} is set (e.g. {CountVariable}=2000 {KillsVariable}=20); CI runs the short one");
        int Read(string name, int fallback) => int.TryParse(Environment.GetEnvironmentVariable(name), NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) ? value : fallback;
        return RunAsync(new DrillPlan(
            DrillSeed.FromEnvironment(),
            Count: int.Parse(count!, CultureInfo.InvariantCulture),
            Concurrency: Read(ConcurrencyVariable, 8),
            Kills: Read(KillsVariable, 20),
            KillGap: (TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(12))));
    }

    private static async Task RunAsync(DrillPlan plan)
    {
        void Log(string line)
        {
            TestContext.Current.TestOutputHelper?.WriteLine(line);
            TestContext.Current.SendDiagnosticMessage(line);
        }

        Log($"durability drill seed {plan.Seed} (replay with {DrillSeed.Variable}={plan.Seed})");
        await using var stack = new StackProcesses();
        DrillReport report;
        try
        {
            report = await new DurabilityDrill(stack, plan).RunAsync(Log, Ct);
        }
        catch (Exception error) when (error is TimeoutException or InvalidOperationException)
        {
            throw new InvalidOperationException(
                $"seed {plan.Seed}: {error.Message}{Environment.NewLine}emulator:{Environment.NewLine}{string.Join(Environment.NewLine, stack.EmulatorLog.TakeLast(15))}{Environment.NewLine}runtime:{Environment.NewLine}{string.Join(Environment.NewLine, stack.RuntimeLog.TakeLast(15))}",
                error);
        }

        Log("durability drill: " + report);
        report.Problems.Should().BeEmpty($"seed {plan.Seed}: {report}");
        report.EmulatorKills.Should().Be(plan.Kills - report.RuntimeKills);
        (report.Lost + report.Duplicated + report.BounceLost + report.BounceDuplicated).Should().Be(0);
        report.Accepted.Should().BeGreaterThan(plan.Count / 2, "most mails are sent while both processes are up");
    }
}
