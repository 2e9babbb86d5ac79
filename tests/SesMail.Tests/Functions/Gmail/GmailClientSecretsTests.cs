using SesMail.Functions.Gmail;

namespace SesMail.Tests.Functions.Gmail;

[Trait("Kind", "Unit")]
public sealed class GmailClientSecretsTests
{
    [Theory]
    [InlineData("installed")]
    [InlineData("web")]
    public void Parse_InstalledOrWebClient_HonoursTokenUri(string kind)
    {
        var secrets = GmailClientSecrets.Parse($$$"""{"{{{kind}}}":{"client_id":"id-1","client_secret":"s3cret","token_uri":"http://127.0.0.1:4566/_sesmail/oauth2/token","auth_uri":"http://127.0.0.1:4566/_sesmail/oauth2/auth"}}""");

        secrets.ClientId.Should().Be("id-1");
        secrets.ClientSecret.Should().Be("s3cret");
        secrets.TokenUri.Should().Be(new Uri("http://127.0.0.1:4566/_sesmail/oauth2/token"));
    }

    [Fact]
    public void Parse_NoTokenUri_DefaultsToGoogle()
    {
        GmailClientSecrets.Parse("""{"installed":{"client_id":"a","client_secret":"b"}}""").TokenUri.Should().Be(GmailClientSecrets.GoogleTokenUri);
    }

    [Theory]
    [InlineData("""{"service_account":{"client_id":"a","client_secret":"b"}}""", "installed")]
    [InlineData("""{"installed":{"client_secret":"b"}}""", "client_id")]
    [InlineData("""{"installed":{"client_id":"a"}}""", "client_secret")]
    [InlineData("""{"installed":{"client_id":"a","client_secret":"b","token_uri":"not a url"}}""", "token_uri")]
    [InlineData("not json", "not JSON")]
    public void Parse_OtherShapes_ThrowFormatExceptionNamingTheProblem(string json, string expected)
    {
        var parse = () => GmailClientSecrets.Parse(json);

        parse.Should().Throw<FormatException>().WithMessage($"*{expected}*");
    }
}
