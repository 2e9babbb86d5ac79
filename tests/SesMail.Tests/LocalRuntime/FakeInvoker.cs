using System.Collections.Concurrent;
using System.Text;
using SesMail.LocalRuntime.Invocation;

namespace SesMail.Tests.LocalRuntime;

/// <summary>An invoker that records payloads and answers through a delegate.</summary>
internal sealed class FakeInvoker(Func<string, InvocationResult> answer) : ILambdaInvoker
{
    public ConcurrentQueue<string> Payloads { get; } = new();

    public Task<InvocationResult> InvokeAsync(string functionNameOrArn, ReadOnlyMemory<byte> payload, CancellationToken cancellationToken)
    {
        var text = Encoding.UTF8.GetString(payload.Span);
        Payloads.Enqueue(text);
        return Task.FromResult(answer(text));
    }

    public static InvocationResult Ok(string json) => new(Guid.NewGuid().ToString(), Encoding.UTF8.GetBytes(json), null, null, TimeSpan.FromMilliseconds(1));

    public static InvocationResult Error(string message) => new(Guid.NewGuid().ToString(), null, "InvalidOperationException", message, TimeSpan.FromMilliseconds(1));
}
