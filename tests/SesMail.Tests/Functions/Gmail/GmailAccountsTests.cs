using SesMail.Functions.Gmail;
using SesMail.Functions.GmailForwarder;

namespace SesMail.Tests.Functions.Gmail;

[Trait("Kind", "Unit")]
public sealed class GmailAccountsTests
{
    private const string Prefix = "/ses-mail/test/gmail-forwarder/oauth/accounts";
    private const string Default = "/ses-mail/test/gmail-forwarder/oauth/refresh-token";

    private static string Token(string token, string? account) =>
        account is null ? $"{{\"token\":\"{token}\",\"expires_at_epoch\":1769335200}}" : $"{{\"token\":\"{token}\",\"expires_at_epoch\":1769335200,\"account\":\"{account}\"}}";

    [Theory]
    [InlineData("Sales-Team@Gmail.com", Prefix + "/gmail.com/sales-team")]
    [InlineData(" me@example.test ", Prefix + "/example.test/me")]
    [InlineData("first.last_1@mail.example.org", Prefix + "/mail.example.org/first.last_1")]
    public void ParameterName_Address_IsDomainThenLocalPartLowerCase(string account, string expected)
    {
        var name = GmailAccounts.ParameterName(Prefix, account);

        name.Should().Be(expected);
        GmailAccounts.AccountOf(Prefix, name).Should().Be(account.Trim().ToLowerInvariant());
    }

    [Theory]
    [InlineData("not-an-address")]
    [InlineData("me+tag@gmail.com")]
    [InlineData("@gmail.com")]
    [InlineData("me@")]
    public void ParameterName_AddressSsmCannotName_ThrowsSayingWhy(string account)
    {
        var act = () => GmailAccounts.ParameterName(Prefix, account);

        act.Should().Throw<FormatException>().Which.Message.Should().Contain(account);
        GmailAccounts.IsValid(account).Should().BeFalse();
    }

    [Fact]
    public void AccountOf_NameOutsideThePath_IsNull()
    {
        GmailAccounts.AccountOf(Prefix, Default).Should().BeNull();
        GmailAccounts.AccountOf(Prefix, Prefix + "/gmail.com").Should().BeNull();
        GmailAccounts.AccountOf(Prefix, Prefix + "/gmail.com/a/b").Should().BeNull();
    }

    [Theory]
    [InlineData(null, GmailAccounts.DefaultKey)]
    [InlineData("", GmailAccounts.DefaultKey)]
    [InlineData(" B@Example.Test ", "b@example.test")]
    public void Key_Destination_IsLowerCaseAddressOrDefault(string? destination, string expected) =>
        GmailAccounts.Key(destination).Should().Be(expected);

    [Fact]
    public void Resolve_OwnParameter_WinsOverTheDefault()
    {
        var credential = GmailAccountCredential.Resolve("b@example.test", Prefix + "/example.test/b", Token("rb", "b@example.test"), Default, Token("ra", null), "test");

        credential.RefreshToken.Should().Be("rb");
        credential.LedgerMailbox.Should().Be("b@example.test");
        credential.Parameter.Should().Be(Prefix + "/example.test/b");
    }

    [Fact]
    public void Resolve_OwnParameterWithoutToken_IsMissingEvenWithAnUnrecordedDefault()
    {
        var credential = GmailAccountCredential.Resolve("b@example.test", Prefix + "/example.test/b", "PLACEHOLDER", Default, Token("ra", null), "prod");

        credential.IsUsable.Should().BeFalse("a broken token of this account is never replaced by another account's");
        credential.Problem.Should().Contain(Prefix + "/example.test/b").And.Contain("sesmail token refresh --account b@example.test --env prod");
    }

    [Fact]
    public void Resolve_DefaultRecordsThisAccount_UsesIt()
    {
        var credential = GmailAccountCredential.Resolve("a@example.test", Prefix + "/example.test/a", null, Default, Token("ra", "a@example.test"), "test");

        credential.RefreshToken.Should().Be("ra");
        credential.LedgerMailbox.Should().Be("a@example.test");
        credential.Parameter.Should().Be(Default);
    }

    [Fact]
    public void Resolve_DefaultRecordsAnotherAccount_IsMissingAndNamesIt()
    {
        var credential = GmailAccountCredential.Resolve("b@example.test", Prefix + "/example.test/b", null, Default, Token("ra", "a@example.test"), "test");

        credential.IsUsable.Should().BeFalse();
        credential.Problem.Should().Contain("belongs to a@example.test").And.Contain("sesmail token refresh --account b@example.test --env test");
    }

    [Fact]
    public void Resolve_DefaultRecordsNoAccount_ServesAnyTargetWithTheOldLedgerKey()
    {
        var credential = GmailAccountCredential.Resolve("me+tag@gmail.com", null, null, Default, Token("ra", null), "test");

        credential.RefreshToken.Should().Be("ra");
        credential.LedgerMailbox.Should().Be("me");
    }

    [Fact]
    public void Resolve_DefaultPlaceholder_IsMissing()
    {
        var credential = GmailAccountCredential.Resolve(GmailAccounts.DefaultKey, null, null, Default, "PLACEHOLDER - run the OAuth refresh to store a token", "test");

        credential.IsUsable.Should().BeFalse();
        credential.Problem.Should().Contain("sesmail token refresh --env test");
    }

    [Fact]
    public void Parse_Value_ReadsAccountLowerCaseAndEpochFromExpiresAt()
    {
        var value = GmailTokenValue.Parse("{\"token\":\"t\",\"expires_at\":\"2026-01-25T10:00:00Z\",\"account\":\"Me@Example.TEST\"}");

        value.HasToken.Should().BeTrue();
        value.Account.Should().Be("me@example.test");
        value.ExpiresAtEpoch.Should().Be(1769335200);
    }
}
