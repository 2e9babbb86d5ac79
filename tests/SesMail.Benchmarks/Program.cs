using BenchmarkDotNet.Running;

namespace SesMail.Benchmarks;

/// <summary>
/// Entry point. Run one: <c>dotnet run -c Release --project tests/SesMail.Benchmarks -- --filter '*Routing*'</c>;
/// the Gmail forwarder memory measurement: <c>dotnet run -c Release --project tests/SesMail.Benchmarks -- gmail-memory [sizeInMB]</c>;
/// the SQS long-poll wake-up latency: <c>dotnet run -c Release --project tests/SesMail.Benchmarks -- sqs-long-poll [trials]</c>;
/// the router's Lambda cold start, managed and Native AOT: <c>dotnet run -c Release --project tests/SesMail.Benchmarks -- lambda-cold-start [trials]</c>;
/// the whole pipeline's throughput with tracing off and on: <c>dotnet run -c Release --project tests/SesMail.Benchmarks -- pipeline-tracing [messages] [concurrency]</c>;
/// S3 PutObject latency with persistence on: <c>dotnet run -c Release --project tests/SesMail.Benchmarks -- s3-put [puts] [size] [concurrency]</c>;
/// the emulator's start-up against an empty ASP.NET Core app: <c>dotnet run -c Release --project tests/SesMail.Benchmarks -- startup [runs]</c>;
/// the CPU one HTTP request between two processes costs on each side: <c>dotnet run -c Release --project tests/SesMail.Benchmarks -- request-floor [requests] [rounds]</c>.
/// </summary>
internal static class BenchmarkProgram
{
    public static int Main(string[] args)
    {
        // In-process emulators log each request at Information by default; that is console I/O, not emulator work.
        Environment.SetEnvironmentVariable("Logging__LogLevel__Default", "Warning");
        if (args.Length > 0 && args[0] == "gmail-memory")
        {
            return GmailForwarderMemoryHarness.RunAsync(args).GetAwaiter().GetResult();
        }

        if (args.Length > 0 && args[0] == "lambda-cold-start")
        {
            return LambdaColdStartHarness.RunAsync(args).GetAwaiter().GetResult();
        }

        if (args.Length > 0 && args[0] == "pipeline-tracing")
        {
            return PipelineTracingHarness.RunAsync(args).GetAwaiter().GetResult();
        }

        if (args.Length > 0 && args[0] == "s3-put")
        {
            return S3PutHarness.RunAsync(args).GetAwaiter().GetResult();
        }

        if (args.Length > 0 && args[0] == "startup")
        {
            return StartupHarness.RunAsync(args).GetAwaiter().GetResult();
        }

        if (args.Length > 0 && args[0] == "request-floor")
        {
            return RequestFloorHarness.RunAsync(args).GetAwaiter().GetResult();
        }

        if (args.Length > 0 && args[0] == "sqs-long-poll")
        {
            return SqsLongPollHarness.RunAsync(args).GetAwaiter().GetResult();
        }

        BenchmarkSwitcher.FromAssembly(typeof(BenchmarkProgram).Assembly).Run(args);
        return 0;
    }
}
