using System.Text.Json;
using System.Text.Json.Nodes;
using Amazon.SimpleSystemsManagement;
using Amazon.SimpleSystemsManagement.Model;
using Amazon.SQS;
using Amazon.SQS.Model;
using SesMail.Functions;
using SesMail.Functions.Gmail;
using SesMail.Functions.GmailForwarder;
using SesMail.Testing.Functions.GmailForwarder;
using SesMail.Tests.Emulator.Gmail;
using SesMail.Tests.Support;

namespace SesMail.Tests.Functions.GmailForwarder;

/// <summary>
/// A forwarder wired to the in-process emulator (Gmail stand-in, SQS retry queue, SSM token parameters under a path of
/// its own) with in-memory S3 objects and idempotency ledger, and a mailbox of its own whose token is the default token.
/// </summary>
internal sealed class GmailForwarderHarness : IDisposable
{
    /// <summary>A forwarder against the shared emulator, with a retry queue and retry DLQ of its own.</summary>
    /// <param name="emulator">The shared emulator.</param>
    /// <param name="resumableThreshold">GMAIL_RESUMABLE_THRESHOLD_BYTES, or null.</param>
    /// <param name="recordDefaultAccount">Whether the default token records its account (<see cref="Mailbox"/>), as
    /// <c>sesmail token refresh</c> now writes it; otherwise it records none and serves every target, as before accounts.</param>
    /// <param name="ledgerClock">The clock of the in-memory ledger's leases (default the system clock).</param>
    /// <param name="credentials">Wraps the SSM credential store the function reads through (e.g. in a cache), or <c>null</c>.</param>
    public GmailForwarderHarness(EmulatorFixture emulator, long? resumableThreshold = null, bool recordDefaultAccount = false, TimeProvider? ledgerClock = null, Func<IGmailCredentialStore, IGmailCredentialStore>? credentials = null)
        : this(emulator.BaseUrl, retryQueueUrl: null, retryDeadLetterQueueUrl: null, resumableThreshold, recordDefaultAccount, ledgerClock, credentials)
    {
    }

