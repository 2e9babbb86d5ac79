using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using SesMail.Emulator.Protocols;

namespace SesMail.Emulator.Sqs;

/// <summary>
/// The statements <c>AddPermission</c> writes into, and <c>RemovePermission</c> takes out of, a queue's <c>Policy</c>
/// attribute (https://docs.aws.amazon.com/AWSSimpleQueueService/latest/APIReference/API_AddPermission.html). The
/// policy stays a JSON document in its wire form, because a policy set with <c>SetQueueAttributes</c> may hold
/// anything IAM's policy grammar allows; statements other than the one named are kept as they are.
/// </summary>
/// <remarks>
/// A generated statement reads
/// <c>{"Sid":"{Label}","Effect":"Allow","Principal":{"AWS":"arn:aws:iam::{account}:root"},"Action":"SQS:{action}","Resource":"{queue arn}"}</c>,
/// with <c>Principal.AWS</c> and <c>Action</c> a list when more than one is given; a new document is
/// <c>{"Version":"2012-10-17","Id":"{queue arn}/SQSDefaultPolicy","Statement":[…]}</c>. Removing the last statement
/// removes the attribute.
/// </remarks>
internal static class QueuePolicy
{
    /// <summary>"Actions per statement" in "Amazon SQS policy quotas".</summary>
    public const int MaxActions = 7;

    /// <summary>"Statements" in "Amazon SQS policy quotas".</summary>
    public const int MaxStatements = 20;

    /// <summary>Actions a queue owner may grant to another account (<c>*</c> is all of them).</summary>
    public static readonly IReadOnlySet<string> Grantable = new HashSet<string>(StringComparer.Ordinal)
    {
        "*", "SendMessage", "ReceiveMessage", "DeleteMessage", "ChangeMessageVisibility", "GetQueueAttributes",
        "GetQueueUrl", "ListDeadLetterSourceQueues", "PurgeQueue",
    };

    /// <summary>SQS actions only the queue owner may call; granting one is refused with its own reason.</summary>
    public static readonly IReadOnlySet<string> OwnerOnly = new HashSet<string>(StringComparer.Ordinal)
    {
        "AddPermission", "RemovePermission", "CreateQueue", "DeleteQueue", "SetQueueAttributes", "TagQueue",
        "UntagQueue", "ListQueueTags", "ListQueues", "StartMessageMoveTask", "CancelMessageMoveTask",
        "ListMessageMoveTasks",
    };

    /// <summary>Returns <paramref name="policy"/> with a statement <paramref name="label"/> added.</summary>
    /// <param name="policy">The current <c>Policy</c> attribute, or <c>null</c>.</param>
    /// <param name="queueArn">The queue's ARN: the statement's resource and the new document's id.</param>
    /// <param name="label">The statement id, already validated.</param>
    /// <param name="accountIds">Twelve-digit account ids, already validated.</param>
    /// <param name="actions">Grantable action names without the <c>SQS:</c> prefix, already validated.</param>
    /// <returns>The new policy document, compact JSON.</returns>
    /// <exception cref="Protocols.AwsServiceException"><c>InvalidParameterValue</c> for a label already in the
    /// policy; <c>OverLimit</c> when the policy would hold more than <see cref="MaxStatements"/> statements.</exception>
    public static string AddStatement(string? policy, string queueArn, string label, IReadOnlyList<string> accountIds, IReadOnlyList<string> actions)
    {
        var document = Parse(policy) ?? new JsonObject
        {
            ["Version"] = "2012-10-17",
            ["Id"] = $"{queueArn}/SQSDefaultPolicy",
        };
        var statements = Statements(document);
        if (statements.Any(s => Sid(s) == label))
        {
            throw SqsErrors.LabelExists(label);
        }

        if (statements.Count + 1 > MaxStatements)
        {
            throw SqsErrors.TooManyStatements(statements.Count + 1);
        }

        statements.Add(new JsonObject
        {
            ["Sid"] = label,
            ["Effect"] = "Allow",
            ["Principal"] = new JsonObject { ["AWS"] = OneOrMany(accountIds.Select(a => $"arn:aws:iam::{a}:root")) },
            ["Action"] = OneOrMany(actions.Select(a => $"SQS:{a}")),
            ["Resource"] = queueArn,
        });
        return Write(document);
    }

    /// <summary>Returns <paramref name="policy"/> without the statement <paramref name="label"/>.</summary>
    /// <param name="policy">The current <c>Policy</c> attribute, or <c>null</c>.</param>
    /// <param name="label">The statement id.</param>
    /// <returns>The new policy document, or <c>null</c> when no statement is left.</returns>
    /// <exception cref="Protocols.AwsServiceException"><c>InvalidParameterValue</c> when no statement has that id.</exception>
    public static string? RemoveStatement(string? policy, string label)
    {
        var document = Parse(policy) ?? throw SqsErrors.LabelNotFound(label);
        var statements = Statements(document);
        var index = statements.ToList().FindIndex(s => Sid(s) == label);
        if (index < 0)
        {
            throw SqsErrors.LabelNotFound(label);
        }

        statements.RemoveAt(index);
        return statements.Count == 0 ? null : Write(document);
    }

    /// <summary>The policy as an object; <c>SetQueueAttributes</c> accepts only valid JSON, so anything else is not a policy AddPermission can extend.</summary>
    private static JsonObject? Parse(string? policy)
    {
        if (policy is null)
        {
            return null;
        }

        return JsonNode.Parse(policy) as JsonObject
            ?? throw SqsErrors.InvalidParameterValue("Value for parameter Policy is invalid. Reason: The policy is not a JSON object.");
    }

    /// <summary>The <c>Statement</c> list, made a list when the document holds a single statement object or none.</summary>
    private static JsonArray Statements(JsonObject document)
    {
        switch (document["Statement"])
        {
            case JsonArray list:
                return list;
            case JsonObject single:
                document.Remove("Statement");
                var wrapped = new JsonArray(single);
                document["Statement"] = wrapped;
                return wrapped;
            default:
                var empty = new JsonArray();
                document["Statement"] = empty;
                return empty;
        }
    }

    private static string? Sid(JsonNode? statement) =>
        statement is JsonObject o && o["Sid"] is JsonValue v && v.TryGetValue<string>(out var sid) ? sid : null;

    private static JsonNode OneOrMany(IEnumerable<string> values)
    {
        var list = values.ToList();
        return list.Count == 1 ? JsonValue.Create(list[0]) : new JsonArray([.. list.Select(v => (JsonNode?)JsonValue.Create(v))]);
    }

    private static string Write(JsonObject document)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer, JsonBody.Options))
        {
            document.WriteTo(writer);
        }

        return Encoding.UTF8.GetString(buffer.ToArray());
    }
}
