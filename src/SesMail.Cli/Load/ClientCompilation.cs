using System.Runtime;
using System.Text.Json.Serialization;

namespace SesMail.Cli.Load;

/// <summary>
/// How much this process's JIT compiler did (<see cref="JitInfo"/>): methods compiled and the time spent compiling,
/// in milliseconds, summed over all threads. <c>sesmail load --compare-sink</c> reports it for each measured run,
/// because the client's compiler runs on the same cores as what it measures.
/// </summary>
/// <param name="Methods">Methods compiled (each tier of a method counts).</param>
/// <param name="Milliseconds">Time spent compiling, summed over threads.</param>
internal sealed record ClientCompilation(
    [property: JsonPropertyName("methods")] long Methods,
    [property: JsonPropertyName("milliseconds")] double Milliseconds)
{
    /// <summary>How long the compiler must have compiled nothing to count as idle.</summary>
    internal static readonly TimeSpan Quiet = TimeSpan.FromMilliseconds(500);

    /// <summary>The longest <see cref="WaitUntilIdleAsync"/> waits.</summary>
    internal static readonly TimeSpan MaxWait = TimeSpan.FromSeconds(5);

    /// <summary>The totals since the process started.</summary>
    public static ClientCompilation Now() =>
        new(JitInfo.GetCompiledMethodCount(currentThread: false), JitInfo.GetCompilationTime(currentThread: false).TotalMilliseconds);

    /// <summary>What was compiled between <paramref name="before"/> and <paramref name="after"/>.</summary>
    public static ClientCompilation operator -(ClientCompilation after, ClientCompilation before) =>
        new(after.Methods - before.Methods, Math.Round(after.Milliseconds - before.Milliseconds, 1));

    /// <summary>
    /// Waits until no method has been compiled for <see cref="Quiet"/> (the tiered compiler recompiles hot methods in
    /// the background a little after they got hot), or <see cref="MaxWait"/> has passed.
    /// </summary>
    public static async Task WaitUntilIdleAsync(CancellationToken cancellationToken)
    {
        var deadline = DateTime.UtcNow + MaxWait;
        var seen = Now().Methods;
        while (DateTime.UtcNow < deadline)
        {
            await Task.Delay(Quiet, cancellationToken).ConfigureAwait(false);
            var now = Now().Methods;
            if (now == seen)
            {
                return;
            }

            seen = now;
        }
    }
}
