using System.Text;
using Microsoft.Extensions.Logging.Abstractions;
using SesMail.Functions;
using SesMail.LocalRuntime.Invocation;

namespace SesMail.Tests.LocalRuntime.Invocation;

[Trait("Kind", "Unit")]
public sealed class LambdaFunctionTests
{
    private const string Ns = "SesMail.Tests.LocalRuntime.Invocation";

    private static LambdaFunction Create(string type, double timeoutSeconds = 5, string environment = "test") => LambdaFunction.Create(
        "fn",
        "arn:aws:lambda:ap-southeast-2:000000000000:function:fn",
        $"SesMail.Tests::{Ns}.{type}::HandleAsync",
        TimeSpan.FromSeconds(timeoutSeconds),
        128,
        new FunctionSettings(new Dictionary<string, string> { ["ENVIRONMENT"] = environment }),
        NullLogger.Instance);

    [Fact]
    public async Task InvokeAsync_Handler_GetsPayloadAndOwnSettings()
    {
        var result = await Create(nameof(EchoFunction), environment: "prod").InvokeAsync("hello"u8.ToArray(), TestContext.Current.CancellationToken);

        result.Succeeded.Should().BeTrue();
        Encoding.UTF8.GetString(result.Payload!).Should().Be("prod:hello");
        Guid.TryParse(result.RequestId, out _).Should().BeTrue();
    }

    [Fact]
    public async Task InvokeAsync_HandlerThrows_ReturnsErrorResult()
    {
        var result = await Create(nameof(ThrowingFunction)).InvokeAsync("{}"u8.ToArray(), TestContext.Current.CancellationToken);

        result.Succeeded.Should().BeFalse();
        result.ErrorType.Should().Be(nameof(InvalidOperationException));
        result.ErrorMessage.Should().Be("router exploded");
    }

    [Fact]
    public async Task InvokeAsync_PastTimeout_ReportsLambdaTimeout()
    {
        var result = await Create(nameof(SlowFunction), timeoutSeconds: 0.2).InvokeAsync("{}"u8.ToArray(), TestContext.Current.CancellationToken);

        result.ErrorType.Should().Be("Sandbox.Timedout");
        result.ErrorMessage.Should().Be("Task timed out after 0.20 seconds");
        result.Duration.Should().BeLessThan(TimeSpan.FromSeconds(10));
    }

    [Theory]
    [InlineData("NoSuchType", "does not exist")]
    [InlineData(nameof(NoSettingsFunction), "FunctionSettings")]
    [InlineData(nameof(WrongShapeFunction), "must take one System.IO.Stream")]
    public void Create_UnresolvableHandler_NamesFunctionAndCause(string type, string expected)
    {
        var act = () => Create(type);

        act.Should().Throw<InvalidOperationException>().Which.Message.Should().StartWith("Function fn cannot start:").And.Contain(expected);
    }

    [Fact]
    public void Create_UnknownAssembly_SaysItCannotBeLoaded()
    {
        var act = () => LambdaFunction.Create("fn", "arn", "No.Such.Assembly::T::M", TimeSpan.FromSeconds(1), 128, new FunctionSettings(new Dictionary<string, string>()), NullLogger.Instance);

        act.Should().Throw<InvalidOperationException>().WithMessage("*No.Such.Assembly cannot be loaded*");
    }

    [Fact]
    public void Resolve_OverloadedStrict_RejectsAsLambdaDoes()
    {
        var act = () => LambdaFunction.Resolve(HandlerString.Parse($"SesMail.Tests::{Ns}.{nameof(OverloadedFunction)}::HandleAsync"), strict: true);

        act.Should().Throw<InvalidOperationException>().WithMessage("*2 public methods named HandleAsync*");
    }

    [Fact]
    public async Task Create_OverloadedLenient_UsesStreamOnlyOverload()
    {
        var result = await Create(nameof(OverloadedFunction)).InvokeAsync("x"u8.ToArray(), TestContext.Current.CancellationToken);

        Encoding.UTF8.GetString(result.Payload!).Should().Be("one");
    }
}
