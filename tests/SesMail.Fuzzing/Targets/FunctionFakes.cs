using System.Text.Json;
using MimeKit;
using SesMail.Aws.Events;
using SesMail.Functions;
using SesMail.Functions.Bouncer;
using SesMail.Functions.Routing;
using SesMail.Testing.Functions.Routing;

namespace SesMail.Fuzzing.Targets;

/// <summary>The functions' collaborators without AWS: rules in memory, tags and mail recorded, never a network call.</summary>
internal static class FunctionFakes
{
    private static FunctionSettings Settings() => new(new Dictionary<string, string>
    {
        ["ENVIRONMENT"] = "test",
        ["AWS_REGION"] = "ap-southeast-2",
        ["AWS_ENDPOINT_URL"] = "http://127.0.0.1:9",
        ["EMAIL_BUCKET"] = "ses-mail-storage-000000000000-test",
        ["ROUTING_TABLE_NAME"] = "ses-mail-email-routing-test",
        ["INTEGRATION_TEST_TOKEN_PARAMETER"] = "/ses-mail/test/integration-test-token",
        ["BOUNCE_SENDER"] = "mailer-daemon@example.test",
        ["DOMAINS"] = "example.test,example.org",
    });

    public static SesMail.Functions.Router.RouterOptions RouterOptions() => SesMail.Functions.Router.RouterOptions.From(Settings());

    public static BouncerOptions BouncerOptions() => SesMail.Functions.Bouncer.BouncerOptions.From(Settings());

    public static FunctionServices Services(AwsOptions aws, TextWriter output) => new(aws, output);

    public static InMemoryRoutingRuleStore Rules() => new(
        new RoutingRule("*@example.test", RoutingActionNames.ForwardToGmail, "me@example.test", true, RoutingTarget.EmptyMetadata),
        new RoutingRule("bounce@example.test", RoutingActionNames.Bounce, string.Empty, true, RoutingTarget.EmptyMetadata),
        new RoutingRule("keep@example.test", RoutingActionNames.Store, string.Empty, true, JsonDocument.Parse("{\"note\":\"fuzz\"}").RootElement.Clone()),
        new RoutingRule("odd@example.test", "explode", string.Empty, true, RoutingTarget.EmptyMetadata),
        new RoutingRule("*", RoutingActionNames.Bounce, string.Empty, true, RoutingTarget.EmptyMetadata));

    internal sealed class Tagger : IObjectTagger
    {
        public Task TagAsync(string bucket, string key, IReadOnlyList<KeyValuePair<string, string>> tags, CancellationToken cancellationToken)
        {
            // S3 refuses more than 10 tags, keys over 128 and values over 256 characters: the router must never send them.
            if (tags.Count > 10 || tags.Any(t => t.Key.Length is 0 or > 128 || t.Value.Length > 256))
            {
                throw new FuzzFinding($"The router sent tags S3 refuses: {string.Join(", ", tags.Select(t => $"{t.Key}={t.Value}"))}");
            }

            return Task.CompletedTask;
        }
    }

    internal sealed class Tokens : IIntegrationTestTokenSource
    {
        public ValueTask<string?> GetTokenAsync(CancellationToken cancellationToken) => ValueTask.FromResult<string?>("fuzz-token");
    }

    internal sealed class Ledger : IBounceLedger
    {
        public Task<BounceClaim> ClaimAsync(string sesMessageId, CancellationToken cancellationToken) =>
            Task.FromResult(new BounceClaim(sesMessageId, BounceClaimOutcome.Claimed, "fuzz"));

        public Task<bool> MarkSendingAsync(BounceClaim claim, CancellationToken cancellationToken) => Task.FromResult(true);

        public Task MarkSentAsync(BounceClaim claim, string notificationId, CancellationToken cancellationToken) => Task.CompletedTask;

        public Task ReleaseAsync(BounceClaim claim, CancellationToken cancellationToken) => Task.CompletedTask;
    }

    /// <summary>Writes each message as SES would receive it, so a notification that cannot be serialized is caught.</summary>
    internal sealed class Sender : IRawEmailSender
    {
        public int Sent { get; private set; }

        public async Task<string> SendAsync(MimeMessage message, IReadOnlyList<string> destinations, CancellationToken cancellationToken)
        {
            using var sink = new MemoryStream();
            await message.WriteToAsync(sink, cancellationToken).ConfigureAwait(false);
            Sent++;
            return "fuzz-notification";
        }
    }

    internal sealed class NoHeaders : IOriginalHeaderSource
    {
        public Task<byte[]?> ReadAsync(SesNotification? ses, string messageId, CancellationToken cancellationToken) => Task.FromResult<byte[]?>(null);
    }
}
