using SesMail.Aws.Ses;

namespace SesMail.Tests.Aws.Ses;

/// <summary>The SES SMTP password (version 4) against known vectors of AWS's documented algorithm.</summary>
[Trait("Kind", "Unit")]
public sealed class SesSmtpPasswordTests
{
    private const string ExampleSecret = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";

    [Theory]
    [InlineData("us-east-1", "BLBM/9hSUELfq8Gw+rU1YcBjkOxGbhT2XG763xVLGWL9")]
    [InlineData("ap-southeast-2", "BLNVIwl1Vk66qi8YP1q44PSaqUtaoyrS/0LT79VaGBfa")]
    public void Derive_ExampleSecret_GivesTheKnownPasswordOfTheRegion(string region, string expected)
    {
        SesSmtpPassword.Derive(ExampleSecret, region).Should().Be(expected);
    }

    [Fact]
    public void Derive_AnySecret_StartsWithVersionByteFourAndIs33Bytes()
    {
        var bytes = Convert.FromBase64String(SesSmtpPassword.Derive("another-secret-of-forty-characters-00000", "eu-west-1"));

        bytes.Should().HaveCount(33);
        bytes[0].Should().Be(0x04);
    }

    [Fact]
    public void Matches_PasswordOfAnotherRegionOrSecret_IsFalse()
    {
        var password = SesSmtpPassword.Derive(ExampleSecret, "ap-southeast-2");

        SesSmtpPassword.Matches(password, ExampleSecret, "ap-southeast-2").Should().BeTrue();
        SesSmtpPassword.Matches(password, ExampleSecret, "us-east-1").Should().BeFalse();
        SesSmtpPassword.Matches(password, ExampleSecret + "x", "ap-southeast-2").Should().BeFalse();
        SesSmtpPassword.Matches(ExampleSecret, ExampleSecret, "ap-southeast-2").Should().BeFalse();
    }
}
