using System.Text.Json.Serialization;

namespace SesMail.Emulator.Sqs;

/// <summary>
/// The <c>RedrivePolicy</c> queue attribute, a JSON string: <c>{"deadLetterTargetArn":"arn:…","maxReceiveCount":3}</c>
/// (https://docs.aws.amazon.com/AWSSimpleQueueService/latest/APIReference/API_SetQueueAttributes.html).
/// </summary>
/// <remarks><c>maxReceiveCount</c> is accepted as a number or a numeric string, as AWS does.</remarks>
internal sealed record RedrivePolicy(
    [property: JsonPropertyName("deadLetterTargetArn")] string? DeadLetterTargetArn,
    [property: JsonPropertyName("maxReceiveCount")] int MaxReceiveCount);
