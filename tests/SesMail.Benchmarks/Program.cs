using BenchmarkDotNet.Running;

namespace SesMail.Benchmarks;

/// <summary>Entry point. Run one: <c>dotnet run -c Release --project tests/SesMail.Benchmarks -- --filter '*Routing*'</c>.</summary>
internal static class BenchmarkProgram
{
    public static void Main(string[] args) => BenchmarkSwitcher.FromAssembly(typeof(BenchmarkProgram).Assembly).Run(args);
}
