using System.Globalization;
using System.Text.Json;
using SesMail.Emulator.Sqs.Shapes;

namespace SesMail.Emulator.Sqs;

/// <summary>
/// The settable attributes of a queue, validated as SQS validates them
/// (https://docs.aws.amazon.com/AWSSimpleQueueService/latest/APIReference/API_SetQueueAttributes.html).
/// </summary>
internal sealed record SqsQueueSettings
{
    /// <summary>Attribute names a caller may set on a standard queue.</summary>
    public static readonly IReadOnlySet<string> Settable = new HashSet<string>(StringComparer.Ordinal)
    {
        "DelaySeconds", "MaximumMessageSize", "MessageRetentionPeriod", "Policy", "ReceiveMessageWaitTimeSeconds",
        "VisibilityTimeout", "RedrivePolicy", "RedriveAllowPolicy", "KmsMasterKeyId", "KmsDataKeyReusePeriodSeconds",
        "SqsManagedSseEnabled",
    };

    /// <summary>FIFO-only attribute names, refused with <see cref="SqsErrors.FifoNotSupported"/>.</summary>
    public static readonly IReadOnlySet<string> FifoOnly = new HashSet<string>(StringComparer.Ordinal)
    {
        "FifoQueue", "ContentBasedDeduplication", "DeduplicationScope", "FifoThroughputLimit",
    };

    public int DelaySeconds { get; init; }

    public int MaximumMessageSize { get; init; } = 1_048_576;

    public int MessageRetentionPeriod { get; init; } = 345_600;

    public int ReceiveMessageWaitTimeSeconds { get; init; }

    public int VisibilityTimeout { get; init; } = 30;

    public string? Policy { get; init; }

    /// <summary>The raw <c>RedrivePolicy</c> JSON as set, or <c>null</c>.</summary>
    public string? RedrivePolicyJson { get; init; }

    public RedrivePolicy? RedrivePolicy { get; init; }

    public string? RedriveAllowPolicy { get; init; }

    public string? KmsMasterKeyId { get; init; }

    public int KmsDataKeyReusePeriodSeconds { get; init; } = 300;

    public bool SqsManagedSseEnabled { get; init; }

    /// <summary>The value of a settable attribute as <c>GetQueueAttributes</c> writes it, or <c>null</c> when unset.</summary>
    public string? Get(string name) => name switch
    {
        "DelaySeconds" => Invariant(DelaySeconds),
        "MaximumMessageSize" => Invariant(MaximumMessageSize),
        "MessageRetentionPeriod" => Invariant(MessageRetentionPeriod),
        "ReceiveMessageWaitTimeSeconds" => Invariant(ReceiveMessageWaitTimeSeconds),
        "VisibilityTimeout" => Invariant(VisibilityTimeout),
        "Policy" => Policy,
        "RedrivePolicy" => RedrivePolicyJson,
        "RedriveAllowPolicy" => RedriveAllowPolicy,
        "KmsMasterKeyId" => KmsMasterKeyId,
        "KmsDataKeyReusePeriodSeconds" => KmsMasterKeyId is null ? null : Invariant(KmsDataKeyReusePeriodSeconds),
        "SqsManagedSseEnabled" => SqsManagedSseEnabled ? "true" : "false",
        _ => null,
    };

