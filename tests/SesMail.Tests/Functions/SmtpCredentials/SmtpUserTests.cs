using System.Text.Json.Nodes;
using SesMail.Functions.SmtpCredentials;

namespace SesMail.Tests.Functions.SmtpCredentials;

/// <summary>The SMTP user item: its key, its stream image, its name rule and the IAM policy made from its From patterns.</summary>
[Trait("Kind", "Unit")]
public sealed class SmtpUserTests
{
    [Fact]
    public void PolicyDocument_WithPatterns_AllowsBothSendActionsOnlyForThoseFromAddresses()
    {
        var policy = JsonNode.Parse(SmtpUser.PolicyDocument(["app@example.com", "*@news.example.com"]))!;

        var statement = policy["Statement"]!.AsArray().Should().ContainSingle().Subject!;
        statement["Effect"]!.GetValue<string>().Should().Be("Allow");
        statement["Action"]!.AsArray().Select(a => a!.GetValue<string>()).Should().Equal("ses:SendEmail", "ses:SendRawEmail");
        statement["Resource"]!.GetValue<string>().Should().Be("*");
        statement["Condition"]!["StringLike"]!["ses:FromAddress"]!.AsArray().Select(a => a!.GetValue<string>()).Should().Equal("app@example.com", "*@news.example.com");
    }

    [Fact]
    public void PolicyDocument_NoPattern_DeniesSending()
    {
        var statement = JsonNode.Parse(SmtpUser.PolicyDocument([]))!["Statement"]![0]!;

        statement["Effect"]!.GetValue<string>().Should().Be("Deny");
        statement["Condition"].Should().BeNull();
    }

    [Fact]
    public void FromImage_StreamImageOfAnItem_ReadsWhatToItemWrote()
    {
        var user = new SmtpUser("app", SmtpUser.Active, ["app@example.com"], "an app", "arn:aws:iam::000000000000:user/ses-smtp-user-app-1", "AKIAEXAMPLE", "c2VjcmV0", "2026-12-03T10:00:00Z", "2026-12-03T10:00:05Z");
        var image = new JsonObject();
        foreach (var (name, value) in user.ToItem())
        {
            image[name] = value.L is { Count: > 0 } list
                ? new JsonObject { ["L"] = new JsonArray([.. list.Select(v => (JsonNode)new JsonObject { ["S"] = v.S })]) }
                : new JsonObject { ["S"] = value.S };
        }

        SmtpUser.FromImage(image).Should().BeEquivalentTo(user);
        SmtpUser.IsSmtpUserImage(image).Should().BeTrue();
        image["SK"]!["S"] = "CREDENTIALS#v1";
        SmtpUser.FromImage(image).Should().BeNull("only USER# sort keys are SMTP users");
        SmtpUser.IsSmtpUserImage(image).Should().BeTrue();
    }

    [Theory]
    [InlineData("app", true)]
    [InlineData("a.b+c=d,e@f_g-h", true)]
    [InlineData("exactly-thirty-nine-characters-long-ok1", true)]
    [InlineData("forty-characters-is-too-long-for-iam-use", false)]
    [InlineData("", false)]
    [InlineData("no spaces", false)]
    [InlineData("no/slash", false)]
    public void IsValidUsername_FitsIamNames(string name, bool valid)
    {
        SmtpUser.IsValidUsername(name).Should().Be(valid);
    }
}
