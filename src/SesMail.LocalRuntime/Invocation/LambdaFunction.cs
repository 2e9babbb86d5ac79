using System.Globalization;
using System.Reflection;
using SesMail.Functions;

namespace SesMail.LocalRuntime.Invocation;

/// <summary>
/// One function run in this process for an attached runtime: its handler found by reflection, one instance built with
/// its own <see cref="FunctionSettings"/> (the environment Lambda gives it, as the emulator's attach endpoint reports
/// it). Timeouts, <c>START</c>/<c>END</c>/<c>REPORT</c> and metrics are the Lambda service's business (the emulator).
/// </summary>
internal sealed class LambdaFunction
{
    private readonly object _instance;
    private readonly MethodInfo _method;

    private LambdaFunction(string name, HandlerString handler, object instance, MethodInfo method, FunctionSettings settings)
    {
        Name = name;
        Handler = handler;
        _instance = instance;
        _method = method;
        Settings = settings;
    }

    public string Name { get; }

    public HandlerString Handler { get; }

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
    public static LambdaFunction Create(string name, string handlerText, FunctionSettings settings, ILogger logger)
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

            return new LambdaFunction(name, handler, instance, method, settings);
        }
        catch (Exception ex) when (ex is FormatException or InvalidOperationException)
        {
            throw new InvalidOperationException($"Function {name} cannot start: {ex.Message}", ex);
        }
    }

    /// <summary>Runs the handler once (the attached runtime's handler delegate); exceptions propagate as the function's error.</summary>
    /// <param name="input">The event.</param>
    /// <returns>The response bytes.</returns>
    public async Task<Stream?> HandleAsync(Stream input)
    {
        using var buffer = new MemoryStream();
        await input.CopyToAsync(buffer).ConfigureAwait(false);
        return new MemoryStream(await RunAsync(buffer.ToArray(), CancellationToken.None).ConfigureAwait(false), writable: false);
    }

    private async Task<byte[]> RunAsync(ReadOnlyMemory<byte> payload, CancellationToken cancellationToken)
    {
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
