using Amazon.SimpleEmail.Model;
using SesMail.Cli.Hosting;
using SesMail.Cli.Rules;
using SesMail.Infrastructure.Provisioning;
using SesMail.Tests.Infrastructure;
using SesMail.Tests.Infrastructure.Provisioning;
using SesMail.Tests.Support;

namespace SesMail.Tests.Cli.Rules;

/// <summary>
/// <c>rules add</c> and <c>rules test</c> warn when the domain is not received by the stack's active receipt rule set,
/// against a provisioned stack whose <c>Domains</c> is the template default <c>example.test</c>.
/// </summary>
[Trait("Kind", "Contract")]
public sealed class ReceivingDomainCheckTests : IAsyncLifetime
{
    private readonly EmulatorFixture _emulator = new();

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        await _emulator.InitializeAsync();
        var clients = ProvisioningClients.Create(_emulator.BaseUrl, EmulatorFixture.Region, EmulatorFixture.Credentials);
        await (await StackProvisionerTests.ProvisionerAsync(_emulator, clients, Token)).ProvisionAsync(TemplateYamlTests.Load(), StackProvisionerTests.Settings, Token);
        await ReceiptRuleSets.ActivateAsync(clients.Ses, "ses-mail-receipt-rules-test", Token); // as the runtime does after deploying
    }

    public async ValueTask DisposeAsync() => await _emulator.DisposeAsync();

    [Theory]
    [InlineData("rules", "add", "support@mail.example.org", "--action", "bounce")]
    [InlineData("rules", "test", "Support+news@mail.example.org")]
    public async Task DomainOutsideDomains_Warns_WithTheCommandThatAddsIt(params string[] args)
    {
        var (code, error) = await RunAsync(args);

        code.Should().Be(0, "the rule or the test itself succeeds; the warning is advice");
        error.Should().Contain("warning: mail.example.org is not a receiving domain of this stack")
            .And.Contain("--SesMail:Parameters:Domains=example.test,mail.example.org");
    }

    [Theory]
    [InlineData("rules", "add", "support@example.test", "--action", "bounce")]
    [InlineData("rules", "add", "*", "--action", "bounce")]
    [InlineData("rules", "test", "anyone@EXAMPLE.test")]
    public async Task DomainReceivedOrCatchAll_SaysNothing(params string[] args)
    {
        var (code, error) = await RunAsync(args);

        code.Should().Be(0);
        error.Should().BeEmpty();
    }

    [Theory]
    [InlineData("example.test", "example.test", true)]
    [InlineData("example.test", "mail.example.test", false)]
    [InlineData(".example.test", "mail.example.test", true)]
    [InlineData(".example.test", "example.test", false)]
    [InlineData("ops@example.test", "example.test", true)]
    [InlineData("ops@example.test", "example.org", false)]
    public void Covers_FollowsSesRecipientMatching(string recipient, string domain, bool covered)
    {
        ReceivingDomainCheck.Covers([new ReceiptRule { Name = "r", Enabled = true, Recipients = [recipient] }], domain).Should().Be(covered);
        ReceivingDomainCheck.Covers([new ReceiptRule { Name = "r", Enabled = false, Recipients = [recipient] }], domain).Should().BeFalse("a disabled rule receives nothing");
    }

    private async Task<(int Code, string Error)> RunAsync(string[] args)
    {
        var error = new StringWriter();
        var code = await CliApp.RunAsync([.. args, "--endpoint", _emulator.BaseUrl.ToString(), "--stack-file", ResolvedStackFile.ForArguments(args)], CliConsole.ForText(new StringWriter(), error), Token);
        return (code, error.ToString());
    }
}
