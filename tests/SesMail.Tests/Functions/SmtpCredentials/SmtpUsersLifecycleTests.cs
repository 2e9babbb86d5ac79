using System.Diagnostics;
using System.Text.Json.Nodes;
using Amazon.IdentityManagement;
using Amazon.IdentityManagement.Model;
using MailKit.Net.Smtp;
using SesMail.Tests.Support;

namespace SesMail.Tests.Functions.SmtpCredentials;

/// <summary>
/// SMTP users end to end in this process with IAM enforced: <c>sesmail smtp-users</c> writes the item, the credential
/// manager (attached, as the local runtime runs it, on the routing table's stream mapping) makes the IAM user, key,
/// policy and KMS-encrypted password, and MailKit sends through the emulator's SES SMTP endpoint with them.
/// </summary>
[Trait("Kind", "EndToEnd")]
public sealed class SmtpUsersLifecycleTests(SendingStack stack) : IClassFixture<SendingStack>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task SmtpUser_AddSendDisableEnableRotateRemove_CredentialsFollowTheItem()
    {
        var clock = Stopwatch.StartNew();
        var (username, password) = await stack.AddSmtpUserAsync("app", "me@example.test", "*@news.example.test");
        var activeAfter = clock.Elapsed;
        username.Should().StartWith("AKIA");
        password.Should().HaveLength(44);
        activeAfter.Should().BeLessThan(TimeSpan.FromSeconds(60), "add waits for active, which the manager writes within seconds");
        TestContext.Current.TestOutputHelper?.WriteLine($"smtp-users add → active in {activeAfter.TotalSeconds:0.0} s");

        // Allowed From, STARTTLS + AUTH PLAIN: accepted and in the outbox.
        using (var client = await stack.ConnectAsync(username, password, mechanism: "PLAIN"))
        {
            var reply = await client.SendAsync(SendingStack.Message("me@example.test", "friend@other.test"), Ct);
            reply.Should().StartWith("Ok 0100");
            var envelope = await stack.OutboxAsync(reply["Ok ".Length..]);
            envelope.Should().NotBeNull();
            envelope!["operation"]!.GetValue<string>().Should().Be("SMTP");
            envelope["configurationSetName"]!.GetValue<string>().Should().Be("ses-mail-outbound-test");

            // Forbidden From: SES's 554 Access denied, the session stays usable.
            var forbidden = async () => await client.SendAsync(SendingStack.Message("boss@example.test", "friend@other.test"), Ct);
            var refusal = (await forbidden.Should().ThrowAsync<SmtpCommandException>()).Which;
            ((int)refusal.StatusCode).Should().Be(554);
            refusal.Message.Should().StartWith("Access denied: User `arn:aws:iam::000000000000:user/ses-smtp-user-app-").And.Contain("ses:SendRawEmail");
        }

        // Implicit TLS + AUTH LOGIN, a From of the wildcard pattern.
        using (var client = await stack.ConnectAsync(username, password, implicitTls: true, mechanism: "LOGIN"))
        {
            (await client.SendAsync(SendingStack.Message("letters@news.example.test", "friend@other.test"), Ct)).Should().StartWith("Ok ");
        }

        (await stack.CliAsync("smtp-users", "disable", "app")).Code.Should().Be(0);
        await AuthenticationFailsAsync(username, password, "a disabled user's key is inactive");

        (await stack.CliAsync("smtp-users", "enable", "app")).Code.Should().Be(0);
        using (var client = await stack.ConnectAsync(username, password))
        {
            (await client.SendAsync(SendingStack.Message("me@example.test", "friend@other.test"), Ct)).Should().StartWith("Ok ");
        }

        var (rotateCode, rotated, rotateError) = await stack.CliAsync("smtp-users", "rotate", "app", "--reveal", "--output", "json");
        rotateCode.Should().Be(0, rotateError);
        var newUsername = JsonNode.Parse(rotated)!["SmtpUsername"]!.GetValue<string>();
        var newPassword = JsonNode.Parse(rotated)!["SmtpPassword"]!.GetValue<string>();
        newUsername.Should().NotBe(username);
        await AuthenticationFailsAsync(username, password, "rotation deletes the old key");
        using (var client = await stack.ConnectAsync(newUsername, newPassword))
        {
            (await client.SendAsync(SendingStack.Message("me@example.test", "friend@other.test"), Ct)).Should().StartWith("Ok ");
        }

        var iamUsers = (await stack.Clients.Iam.ListUsersAsync(new ListUsersRequest(), Ct)).Users.Where(u => u.UserName.StartsWith("ses-smtp-user-app-", StringComparison.Ordinal)).ToList();
        iamUsers.Should().ContainSingle("rotation keeps the one IAM user");
        var iamName = iamUsers[0].UserName;

        var (removeCode, _, removeError) = await stack.CliAsync("smtp-users", "remove", "app");
        removeCode.Should().Be(0, removeError);
        var getUser = async () => await stack.Clients.Iam.GetUserAsync(new GetUserRequest { UserName = iamName }, Ct);
        (await getUser.Should().ThrowAsync<AmazonIdentityManagementServiceException>()).Which.ErrorCode.Should().Be("NoSuchEntity");
        var keys = async () => await stack.Clients.Iam.ListAccessKeysAsync(new ListAccessKeysRequest { UserName = iamName }, Ct);
        (await keys.Should().ThrowAsync<AmazonIdentityManagementServiceException>()).Which.ErrorCode.Should().Be("NoSuchEntity");
        await AuthenticationFailsAsync(newUsername, newPassword, "a removed user's key is deleted");
        var (showCode, _, showError) = await stack.CliAsync("smtp-users", "show", "app");
        showCode.Should().NotBe(0);
        showError.Should().Contain("No SMTP user app");
    }

    [Fact]
    public async Task SmtpUsers_ListAndShow_PrintSettingsAndThePasswordOnlyWithReveal()
    {
        await stack.AddSmtpUserAsync("lister", "list@example.test");

        var (listCode, list, _) = await stack.CliAsync("smtp-users", "list");
        var (showCode, shown, _) = await stack.CliAsync("smtp-users", "show", "lister");
        var (revealCode, revealed, _) = await stack.CliAsync("smtp-users", "show", "lister", "--reveal", "--output", "json");

        listCode.Should().Be(0);
        list.Should().Contain("lister").And.Contain("active").And.Contain("list@example.test").And.Contain($"port {stack.SmtpPort} (STARTTLS)");
        showCode.Should().Be(0);
        shown.Should().Contain("127.0.0.1").And.Contain("(hidden; --reveal prints it)");
        revealCode.Should().Be(0);
        var json = JsonNode.Parse(revealed)!;
        json["SmtpPassword"]!.GetValue<string>().Should().HaveLength(44);
        json["StartTlsPort"]!.GetValue<int>().Should().Be(stack.SmtpPort);
        json["TlsPort"]!.GetValue<int>().Should().Be(stack.SmtpTlsPort);
    }

    [Fact]
    public async Task Swaks_WithTheUsersCredentials_AllowedFromIsAcceptedAndOtherFromGets554()
    {
        Assert.SkipUnless(File.Exists("/usr/bin/swaks"), "swaks is not installed (CI installs it with apt-get install swaks)");
        var (username, password) = await stack.AddSmtpUserAsync("swaks", "swaks@example.test");

        var allowed = await SwaksAsync(username, password, "swaks@example.test");
        var refused = await SwaksAsync(username, password, "other@example.test");
        var badPassword = await SwaksAsync(username, password[..^2] + "AA", "swaks@example.test");

        allowed.Should().Contain("<~  250 Ok 0100");
        refused.Should().Contain("<~* 554 Access denied");
        badPassword.Should().Contain("<~* 535");
    }

    [Fact]
    public async Task ComplaintDrill_OneComplaintInAHundredSends_ComplaintRateAlarmFires()
    {
        var (username, password) = await stack.AddSmtpUserAsync("complaints", "news@example.test");
        var complaintsBefore = await stack.SumAsync("OutboundComplaint");
        var sendsBefore = await stack.SumAsync("OutboundSend");

        using (var client = await stack.ConnectAsync(username, password))
        {
            for (var i = 0; i < 100; i++)
            {
                var to = i == 42 ? "complaint@simulator.amazonses.com" : $"reader{i}@other.test";
                await client.SendAsync(SendingStack.Message("news@example.test", to, $"issue {i}"), Ct);
            }
        }

        await SendingStack.EventuallyAsync(async () => await stack.SumAsync("OutboundSend") - sendsBefore >= 100 && await stack.SumAsync("OutboundComplaint") - complaintsBefore >= 1, TimeSpan.FromSeconds(90), "the outbound metrics publisher counts 100 sends and a complaint");
        (await stack.SumAsync("OutboundComplaint") - complaintsBefore).Should().Be(1);
        (await stack.AlarmStateAsync("ses-mail-outbound-high-complaint-rate-test")).Should().Be("ALARM");
    }

    private async Task AuthenticationFailsAsync(string username, string password, string because)
    {
        var connect = async () =>
        {
            using var client = await stack.ConnectAsync(username, password);
        };
        await connect.Should().ThrowAsync<MailKit.Security.AuthenticationException>(because);
    }

    private async Task<string> SwaksAsync(string username, string password, string from)
    {
        var start = new ProcessStartInfo("/usr/bin/swaks") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var arg in new[] { "--server", $"127.0.0.1:{stack.SmtpPort}", "--tls", "--auth", "PLAIN", "--auth-user", username, "--auth-password", password, "--from", from, "--to", "friend@other.test", "--timeout", "30" })
        {
            start.ArgumentList.Add(arg);
        }

        using var process = Process.Start(start)!;
        var output = await process.StandardOutput.ReadToEndAsync(Ct);
        await process.WaitForExitAsync(Ct);
        return output;
    }
}
