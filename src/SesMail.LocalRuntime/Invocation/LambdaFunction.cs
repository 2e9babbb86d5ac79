using System.Diagnostics;
using System.Globalization;
using System.Reflection;
using SesMail.Functions;

namespace SesMail.LocalRuntime.Invocation;

/// <summary>
/// One function of the template, resolved: its handler found by reflection, one instance built with its own
/// <see cref="FunctionSettings"/> (the template's environment variables plus what Lambda adds), and its timeout.
/// Invocations log <c>START</c>, <c>END</c> and <c>REPORT</c> lines as Lambda does.
/// </summary>
internal sealed class LambdaFunction
{
    private readonly object _instance;
    private readonly MethodInfo _method;
    private readonly ILogger _logger;

    private LambdaFunction(string name, string arn, HandlerString handler, object instance, MethodInfo method, TimeSpan timeout, int memorySize, FunctionSettings settings, ILogger logger)
    {
        Name = name;
        Arn = arn;
        Handler = handler;
        _instance = instance;
        _method = method;
        Timeout = timeout;
        MemorySize = memorySize;
        Settings = settings;
        _logger = logger;
    }

    public string Name { get; }

    public string Arn { get; }

    public HandlerString Handler { get; }

    public TimeSpan Timeout { get; }

    public int MemorySize { get; }

    public FunctionSettings Settings { get; }

    /// <summary>Finds the handler method for a handler string without building an instance.</summary>
    /// <param name="handler">The parsed handler string.</param>
    /// <param name="strict">
    /// <c>true</c> to reject an overloaded method name as AWS Lambda does
    /// (https://docs.aws.amazon.com/lambda/latest/dg/csharp-handler.html); <c>false</c> to pick the one overload
    /// taking a single <see cref="Stream"/> and report the overloading in <c>Warning</c>.
    /// </param>
    /// <exception cref="InvalidOperationException">The handler does not resolve; the message says which part and why.</exception>
    public static (Type Type, MethodInfo Method, string? Warning) Resolve(HandlerString handler, bool strict = true)
    {
        Assembly assembly;
        try
        {
            assembly = Assembly.Load(new AssemblyName(handler.AssemblyName));
        }
        catch (Exception ex) when (ex is FileNotFoundException or FileLoadException or BadImageFormatException)
        {
            throw new InvalidOperationException(Format(HandlerErrors.AssemblyNotFound, handler, handler.AssemblyName, ex.Message), ex);
        }

        var type = assembly.GetType(handler.TypeName, throwOnError: false)
            ?? throw new InvalidOperationException(Format(HandlerErrors.TypeNotFound, handler, handler.TypeName, handler.AssemblyName));
        if (!type.IsPublic || !type.IsClass || type.IsAbstract)
        {
            throw new InvalidOperationException(Format(HandlerErrors.TypeNotPublic, handler, handler.TypeName));
        }

        var methods = type.GetMethods(BindingFlags.Public | BindingFlags.Instance).Where(m => m.Name == handler.MethodName).ToList();
        if (methods.Count == 0)
        {
            throw new InvalidOperationException(Format(HandlerErrors.MethodNotFound, handler, handler.TypeName, handler.MethodName));
        }

        string? warning = null;
        if (methods.Count > 1)
        {
            var message = Format(HandlerErrors.MethodAmbiguous, handler, handler.TypeName, methods.Count, handler.MethodName);
            var streamOnly = methods.Where(HasHandlerShape).ToList();
            if (strict || streamOnly.Count != 1)
            {
                throw new InvalidOperationException(message);
            }

            warning = message + " The local runtime uses the overload taking one Stream.";
            methods = streamOnly;
        }

        var method = methods[0];
        if (!HasHandlerShape(method))
        {
            throw new InvalidOperationException(Format(HandlerErrors.BadSignature, handler, handler.TypeName, handler.MethodName));
        }

        if (type.GetConstructor([typeof(FunctionSettings)]) is null)
        {
            throw new InvalidOperationException(Format(HandlerErrors.NoSettingsConstructor, handler, handler.TypeName));
        }

        return (type, method, warning);
    }

    private static bool HasHandlerShape(MethodInfo method)
    {
        var parameters = method.GetParameters();
        return parameters.Length == 1
            && parameters[0].ParameterType == typeof(Stream)
            && (method.ReturnType == typeof(Stream) || method.ReturnType == typeof(Task<Stream>) || method.ReturnType == typeof(ValueTask<Stream>)
                || method.ReturnType == typeof(Task) || method.ReturnType == typeof(void));
    }

