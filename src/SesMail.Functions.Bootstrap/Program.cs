using SesMail.Functions.Bootstrap;
using SesMail.LambdaRuntime;

// The provided.al2023 bootstrap: pick the function named by _HANDLER (the same handler strings as the dotnet10
// runtime's), build it from the process environment, and pull invocations from AWS_LAMBDA_RUNTIME_API.
var runtimeApi = Environment.GetEnvironmentVariable("AWS_LAMBDA_RUNTIME_API");
if (string.IsNullOrEmpty(runtimeApi))
{
    await Console.Error.WriteLineAsync("AWS_LAMBDA_RUNTIME_API is not set: this bootstrap is started by the Lambda service for one execution environment.");
    return 2;
}

LambdaBootstrap.Handler handler;
try
{
    handler = Handlers.Create(Environment.GetEnvironmentVariable("_HANDLER"));
}
catch (Exception error) when (error is InvalidOperationException or ArgumentException)
{
    await LambdaBootstrap.ReportInitErrorAsync(runtimeApi, error);
    return 1;
}

await LambdaBootstrap.RunAsync(runtimeApi, handler);
return 0;
