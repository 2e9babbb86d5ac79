using BenchmarkDotNet.Running;

namespace SesMail.Benchmarks;

/// <summary>
/// Entry point. Run one: <c>dotnet run -c Release --project tests/SesMail.Benchmarks -- --filter '*Routing*'</c>;
/// the Gmail forwarder memory measurement: <c>dotnet run -c Release --project tests/SesMail.Benchmarks -- gmail-memory [sizeInMB]</c>.
/// </summary>
internal static class BenchmarkProgram
{
    public static int Main(string[] args)
    {
        if (args.Length > 0 && args[0] == "gmail-memory")
        {
            return GmailForwarderMemoryHarness.RunAsync(args).GetAwaiter().GetResult();
        }

        BenchmarkSwitcher.FromAssembly(typeof(BenchmarkProgram).Assembly).Run(args);
        return 0;
    }
}
