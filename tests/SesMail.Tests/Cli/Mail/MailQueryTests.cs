using SesMail.Cli.Mail;

namespace SesMail.Tests.Cli.Mail;

[Trait("Kind", "Unit")]
public sealed class MailQueryTests
{
    private static readonly DateTimeOffset Start = new(2026, 12, 1, 0, 0, 0, TimeSpan.Zero);

    /// <summary>107 messages, one a minute; odd ones from alice, every tenth about invoices.</summary>
    private static List<StoredMessage> Messages() =>
        [.. Enumerable.Range(1, 107).Select(i => new StoredMessage
        {
            Id = $"m{i:D3}",
            Mailbox = "me@example.test",
            From = i % 2 == 1 ? "Alice <alice@origin.test>" : "bob@origin.test",
            Subject = i % 10 == 0 ? $"Invoice {i}" : $"Note {i}",
            ReceivedAt = Start.AddMinutes(i).ToUnixTimeMilliseconds(),
        })];

    [Fact]
    public void Apply_SecondPageOfFifty_ShowsMessages51To100NewestFirst()
    {
        var page = new MailQuery(null, null, null, 2, 50).Apply(Messages());

        page.Total.Should().Be(107);
        page.PageCount.Should().Be(3);
        page.Messages.Select(m => m.Id).Should().HaveCount(50).And.StartWith("m057").And.EndWith("m008");
        page.Describe().Should().Be("showing 51–100 of 107 (page 2 of 3)");
    }

    [Fact]
    public void Apply_FiltersCombine_CountsOnlyMatches()
    {
        var page = new MailQuery("ALICE", "invoice", null, 1, 50).Apply(Messages());

        page.Total.Should().Be(0, "every tenth message is even, so never from alice");
        new MailQuery("bob", "invoice", Start.AddMinutes(50), 1, 3).Apply(Messages()).Describe().Should().Be("showing 1–3 of 6 (page 1 of 2)");
    }

    [Fact]
    public void Apply_PageBeyondTheLast_ShowsNoneButTheTotal() =>
        new MailQuery(null, null, null, 9, 50).Apply(Messages()).Describe().Should().Be("showing 0 of 107 (page 9 of 3)");

    [Theory]
    [InlineData("2h", "2026-12-03T10:00:00+00:00")]
    [InlineData("30m", "2026-12-03T11:30:00+00:00")]
    [InlineData("7d", "2026-11-26T12:00:00+00:00")]
    [InlineData("2026-12-01", "2026-12-01T00:00:00+00:00")]
    [InlineData("2026-12-01T08:00:00+02:00", "2026-12-01T06:00:00+00:00")]
    public void ParseSince_DateOrAge_GivesTheInstant(string text, string expected) =>
        MailQuery.ParseSince(text, new DateTimeOffset(2026, 12, 3, 12, 0, 0, TimeSpan.Zero)).Should().Be(DateTimeOffset.Parse(expected, System.Globalization.CultureInfo.InvariantCulture));

    [Theory]
    [InlineData("yesterday")]
    [InlineData("5w")]
    public void ParseSince_Nonsense_Throws(string text) =>
        FluentActions.Invoking(() => MailQuery.ParseSince(text, Start)).Should().Throw<FormatException>();
}