    /// <summary>A forwarder against the emulator at <paramref name="baseUrl"/>.</summary>
    /// <param name="baseUrl">The emulator.</param>
    /// <param name="retryQueueUrl">The retry queue to park in, or <c>null</c> for a new queue of its own.</param>
    /// <param name="retryDeadLetterQueueUrl">The retry DLQ; empty or <c>null</c> for a new queue of its own.</param>
    /// <param name="resumableThreshold">GMAIL_RESUMABLE_THRESHOLD_BYTES, or null.</param>
    /// <param name="recordDefaultAccount">Whether the default token records its account (<see cref="Mailbox"/>).</param>
    /// <param name="ledgerClock">The clock of the in-memory ledger's leases (default the system clock).</param>
    /// <param name="credentials">Wraps the SSM credential store the function reads through, or <c>null</c>.</param>
    public GmailForwarderHarness(Uri baseUrl, string? retryQueueUrl, string? retryDeadLetterQueueUrl, long? resumableThreshold = null, bool recordDefaultAccount = false, TimeProvider? ledgerClock = null, Func<IGmailCredentialStore, IGmailCredentialStore>? credentials = null)
    {
        Ledger = new InMemoryGmailImportLedger(ledgerClock ?? TimeProvider.System);
        Mailbox = GmailStandInDriver.NewMailbox("fwd");
        Gmail = new GmailStandInDriver(baseUrl);
        Sqs = new AmazonSQSClient(EmulatorFixture.Credentials, new AmazonSQSConfig { ServiceURL = baseUrl.ToString(), AuthenticationRegion = EmulatorFixture.Region });
        Ssm = new AmazonSimpleSystemsManagementClient(EmulatorFixture.Credentials, new AmazonSimpleSystemsManagementConfig { ServiceURL = baseUrl.ToString(), AuthenticationRegion = EmulatorFixture.Region });
        var root = $"/sesmail-tests/{Guid.NewGuid():N}";
        ClientParameter = root + "/client-credentials";
        DefaultTokenParameter = root + "/refresh-token";
        AccountsPath = root + "/accounts";
        RetryQueueUrl = retryQueueUrl ?? Sqs.CreateQueueAsync($"ses-mail-gmail-forwarder-retry-{Guid.NewGuid():N}").GetAwaiter().GetResult().QueueUrl;
        var values = new Dictionary<string, string>
        {
            ["ENVIRONMENT"] = "test",
            ["AWS_REGION"] = EmulatorFixture.Region,
            ["AWS_ENDPOINT_URL"] = baseUrl.ToString(),
            ["EMAIL_BUCKET"] = "ses-mail-storage-000000000000-test",
            ["RETRY_QUEUE_URL"] = RetryQueueUrl,
            ["GMAIL_API_BASE_URL"] = baseUrl.ToString(),
            ["GMAIL_RETRY_BUDGET_SECONDS"] = "20",
            ["GMAIL_REFRESH_TOKEN_PARAMETER"] = "/ses-mail/test/gmail-forwarder/oauth/refresh-token",
            ["GMAIL_ACCOUNT_TOKEN_PARAMETER_PATH"] = "/ses-mail/test/gmail-forwarder/oauth/accounts",
            ["GMAIL_CLIENT_CREDENTIALS_PARAMETER"] = "/ses-mail/test/gmail-forwarder/oauth/client-credentials",
            ["ROUTING_TABLE_NAME"] = "ses-mail-email-routing-test",
        };
        if (resumableThreshold is { } threshold)
        {
            values["GMAIL_RESUMABLE_THRESHOLD_BYTES"] = threshold.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        RetryDeadLetterQueueUrl = retryDeadLetterQueueUrl is { Length: > 0 }
            ? retryDeadLetterQueueUrl
            : Sqs.CreateQueueAsync($"ses-mail-gmail-forwarder-retry-dlq-{Guid.NewGuid():N}").GetAwaiter().GetResult().QueueUrl;
        values["RETRY_DLQ_URL"] = RetryDeadLetterQueueUrl;

        Options = GmailForwarderOptions.From(new FunctionSettings(values));
        Services = new FunctionServices(Options.Aws, Output, TimeProvider.System, () => null);
        PutParameter(ClientParameter, $$$"""{"installed":{"client_id":"sesmail-local","client_secret":"sesmail-local-secret","token_uri":"{{{new Uri(baseUrl, "/_sesmail/oauth2/token")}}}","auth_uri":"{{{new Uri(baseUrl, "/_sesmail/oauth2/auth")}}}","redirect_uris":["http://localhost"]}}""");
        PutParameter(DefaultTokenParameter, TokenValue(Mailbox, recordDefaultAccount ? Mailbox : null));
        Credentials = new SsmGmailCredentialStore(Ssm, ClientParameter, DefaultTokenParameter, AccountsPath, "test");
        Function = new GmailForwarderFunction(Options, Services, credentials?.Invoke(Credentials) ?? Credentials, Objects, Ledger, retry: new GmailRetryPolicy(TimeProvider.System, 4, TimeSpan.FromMilliseconds(50), TimeSpan.FromMilliseconds(400)));
    }

    public string Mailbox { get; }

    public GmailStandInDriver Gmail { get; }

    public AmazonSQSClient Sqs { get; }

    public AmazonSimpleSystemsManagementClient Ssm { get; }

    public string ClientParameter { get; }

    public string DefaultTokenParameter { get; }

    public string AccountsPath { get; }

    public string RetryQueueUrl { get; }

    /// <summary>The retry DLQ (<c>RETRY_DLQ_URL</c>): the given one, or a new queue of its own.</summary>
    public string RetryDeadLetterQueueUrl { get; }

    public StringWriter Output { get; } = new();

    public GmailForwarderOptions Options { get; }

    public FunctionServices Services { get; }

    public SsmGmailCredentialStore Credentials { get; }

    public InMemoryEmailObjects Objects { get; } = new();

    public InMemoryGmailImportLedger Ledger { get; }

    public GmailForwarderFunction Function { get; }

    public List<JsonElement> Logs => Lines().Where(l => !l.TryGetProperty("_aws", out _)).ToList();

    public List<JsonElement> ActionResults => Logs.Where(l => l.GetProperty("message").GetString() == "Action result").ToList();

    public Dictionary<string, double> Metrics =>
        Lines().Where(l => l.TryGetProperty("_aws", out _))
            .SelectMany(l => l.GetProperty("_aws").GetProperty("CloudWatchMetrics")[0].GetProperty("Metrics").EnumerateArray()
                .Select(m => m.GetProperty("Name").GetString()!).Select(name => (name, value: l.GetProperty(name).GetDouble())))
            .GroupBy(p => p.name).ToDictionary(g => g.Key, g => g.Sum(p => p.value));

    /// <summary>Stores <paramref name="account"/>'s own token (the stand-in's refresh token for that mailbox) as <c>token refresh --account</c> does.</summary>
    public void PutAccountToken(string account) =>
        PutParameter(GmailAccounts.ParameterName(AccountsPath, account), TokenValue(account, account));

    /// <summary>A refresh-token parameter value for a stand-in mailbox, recording <paramref name="account"/> (or no account).</summary>
    public static string TokenValue(string mailbox, string? account) =>
        new JsonObject
        {
            ["token"] = GmailStandInDriver.RefreshTokenFor(mailbox),
            ["created_at"] = "2026-01-18T10:00:00Z",
            ["expires_at"] = "2026-01-25T10:00:00Z",
            ["expires_at_epoch"] = 1769335200,
            ["account"] = account,
        }.ToJsonString();

    public void PutParameter(string name, string value) =>
        Ssm.PutParameterAsync(new PutParameterRequest { Name = name, Value = value, Type = "SecureString", Overwrite = true }).GetAwaiter().GetResult();

    /// <summary>A bus envelope routing <paramref name="sesMessageId"/> to Gmail: one target per (recipient, destination account).</summary>
    public static string RoutingEventTo(string sesMessageId, params (string Recipient, string Destination)[] targets)
    {
        var envelope = JsonNode.Parse(RoutingEvent(sesMessageId))!.AsObject();
        var entries = new JsonArray(targets.Select(t => (JsonNode)new JsonObject { ["target"] = t.Recipient, ["destination"] = t.Destination, ["metadata"] = new JsonObject() }).ToArray());
        envelope["detail"]!["actions"]!["forward-to-gmail"] = new JsonObject { ["count"] = targets.Length, ["targets"] = entries };
        return envelope.ToJsonString();
    }

    /// <summary>A bus envelope routing <paramref name="sesMessageId"/> to Gmail for each of <paramref name="recipients"/> (destination <c>me@example.test</c>).</summary>
    public static string RoutingEvent(string sesMessageId, params string[] recipients)
    {
        var envelope = JsonNode.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Fixtures", "Events", "eventbridge-routing-event.json")))!.AsObject();
        var detail = envelope["detail"]!.AsObject();
        detail["originalMessageId"] = sesMessageId;
        detail["ses"]!["mail"]!["messageId"] = sesMessageId;
        var targets = new JsonArray(recipients.Select(r => (JsonNode)new JsonObject { ["target"] = r, ["destination"] = "me@example.test", ["metadata"] = new JsonObject() }).ToArray());
        detail["actions"]!["forward-to-gmail"] = new JsonObject { ["count"] = recipients.Length, ["targets"] = targets };
        return envelope.ToJsonString();
    }

    public static JsonObject SqsRecord(string body, string messageId, JsonObject? messageAttributes = null) => new()
    {
        ["messageId"] = messageId,
        ["receiptHandle"] = "handle-" + messageId,
        ["body"] = body,
        ["attributes"] = new JsonObject { ["ApproximateReceiveCount"] = "1", ["SentTimestamp"] = "1768730400000" },
        ["messageAttributes"] = messageAttributes ?? new JsonObject(),
        ["md5OfBody"] = "d41d8cd98f00b204e9800998ecf8427e",
        ["eventSource"] = "aws:sqs",
        ["eventSourceARN"] = "arn:aws:sqs:ap-southeast-2:000000000000:ses-mail-gmail-forwarder-test",
        ["awsRegion"] = "ap-southeast-2",
    };

    /// <summary>Invokes the handler with one record; returns the <c>itemIdentifier</c>s it reported failed.</summary>
    public async Task<IReadOnlyList<string>> InvokeAsync(JsonObject record, string? requestId = "req-1")
    {
        var input = new MemoryStream(JsonSerializer.SerializeToUtf8Bytes(new JsonObject { ["Records"] = new JsonArray(record) }));
        await using var output = await Function.HandleAsync(input, requestId, TestContext.Current.CancellationToken);
        var response = await JsonNode.ParseAsync(output, cancellationToken: TestContext.Current.CancellationToken);
        return [.. response!["batchItemFailures"]!.AsArray().Select(f => f!["itemIdentifier"]!.GetValue<string>())];
    }

    /// <summary>
    /// The forwarder as a Lambda function behind the emulator's Lambda seam: an SQS event in, the batch response out
    /// (how the retry processor's <c>lambda:invoke</c> reaches it in tests).
    /// </summary>
    public (JsonNode? Response, string? FunctionError) Handle(JsonNode? sqsEvent)
    {
        var input = new MemoryStream(JsonSerializer.SerializeToUtf8Bytes(sqsEvent));
        using var output = Function.HandleAsync(input, Guid.NewGuid().ToString(), CancellationToken.None).GetAwaiter().GetResult();
        return (JsonNode.Parse(output), null);
    }

    public Task<JsonArray> StoredAsync() => Gmail.StoredAsync(Mailbox, TestContext.Current.CancellationToken);

    public void Dispose()
    {
        Function.Dispose();
        Sqs.Dispose();
        Ssm.Dispose();
        Gmail.Dispose();
    }

    private IEnumerable<JsonElement> Lines() =>
        Output.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonDocument.Parse(l).RootElement.Clone());
}