    /// <summary>Returns these settings with <paramref name="attributes"/> applied.</summary>
    /// <param name="attributes">Attribute names and values as sent.</param>
    /// <param name="queueExists">Whether a queue ARN names an existing queue (the dead-letter target must exist).</param>
    /// <exception cref="Protocols.AwsServiceException"><c>InvalidAttributeName</c>, <c>InvalidAttributeValue</c>, or FIFO refused.</exception>
    public SqsQueueSettings With(IReadOnlyDictionary<string, string> attributes, Func<string, bool> queueExists)
    {
        var settings = this;
        foreach (var (name, value) in attributes)
        {
            if (FifoOnly.Contains(name))
            {
                if (name == "FifoQueue" && !string.Equals(value, "true", StringComparison.OrdinalIgnoreCase))
                {
                    continue;
                }

                throw SqsErrors.FifoNotSupported();
            }

            settings = name switch
            {
                "DelaySeconds" => settings with { DelaySeconds = Int(name, value, 0, 900) },
                "MaximumMessageSize" => settings with { MaximumMessageSize = Int(name, value, 1024, 1_048_576) },
                "MessageRetentionPeriod" => settings with { MessageRetentionPeriod = Int(name, value, 60, 1_209_600) },
                "ReceiveMessageWaitTimeSeconds" => settings with { ReceiveMessageWaitTimeSeconds = Int(name, value, 0, 20) },
                "VisibilityTimeout" => settings with { VisibilityTimeout = Int(name, value, 0, 43_200) },
                "Policy" => settings with { Policy = value.Length == 0 ? null : Json(name, value) }, // an empty policy removes it
                "RedrivePolicy" when value.Length == 0 => settings with { RedrivePolicy = null, RedrivePolicyJson = null },
                "RedrivePolicy" => settings with { RedrivePolicy = Redrive(value, queueExists), RedrivePolicyJson = Normalise(value) },
                "RedriveAllowPolicy" => settings with { RedriveAllowPolicy = value.Length == 0 ? null : Json(name, value) },
                "KmsMasterKeyId" => settings with { KmsMasterKeyId = value.Length == 0 ? null : value },
                "KmsDataKeyReusePeriodSeconds" => settings with { KmsDataKeyReusePeriodSeconds = Int(name, value, 60, 86_400) },
                "SqsManagedSseEnabled" => settings with { SqsManagedSseEnabled = Bool(name, value) },
                _ => throw SqsErrors.InvalidAttributeName(name),
            };
        }

        return settings;
    }

    private static RedrivePolicy Redrive(string value, Func<string, bool> queueExists)
    {
        RedrivePolicy? policy;
        try
        {
            policy = JsonSerializer.Deserialize(value, SqsJsonContext.Default.RedrivePolicy);
        }
        catch (JsonException error)
        {
            throw SqsErrors.InvalidAttributeValue("RedrivePolicy", $"Redrive policy is not a valid JSON object: {error.Message}");
        }

        if (policy?.DeadLetterTargetArn is not { Length: > 0 } arn)
        {
            throw SqsErrors.InvalidAttributeValue("RedrivePolicy", "Redrive policy does not contain mandatory attribute: deadLetterTargetArn.");
        }

        if (policy.MaxReceiveCount is < 1 or > 1000)
        {
            throw SqsErrors.InvalidAttributeValue("RedrivePolicy", "Value for maxReceiveCount must be an integer from 1 to 1000.");
        }

        if (!queueExists(arn))
        {
            throw SqsErrors.InvalidParameterValue($"Value {value} for parameter RedrivePolicy is invalid. Reason: Dead-letter target does not exist.");
        }

        return policy;
    }

    /// <summary>AWS returns the policy re-serialised: <c>{"deadLetterTargetArn":"…","maxReceiveCount":3}</c>.</summary>
    private static string Normalise(string value)
    {
        var policy = JsonSerializer.Deserialize(value, SqsJsonContext.Default.RedrivePolicy)!;
        return JsonSerializer.Serialize(policy, SqsJsonContext.Default.RedrivePolicy);
    }

    private static string Json(string name, string value)
    {
        try
        {
            using var _ = JsonDocument.Parse(value);
            return value;
        }
        catch (JsonException)
        {
            throw SqsErrors.InvalidAttributeValue(name, "The value is not valid JSON.");
        }
    }

    private static int Int(string name, string value, int min, int max) =>
        int.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var number) && number >= min && number <= max
            ? number
            : throw SqsErrors.InvalidAttributeValue(name, $"must be an integer from {min} to {max}.");

    private static bool Bool(string name, string value) =>
        bool.TryParse(value, out var flag) ? flag : throw SqsErrors.InvalidAttributeValue(name, "must be true or false.");

    private static string Invariant(int value) => value.ToString(CultureInfo.InvariantCulture);
}