    /// <summary>Resolves the handler and builds the function instance with its settings.</summary>
    /// <exception cref="InvalidOperationException">The handler does not resolve or the constructor throws; the message names the function.</exception>
    public static LambdaFunction Create(string name, string arn, string handlerText, TimeSpan timeout, int memorySize, FunctionSettings settings, ILogger logger)
    {
        try
        {
            var handler = HandlerString.Parse(handlerText);
            var (type, method, warning) = Resolve(handler, strict: false);
            if (warning is not null)
            {
                logger.LogWarning("Function {Function}: {Warning}", name, warning);
            }

            object instance;
            try
            {
                instance = Activator.CreateInstance(type, settings)!;
            }
            catch (TargetInvocationException ex)
            {
                throw new InvalidOperationException($"The constructor of {type.FullName} failed: {ex.InnerException?.Message}", ex.InnerException ?? ex);
            }

            return new LambdaFunction(name, arn, handler, instance, method, timeout, memorySize, settings, logger);
        }
        catch (Exception ex) when (ex is FormatException or InvalidOperationException)
        {
            throw new InvalidOperationException($"Function {name} cannot start: {ex.Message}", ex);
        }
    }

    /// <summary>Runs the handler once with <paramref name="payload"/>; errors and timeouts become results.</summary>
    public async Task<InvocationResult> InvokeAsync(ReadOnlyMemory<byte> payload, CancellationToken cancellationToken)
    {
        var requestId = Guid.NewGuid().ToString();
        _logger.LogDebug("START RequestId: {RequestId} Version: $LATEST", requestId); // per invocation: the function's own log says what happened to the message
        var stopwatch = Stopwatch.StartNew();
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(Timeout);
        InvocationResult result;
        try
        {
            var run = RunAsync(payload, timeout.Token);
            var finished = await Task.WhenAny(run, Task.Delay(Timeout, cancellationToken)).ConfigureAwait(false);
            cancellationToken.ThrowIfCancellationRequested();
            if (finished != run)
            {
                _ = run.ContinueWith(t => _ = t.Exception, TaskScheduler.Default); // observe a late failure
                result = new InvocationResult(requestId, null, "Sandbox.Timedout", $"Task timed out after {Timeout.TotalSeconds.ToString("F2", CultureInfo.InvariantCulture)} seconds", stopwatch.Elapsed);
            }
            else
            {
                result = new InvocationResult(requestId, await run.ConfigureAwait(false), null, null, stopwatch.Elapsed);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
        catch (Exception ex)
        {
            var error = ex is TargetInvocationException { InnerException: { } inner } ? inner : ex;
            result = new InvocationResult(requestId, null, error.GetType().Name, error.Message, stopwatch.Elapsed);
            _logger.LogError(error, "{RequestId}\tERROR\t{ErrorType}: {ErrorMessage}", requestId, error.GetType().Name, error.Message);
        }

        if (result.ErrorType == "Sandbox.Timedout")
        {
            _logger.LogError("{RequestId} {ErrorMessage}", requestId, result.ErrorMessage);
        }

        var ms = result.Duration.TotalMilliseconds;
        _logger.LogDebug("END RequestId: {RequestId}", requestId);
        _logger.LogDebug(
            "REPORT RequestId: {RequestId}\tDuration: {Duration} ms\tBilled Duration: {BilledDuration} ms\tMemory Size: {MemorySize} MB\tMax Memory Used: {MaxMemoryUsed} MB",
            requestId,
            ms.ToString("F2", CultureInfo.InvariantCulture),
            Math.Max(1, (long)Math.Ceiling(ms)),
            MemorySize,
            Environment.WorkingSet / (1024 * 1024));
        return result;
    }

    private async Task<byte[]> RunAsync(ReadOnlyMemory<byte> payload, CancellationToken cancellationToken)
    {
        await Task.Yield(); // the handler runs off the caller's stack, so a blocking handler still times out
        using var input = new MemoryStream(payload.ToArray(), writable: false);
        object?[] args = [input];
        object? returned;
        try
        {
            returned = _method.Invoke(_instance, args);
        }
        catch (TargetInvocationException ex) when (ex.InnerException is not null)
        {
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(ex.InnerException).Throw();
            throw;
        }

        Stream? output = returned switch
        {
            Task<Stream> t => await t.ConfigureAwait(false),
            ValueTask<Stream> vt => await vt.ConfigureAwait(false),
            Task t => await AwaitNull(t).ConfigureAwait(false),
            Stream s => s,
            _ => null,
        };
        if (output is null)
        {
            return [];
        }

        await using (output.ConfigureAwait(false))
        {
            if (output.CanSeek)
            {
                output.Position = 0;
            }

            using var buffer = new MemoryStream();
            await output.CopyToAsync(buffer, cancellationToken).ConfigureAwait(false);
            return buffer.ToArray();
        }
    }

    private static async Task<Stream?> AwaitNull(Task task)
    {
        await task.ConfigureAwait(false);
        return null;
    }

    private static string Format(string template, params object[] args) => string.Format(CultureInfo.InvariantCulture, template, args);
}
