using System.Text.Json;
using SesMail.Cli.Token;

namespace SesMail.Tests.Cli.Token;

/// <summary>The state rules of <c>token status</c> and the stored token's shape (docs/OPERATIONS.md#the-gmail-token).</summary>
[Trait("Kind", "Unit")]
public sealed class TokenStatusTests
{
    private static readonly DateTimeOffset Expiry = new(2026, 12, 1, 12, 0, 0, TimeSpan.Zero);

    private static TokenStatus At(TimeSpan beforeExpiry) => TokenStatus.Evaluate(
        "/p",
        RefreshTokenParameterValue.Parse($"{{\"token\":\"t\",\"created_at\":\"2026-11-24T12:00:00Z\",\"expires_at\":\"2026-12-01T12:00:00Z\",\"expires_at_epoch\":{Expiry.ToUnixTimeSeconds()}}}"),
        Expiry - beforeExpiry,
        "test");

    [Theory]
    [InlineData(7 * 24 * 3600, "ok")]
    [InlineData(86_400, "ok")]
    [InlineData(86_399.5, "warning")]
    [InlineData(21_600, "warning")]
    [InlineData(21_599, "critical")]
    [InlineData(0.5, "critical")]
    [InlineData(0, "expired")]
    [InlineData(-3600, "expired")]
    public void Evaluate_SecondsLeft_GivesTheAlarmState(double secondsLeft, string state)
    {
        var status = At(TimeSpan.FromSeconds(secondsLeft));

        status.State.Should().Be(state);
        status.TokenSecondsUntilExpiration.Should().BeApproximately(secondsLeft, 0.001);
        status.Unusable.Should().Be(state == "expired");
    }

    [Fact]
    public void Evaluate_FractionalNow_KeepsTheFraction()
    {
        At(TimeSpan.FromMilliseconds(-1_250)).TokenSecondsUntilExpiration.Should().Be(-1.25);
    }

    [Theory]
    [InlineData("PLACEHOLDER - run the OAuth refresh to store a token")]
    [InlineData("[]")]
    [InlineData("{\"created_at\":\"2026-11-24T12:00:00Z\"}")]
    [InlineData("{\"token\":\"\"}")]
    public void Evaluate_NeverRefreshed_IsPlaceholderAndNamesTheCommands(string value)
    {
        var status = TokenStatus.Evaluate("/p", RefreshTokenParameterValue.Parse(value), Expiry, "prod");

        status.State.Should().Be("placeholder");
        status.TokenSecondsUntilExpiration.Should().BeNull();
        status.Unusable.Should().BeTrue();
        status.Next.Should().Contain("sesmail token refresh --env prod").And.Contain("set-client");
    }

    [Fact]
    public void Parse_WithoutEpoch_FallsBackToExpiresAt()
    {
        var value = RefreshTokenParameterValue.Parse("{\"token\":\"t\",\"expires_at\":\"2026-12-01T12:00:00Z\"}");

        value.ExpiresAtEpoch.Should().Be(Expiry.ToUnixTimeSeconds());
    }

    [Fact]
    public void Create_TruncatesToSecondsAndExpiresSevenDaysLater()
    {
        var stored = StoredRefreshToken.Create("r", new DateTimeOffset(2026, 11, 29, 15, 4, 5, 678, TimeSpan.FromHours(2)));

        using var json = JsonDocument.Parse(stored.ToJson());
        var root = json.RootElement;
        root.GetProperty("token").GetString().Should().Be("r");
        root.GetProperty("created_at").GetString().Should().Be("2026-11-29T13:04:05Z");
        root.GetProperty("expires_at").GetString().Should().Be("2026-12-06T13:04:05Z");
        root.GetProperty("expires_at_epoch").GetInt64().Should().Be(new DateTimeOffset(2026, 12, 6, 13, 4, 5, TimeSpan.Zero).ToUnixTimeSeconds());
        stored.ToJson().Should().NotContain("\n");
    }
}
