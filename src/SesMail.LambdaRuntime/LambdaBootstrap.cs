namespace SesMail.LambdaRuntime;

/// <summary>
/// The loop every Lambda runtime runs (https://docs.aws.amazon.com/lambda/latest/dg/runtimes-custom.html): take the
/// next invocation, start its span (<see cref="LambdaTelemetry"/>), set <c>_X_AMZN_TRACE_ID</c> to the trace with that
/// span as the parent, run the handler, post its response or its error, repeat. It ends when the Runtime API goes away
/// (the environment is being shut down) or the token is cancelled.
/// </summary>
public static class LambdaBootstrap
{
    /// <summary>A handler: the event in, the response out (as the functions' <c>Task&lt;Stream&gt; HandleAsync(Stream)</c>).</summary>
    /// <param name="input">The event.</param>
    /// <returns>The response (may be empty).</returns>
    public delegate Task<Stream?> Handler(Stream input);

    /// <summary>Runs the loop until the Runtime API is gone.</summary>
    /// <param name="runtimeApi">The <c>host:port</c> (<c>AWS_LAMBDA_RUNTIME_API</c>).</param>
    /// <param name="handler">The function.</param>
    /// <param name="setTraceId">Publishes each invocation's trace header; the process environment's <c>_X_AMZN_TRACE_ID</c> when <c>null</c>.</param>
    /// <param name="cancellationToken">Stops the loop.</param>
    /// <param name="collectOutput">
    /// Whether each invocation's standard output and error are posted with its response or error
    /// (<see cref="InvocationOutput"/>, <see cref="RuntimeApiClient.LogLengthHeader"/>): for a runtime attached to the
    /// emulator, whose output is not the function's log stream. A runtime the Lambda service started leaves it off.
    /// </param>
    /// <returns>A task that ends with the loop.</returns>
    public static async Task RunAsync(string runtimeApi, Handler handler, Action<string?>? setTraceId = null, CancellationToken cancellationToken = default, bool collectOutput = false)
    {
        setTraceId ??= static trace => Environment.SetEnvironmentVariable("_X_AMZN_TRACE_ID", trace);
        using var client = new RuntimeApiClient(runtimeApi);
        var coldStart = true;
        while (!cancellationToken.IsCancellationRequested)
        {
            NextInvocation invocation;
            try
            {
                invocation = await client.NextAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (HttpRequestException)
            {
                return; // the environment is gone
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return;
            }

            var collector = collectOutput ? InvocationOutput.Begin() : null;
            byte[] response;
            Exception? failure = null;
            var activity = LambdaTelemetry.StartInvocation(invocation, coldStart);
            coldStart = false;
            try
            {
                setTraceId(LambdaTelemetry.HeaderFor(activity, invocation.TraceId));
                using var input = new MemoryStream(invocation.Payload, writable: false);
                var output = await handler(input).ConfigureAwait(false);
                response = await ReadAllAsync(output, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception error) when (error is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
            {
                LambdaTelemetry.Fail(activity, error);
                failure = error;
                response = [];
            }
            finally
            {
                activity?.Dispose();
            }

            if (failure is not null)
            {
                await InvocationOutput.Error.WriteLineAsync($"{invocation.RequestId}\tERROR\t{failure.GetType().Name}: {failure.Message}").ConfigureAwait(false);
                var failureLog = Collected(collector);
                if (!await TryAsync(() => client.FailAsync(invocation.RequestId, failure, failureLog, cancellationToken)).ConfigureAwait(false))
                {
                    return;
                }

                continue;
            }

            var log = Collected(collector);
            if (!await TryAsync(() => client.RespondAsync(invocation.RequestId, response, log, cancellationToken)).ConfigureAwait(false))
            {
                return;
            }
        }
    }

    /// <summary>Reports an initialization failure to the Runtime API (the runtime then exits).</summary>
    /// <param name="runtimeApi">The <c>host:port</c>.</param>
    /// <param name="error">What failed.</param>
    /// <returns>A task that completes when posted (or the Runtime API was unreachable).</returns>
    public static async Task ReportInitErrorAsync(string runtimeApi, Exception error)
    {
        await Console.Error.WriteLineAsync($"INIT\tERROR\t{error.GetType().Name}: {error.Message}").ConfigureAwait(false);
        using var client = new RuntimeApiClient(runtimeApi);
        await TryAsync(() => client.InitErrorAsync(error, CancellationToken.None)).ConfigureAwait(false);
    }

    /// <summary>Ends an invocation's collecting: its output, or nothing when not collecting.</summary>
    private static byte[] Collected(InvocationOutput.Collector? output)
    {
        if (output is null)
        {
            return [];
        }

        InvocationOutput.End();
        return output.Close();
    }

    private static async Task<byte[]> ReadAllAsync(Stream? output, CancellationToken cancellationToken)
    {
        if (output is null)
        {
            return [];
        }

        await using (output.ConfigureAwait(false))
        {
            if (output is MemoryStream memory)
            {
                return memory.ToArray();
            }

            if (output.CanSeek)
            {
                output.Position = 0;
            }

            using var buffer = new MemoryStream();
            await output.CopyToAsync(buffer, cancellationToken).ConfigureAwait(false);
            return buffer.ToArray();
        }
    }

    private static async Task<bool> TryAsync(Func<Task> post)
    {
        try
        {
            await post().ConfigureAwait(false);
            return true;
        }
        catch (HttpRequestException error) when (error.StatusCode is not null)
        {
            await Console.Error.WriteLineAsync($"The Runtime API refused a post: {error.Message}").ConfigureAwait(false);
            return true; // e.g. a late answer to an invocation that already timed out
        }
        catch (HttpRequestException)
        {
            return false;
        }
    }
}
