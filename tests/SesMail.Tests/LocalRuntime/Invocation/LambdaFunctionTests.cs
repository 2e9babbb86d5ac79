using System.Text;
using Microsoft.Extensions.Logging.Abstractions;
using SesMail.Functions;
using SesMail.LocalRuntime.Invocation;

namespace SesMail.Tests.LocalRuntime.Invocation;

[Trait("Kind", "Unit")]
public sealed class LambdaFunctionTests
{
    private const string Ns = "SesMail.Tests.LocalRuntime.Invocation";

    private static LambdaFunction Create(string type, string environment = "test") => LambdaFunction.Create(
        "fn",
        $"SesMail.Tests::{Ns}.{type}::HandleAsync",
        new FunctionSettings(new Dictionary<string, string> { ["ENVIRONMENT"] = environment }),
        NullLogger.Instance);

    private static async Task<string> HandleAsync(LambdaFunction function, string payload)
    {
        using var output = await function.HandleAsync(new MemoryStream(Encoding.UTF8.GetBytes(payload)));
        using var reader = new StreamReader(output!);
        return await reader.ReadToEndAsync(TestContext.Current.CancellationToken);
    }

    [Fact]
    public async Task HandleAsync_Handler_GetsPayloadAndOwnSettings()
    {
        var result = await HandleAsync(Create(nameof(EchoFunction), environment: "prod"), "hello");

        result.Should().Be("prod:hello");
    }

    [Fact]
    public async Task HandleAsync_HandlerThrows_ThrowsTheHandlersException()
    {
        var act = () => HandleAsync(Create(nameof(ThrowingFunction)), "{}");

        (await act.Should().ThrowAsync<InvalidOperationException>()).Which.Message.Should().Be("router exploded");
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
        var act = () => LambdaFunction.Create("fn", "No.Such.Assembly::T::M", new FunctionSettings(new Dictionary<string, string>()), NullLogger.Instance);

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
        var result = await HandleAsync(Create(nameof(OverloadedFunction)), "x");

        result.Should().Be("one");
    }
}
