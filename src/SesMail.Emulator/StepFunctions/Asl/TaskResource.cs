namespace SesMail.Emulator.StepFunctions.Asl;

/// <summary>
/// A Task state's <c>Resource</c>, classified: the optimized Lambda integration
/// (<c>arn:aws:states:::lambda:invoke</c>), a bare function ARN (<c>arn:aws:lambda:…:function:name</c>), or an AWS SDK
/// integration (<c>arn:aws:states:::aws-sdk:{service}:{action}</c>) of a service this emulator serves
/// (https://docs.aws.amazon.com/step-functions/latest/dg/integrate-services.html).
/// </summary>
/// <param name="Kind">What the resource is.</param>
/// <param name="ResourceType">As history events name it: <c>lambda</c>, <c>aws-sdk:sqs</c>.</param>
/// <param name="ResourceName">As history events name it: <c>invoke</c>, <c>receiveMessage</c>, or the function ARN.</param>
/// <param name="Service">For SDK integrations: the service as written (<c>sqs</c>, <c>cloudwatch</c>).</param>
/// <param name="Error">Why the resource is not supported, or <c>null</c>.</param>
public sealed record TaskResource(TaskResourceKind Kind, string ResourceType, string ResourceName, string? Service, string? Error)
{
    /// <summary>
    /// The SDK integration services this emulator runs, by the name used in the resource ARN: the emulator signing
    /// name they are dispatched to, and the service name prefixed to their errors (the AWS SDK for Java v2 client
    /// name, as Step Functions spells it: <c>Sqs.QueueDoesNotExistException</c>).
    /// </summary>
    public static readonly IReadOnlyDictionary<string, (string SigningName, string ErrorPrefix)> SdkServices =
        new Dictionary<string, (string, string)>(StringComparer.Ordinal)
        {
            ["sqs"] = ("sqs", "Sqs"),
            ["sns"] = ("sns", "Sns"),
            ["ssm"] = ("ssm", "Ssm"),
            ["dynamodb"] = ("dynamodb", "DynamoDb"),
            ["kms"] = ("kms", "Kms"),
            ["eventbridge"] = ("events", "EventBridge"),
            ["cloudwatch"] = ("monitoring", "CloudWatch"),
            ["cloudwatchlogs"] = ("logs", "CloudWatchLogs"),
            ["sfn"] = ("states", "Sfn"),
            ["sts"] = ("sts", "Sts"),
            ["lambda"] = ("lambda", "Lambda"),
        };

    /// <summary>Classifies a resource ARN.</summary>
    /// <param name="resource">The <c>Resource</c> field.</param>
    /// <returns>The classification; <see cref="Error"/> is set when it cannot run here.</returns>
    public static TaskResource Parse(string resource)
    {
        const string states = "arn:aws:states:::";
        if (resource.StartsWith(states, StringComparison.Ordinal))
        {
            var rest = resource[states.Length..];
            if (rest.EndsWith(".waitForTaskToken", StringComparison.Ordinal) || rest.EndsWith(".sync", StringComparison.Ordinal) || rest.Contains(".sync:", StringComparison.Ordinal))
            {
                return Unsupported(resource, $"The integration pattern of '{resource}' (callbacks with .waitForTaskToken, jobs with .sync) is not emulated; use the request-response form");
            }

            if (rest == "lambda:invoke")
            {
                return new(TaskResourceKind.LambdaInvoke, "lambda", "invoke", null, null);
            }

            if (rest.StartsWith("aws-sdk:", StringComparison.Ordinal))
            {
                var parts = rest.Split(':');
                if (parts.Length != 3 || parts[1].Length == 0 || parts[2].Length == 0 || !char.IsLower(parts[2][0]))
                {
                    return Unsupported(resource, $"'{resource}' is not of the form arn:aws:states:::aws-sdk:serviceName:apiAction");
                }

                return SdkServices.ContainsKey(parts[1])
                    ? new(TaskResourceKind.AwsSdk, $"aws-sdk:{parts[1]}", parts[2], parts[1], null)
                    : Unsupported(resource, $"The AWS SDK integration service '{parts[1]}' is not emulated (emulated: {string.Join(", ", SdkServices.Keys)})");
            }

            return Unsupported(resource, $"The optimized integration '{resource}' is not emulated; use arn:aws:states:::lambda:invoke or arn:aws:states:::aws-sdk:service:action");
        }

        if (resource.StartsWith("arn:aws:lambda:", StringComparison.Ordinal) && resource.Contains(":function:", StringComparison.Ordinal))
        {
            return new(TaskResourceKind.LambdaFunction, "lambda", resource, null, null);
        }

        if (resource.StartsWith("arn:aws:states:", StringComparison.Ordinal) && resource.Contains(":activity:", StringComparison.Ordinal))
        {
            return Unsupported(resource, "Activities are not emulated");
        }

        return Unsupported(resource, $"'{resource}' is not a Task resource this emulator runs");
    }

    private static TaskResource Unsupported(string resource, string error) => new(TaskResourceKind.Unsupported, "unknown", resource, null, error);
}

/// <summary>The kinds of Task resource.</summary>
public enum TaskResourceKind
{
    /// <summary><c>arn:aws:states:::lambda:invoke</c>: result is the Invoke response (<c>Payload</c>, <c>StatusCode</c> …).</summary>
    LambdaInvoke,

    /// <summary>A function ARN: the result is the function's response itself.</summary>
    LambdaFunction,

    /// <summary><c>arn:aws:states:::aws-sdk:{service}:{action}</c>.</summary>
    AwsSdk,

    /// <summary>Not runnable here.</summary>
    Unsupported,
}
