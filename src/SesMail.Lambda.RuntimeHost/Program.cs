using SesMail.Lambda.RuntimeHost;
using SesMail.LambdaRuntime;

// The dotnet10 runtime host: resolve _HANDLER from LAMBDA_TASK_ROOT, then pull invocations from AWS_LAMBDA_RUNTIME_API.
var runtimeApi = Environment.GetEnvironmentVariable("AWS_LAMBDA_RUNTIME_API");
if (string.IsNullOrEmpty(runtimeApi))
{
    await Console.Error.WriteLineAsync("AWS_LAMBDA_RUNTIME_API is not set: this program is started by the Lambda service for one execution environment.");
    return 2;
}

LambdaBootstrap.Handler handler;
try
{
    handler = HandlerLoader.Load(
        Environment.GetEnvironmentVariable("_HANDLER"),
        Environment.GetEnvironmentVariable("LAMBDA_TASK_ROOT") ?? Environment.CurrentDirectory);
}
catch (Exception error) when (error is HandlerException or System.Reflection.TargetInvocationException or FileNotFoundException or FileLoadException or BadImageFormatException)
{
    await LambdaBootstrap.ReportInitErrorAsync(runtimeApi, error is System.Reflection.TargetInvocationException { InnerException: { } inner } ? inner : error);
    return 1;
}

using var tracing = FunctionTracing.StartFromEnvironment();
await LambdaBootstrap.RunAsync(runtimeApi, handler);
return 0;
