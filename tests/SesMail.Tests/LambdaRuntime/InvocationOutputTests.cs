using System.Text;
using SesMail.Emulator.Lambda.Runtime;
using SesMail.LambdaRuntime;

namespace SesMail.Tests.LambdaRuntime;

/// <summary>The attached runtime's per-invocation console capture and the emulator's reading of what it posts.</summary>
[Trait("Kind", "Unit")]
public sealed class InvocationOutputTests
{
    [Fact]
    public async Task Begin_TwoConcurrentInvocations_EachCollectsOnlyItsOwnLines()
    {
        using var bothStarted = new Barrier(2);

        async Task<string> InvocationAsync(string name)
        {
            await Task.Yield();
            var collector = InvocationOutput.Begin();
            bothStarted.SignalAndWait(TestContext.Current.CancellationToken);
            for (var i = 0; i < 20; i++)
            {
                InvocationOutput.Out.WriteLine($"{name} {i}");
                await Task.Yield();
            }

            InvocationOutput.End();
            return Encoding.UTF8.GetString(collector.Close());
        }

        var results = await Task.WhenAll(Task.Run(() => InvocationAsync("a")), Task.Run(() => InvocationAsync("b")));

        results[0].Split('\n', StringSplitOptions.RemoveEmptyEntries).Should().Equal(Enumerable.Range(0, 20).Select(i => $"a {i}"));
        results[1].Split('\n', StringSplitOptions.RemoveEmptyEntries).Should().Equal(Enumerable.Range(0, 20).Select(i => $"b {i}"));
    }

    [Fact]
    public void Close_ThenWrite_CollectsNothingMore()
    {
        var collector = InvocationOutput.Begin();
        InvocationOutput.Error.WriteLine("kept");
        var text = collector.Close();
        InvocationOutput.Error.WriteLine("late, from a background task");
        InvocationOutput.End();

        Encoding.UTF8.GetString(text).Should().Be("kept\n");
        collector.Close().Should().Equal(Encoding.UTF8.GetBytes("kept\n"));
    }

    [Fact]
    public void Out_InsideAnInvocation_CollectsWithoutReplacingTheConsoleWriter()
    {
        // A replaced Console.Out is what the console locks while writing; forwarding from it to the previous writer
        // deadlocked against the console logger, which keeps the previous one.
        var console = Console.Out;
        var collector = InvocationOutput.Begin();
        InvocationOutput.Out.WriteLine("collected");
        InvocationOutput.End();

        Console.Out.Should().BeSameAs(console);
        Encoding.UTF8.GetString(collector.Close()).Should().Be("collected\n");
    }

    [Fact]
    public void Close_OverTheLimit_KeepsWhatFitsAndSaysHowMuchWasDropped()
    {
        var collector = new InvocationOutput.Collector(limit: 10);
        collector.Append("12345");
        collector.Append("67890");
        collector.Append("abc");

        var lines = Encoding.UTF8.GetString(collector.Close()).Split('\n', StringSplitOptions.RemoveEmptyEntries);

        lines.Should().Equal("1234567890", "[sesmail] 3 characters of this invocation's output were not collected (over 10)");
    }

    [Fact]
    public void Lines_CrLfAndFinalPartialLine_SplitAsProcessOutputIs()
    {
        RuntimeApiServer.Lines(Encoding.UTF8.GetBytes("one\r\ntwo\n\nthree")).Should().Equal("one", "two", string.Empty, "three");
        RuntimeApiServer.Lines(Encoding.UTF8.GetBytes("only\n")).Should().Equal("only");
    }
}
