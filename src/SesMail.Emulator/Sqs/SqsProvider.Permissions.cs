using SesMail.Emulator.Protocols;
using SesMail.Emulator.Sqs.Shapes;

namespace SesMail.Emulator.Sqs;

/// <summary>
/// <c>AddPermission</c> and <c>RemovePermission</c>: statements, named by <c>Label</c>, in the queue's <c>Policy</c>
/// attribute (<see cref="QueuePolicy"/>), which the request authorizer evaluates as the queue's resource policy.
/// </summary>
/// <remarks>
/// Validated as SQS validates: the label (1 to 80 alphanumerics, hyphens, underscores), at least one account id
/// (twelve digits; SQS also checks that the account exists, which the emulator cannot), one to seven grantable
/// actions, a label not yet in the policy, at most 20 statements. The wording of the statement-count refusal is the
/// emulator's: the API reference names the code (<c>OverLimit</c>) but not the message.
/// </remarks>
internal sealed partial class SqsProvider
{
    public EmptyResult AddPermission(AddPermissionRequest request, AwsRequestContext context)
    {
        var queue = RequireQueue(request.QueueUrl, context);
        var label = Require(request.Label, "Label");
        if (label.Length > 80 || !label.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_'))
        {
            throw SqsErrors.InvalidLabel(label);
        }

        var accountIds = request.AWSAccountIds ?? [];
        if (accountIds.Count == 0)
        {
            throw SqsErrors.InvalidPrincipal(string.Empty);
        }

        if (accountIds.FirstOrDefault(a => a.Length != 12 || !a.All(char.IsAsciiDigit)) is { } badAccount)
        {
            throw SqsErrors.InvalidPrincipal(badAccount);
        }

        var actions = request.Actions ?? [];
        if (actions.Count == 0)
        {
            throw SqsErrors.MissingParameter("Actions");
        }

        if (actions.Count > QueuePolicy.MaxActions)
        {
            throw SqsErrors.TooManyActions(actions.Count);
        }

        foreach (var action in actions)
        {
            if (!QueuePolicy.Grantable.Contains(action))
            {
                throw QueuePolicy.OwnerOnly.Contains(action) ? SqsErrors.OwnerOnlyAction(action) : SqsErrors.UnknownAction(action);
            }
        }

        queue.UpdateSettings(
            current => current with { Policy = QueuePolicy.AddStatement(current.Policy, queue.Arn, label, accountIds, actions) },
            time.GetUtcNow().ToUnixTimeSeconds());
        return EmptyResult.Instance;
    }

    public EmptyResult RemovePermission(RemovePermissionRequest request, AwsRequestContext context)
    {
        var queue = RequireQueue(request.QueueUrl, context);
        var label = Require(request.Label, "Label");
        queue.UpdateSettings(
            current => current with { Policy = QueuePolicy.RemoveStatement(current.Policy, label) },
            time.GetUtcNow().ToUnixTimeSeconds());
        return EmptyResult.Instance;
    }
}
