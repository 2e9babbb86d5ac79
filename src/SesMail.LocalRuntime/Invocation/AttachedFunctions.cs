using System.Net.Http.Json;
using System.Text.Json.Serialization;
using SesMail.Functions;
using SesMail.Infrastructure.Provisioning;
using SesMail.Infrastructure.Template;
using SesMail.LambdaRuntime;

namespace SesMail.LocalRuntime.Invocation;

/// <summary>
/// Runs the stack's functions in this process as an attached runtime of the emulator's Lambda service: for each
/// <c>AWS::Lambda::Function</c> it asks the emulator for the function's Runtime API and environment
/// (<c>POST /_sesmail/lambda/runtimes/{region}/{function}</c>), builds the handler by reflection with that environment,
/// and pulls invocations with our Runtime API loop, several at once. The emulator stays the one door: it queues the
/// invocations, enforces timeouts and writes START/END/REPORT. A lost emulator is attached to again after a pause.
/// What an invocation writes to standard output and error (the functions' JSON log lines and EMF metric documents)
/// is posted with its response and lands in the function's log stream, as in Lambda (<see cref="InvocationOutput"/>);
/// it still reaches this process's console too.
/// </summary>
internal sealed partial class AttachedFunctions(Uri endpoint, ILoggerFactory loggerFactory)
{
    private readonly ILogger _logger = loggerFactory.CreateLogger<AttachedFunctions>();

    /// <summary>How many invocations of one function run at once.</summary>
    public int Pollers { get; init; } = 4;

    /// <summary>Attaches to every function of the stack and runs them until cancelled.</summary>
    /// <param name="template">The template.</param>
    /// <param name="stack">The provisioned stack.</param>
    /// <param name="attached">Completes once every function is attached (readiness).</param>
    /// <param name="cancellationToken">Stops the runtime.</param>
    /// <returns>A task that ends when stopped.</returns>
    public Task RunAsync(TemplateDocument template, ResolvedStack stack, TaskCompletionSource? attached, CancellationToken cancellationToken)
    {
        var evaluator = stack.Evaluator(template);
        var functions = template.OfType("AWS::Lambda::Function").Where(evaluator.Exists)
            .Select(r => (Name: stack.Resource(r.LogicalId).PhysicalId, Handler: evaluator.Properties(r)["Handler"]?.GetValue<string>() ?? string.Empty))
            .ToList();
        var remaining = functions.Count;
        if (remaining == 0)
        {
            attached?.TrySetResult();
        }

        return Task.WhenAll(functions.Select(f => RunFunctionAsync(f.Name, f.Handler, stack.Region, () =>
        {
            if (Interlocked.Decrement(ref remaining) == 0)
            {
                attached?.TrySetResult();
            }
        }, cancellationToken)));
    }

    private async Task RunFunctionAsync(string name, string handler, string region, Action onAttached, CancellationToken cancellationToken)
    {
        var logger = loggerFactory.CreateLogger($"Lambda.{name}");
        var first = true;
        var delay = TimeSpan.FromSeconds(1);
        using var http = new HttpClient { BaseAddress = endpoint };
        while (!cancellationToken.IsCancellationRequested)
        {
            try
            {
                using var response = await http.PostAsync(new Uri($"/_sesmail/lambda/runtimes/{region}/{Uri.EscapeDataString(name)}", UriKind.Relative), null, cancellationToken).ConfigureAwait(false);
                if (!response.IsSuccessStatusCode)
                {
                    throw new HttpRequestException($"the emulator refused to attach a runtime to {name}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false)}");
                }

                var attachment = await response.Content.ReadFromJsonAsync(AttachmentJsonContext.Default.Attachment, cancellationToken).ConfigureAwait(false)
                    ?? throw new HttpRequestException("the emulator answered the attach request without a body");
                var function = LambdaFunction.Create(name, handler, new FunctionSettings(attachment.Environment), logger);
                LogAttached(_logger, name, attachment.RuntimeApi, Pollers);
                if (first)
                {
                    first = false;
                    onAttached();
                }

                delay = TimeSpan.FromSeconds(1);
                await Task.WhenAll(Enumerable.Range(0, Pollers).Select(_ =>
                    LambdaBootstrap.RunAsync(attachment.RuntimeApi, function.HandleAsync, KeepTraceInSpan, cancellationToken, collectOutput: true))).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return;
            }
            catch (HttpRequestException error)
            {
                LogAttachFailed(_logger, name, error.Message, delay.TotalSeconds);
            }

            try
            {
                await Task.Delay(delay, cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }

            delay = TimeSpan.FromSeconds(Math.Min(10, delay.TotalSeconds * 2));
        }
    }

    /// <summary>
    /// Several invocations run at once in this process, so the trace is not published in the process environment
    /// (<c>_X_AMZN_TRACE_ID</c>): each invocation's span (<c>Activity.Current</c>, set by the loop) carries it, and
    /// the functions read it from there.
    /// </summary>
    private static void KeepTraceInSpan(string? header)
    {
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Function {Function} runs in this process: attached to its Runtime API {RuntimeApi} with {Pollers} poller(s)")]
    private static partial void LogAttached(ILogger logger, string function, string runtimeApi, int pollers);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Function {Function}: {Reason}; attaching again in {Seconds} s")]
    private static partial void LogAttachFailed(ILogger logger, string function, string reason, double seconds);
}

/// <summary>The emulator's answer to an attach request.</summary>
/// <param name="RuntimeApi">The Runtime API to poll.</param>
/// <param name="Environment">The function's environment.</param>
internal sealed record Attachment(
    [property: JsonPropertyName("RuntimeApi")] string RuntimeApi,
    [property: JsonPropertyName("Environment")] Dictionary<string, string> Environment);

[JsonSerializable(typeof(Attachment))]
internal sealed partial class AttachmentJsonContext : JsonSerializerContext;
