using System.Text.Json;
using SesMail.Aws.Events;
using SesMail.Emulator.Lambda;
using SesMail.Emulator.Protocols;

namespace SesMail.Emulator.Sns;

/// <summary>
/// Delivers a notification to a <c>lambda</c> subscription as SNS does: an asynchronous (<c>Event</c>) invocation of the
/// subscribed function with one <see cref="SnsEvent"/> record, through the one door to a function,
/// <see cref="ILambdaInvoker"/> (https://docs.aws.amazon.com/sns/latest/dg/sns-lambda-as-subscriber.html).
/// </summary>
/// <remarks>
/// The invoker is resolved on first use: the Lambda service reaches CloudWatch, whose alarms publish to SNS, so taking it
/// in the constructor would make a cycle. Not emulated: the function's resource policy is not consulted (SNS is allowed
/// to invoke any function of the account), and a refused invocation is logged, not retried.
/// </remarks>
internal sealed class SnsLambdaDelivery(IServiceProvider services)
{
    /// <summary>Invokes <paramref name="functionArn"/> asynchronously with the notification.</summary>
    /// <param name="functionArn">The subscription's endpoint.</param>
    /// <param name="subscriptionArn">The subscription.</param>
    /// <param name="notification">The notification's members.</param>
    /// <param name="traceHeader">The X-Ray trace header of the publish (its span as <c>Parent</c>), so the invocation joins the publisher's trace; <c>null</c> for none.</param>
    /// <param name="cancellationToken">Stops the hand-over.</param>
    /// <returns>A task that completes once Lambda accepted the event.</returns>
    /// <exception cref="Protocols.AwsServiceException">The function does not exist or cannot run.</exception>
    public async Task DeliverAsync(string functionArn, string subscriptionArn, SnsEvent.SnsMessage notification, string? traceHeader, CancellationToken cancellationToken)
    {
        var payload = JsonBody.Bytes(
            new SnsEvent([new SnsEvent.SnsRecord("aws:sns", "1.0", subscriptionArn, notification)]),
            EventSourcesJsonContext.Default.SnsEvent);
        var invoker = services.GetRequiredService<ILambdaInvoker>();
        await invoker.InvokeAsync(new LambdaInvocationRequest(functionArn, payload, LambdaInvocationType.Event, traceHeader), cancellationToken).ConfigureAwait(false);
    }
}
