using SesMail.Aws.Events;
using SesMail.Functions.Bouncer;

namespace SesMail.Tests.Functions.Bouncer;

[Trait("Kind", "Unit")]
public sealed class BounceLoopGuardTests
{
    private static readonly BounceLoopGuard Guard = new(["example.test"]);

    private static SesNotification.MailObject Mail(string? source, params (string Name, string Value)[] headers) => new()
    {
        Source = source,
        Headers = headers.Select(h => new SesNotification.HeaderObject(h.Name, h.Value)).ToList(),
    };

    [Theory]
    [InlineData(null, "null-sender")]
    [InlineData("", "null-sender")]
    [InlineData("<>", "null-sender")]
    [InlineData("not-an-address", "invalid-sender")]
    [InlineData("MAILER-DAEMON@mx.origin.example", "system-sender")]
    [InlineData("postmaster@origin.example", "system-sender")]
    [InlineData("noreply@example.test", "own-system-sender")]
    [InlineData("abuse@other-own.test", "own-system-sender")]
    [InlineData("noreply@origin.example", null)]
    [InlineData("person@origin.example", null)]
    public void SkipReason_EnvelopeSender_MatchesTable(string? source, string? expected) =>
        Guard.SkipReason(Mail(source), ["other-own.test"]).Should().Be(expected);

    [Theory]
    [InlineData("Auto-Submitted", "auto-replied", "auto-submitted")]
    [InlineData("auto-submitted", "auto-generated; owner=x", "auto-submitted")]
    [InlineData("Auto-Submitted", "no", null)]
    [InlineData("Auto-Submitted", "No (comment)", null)]
    [InlineData("Precedence", "bulk", "precedence")]
    [InlineData("Precedence", "JUNK", "precedence")]
    [InlineData("Precedence", "list", "precedence")]
    [InlineData("Precedence", "first-class", null)]
    [InlineData("List-Id", "<announce.lists.origin.example>", "mailing-list")]
    [InlineData("X-Mailer", "anything", null)]
    public void SkipReason_Header_MatchesTable(string name, string value, string? expected) =>
        Guard.SkipReason(Mail("person@origin.example", (name, value)), []).Should().Be(expected);
}
