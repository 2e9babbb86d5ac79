using System.Text.Json;
using SesMail.Aws.Events;
using SesMail.Functions.Observability;
using SesMail.Functions.Routing;

namespace SesMail.Functions.Router;

/// <summary>
/// The router: the EventBridge Pipe's enrichment step between the input queue and the routing bus (docs/ARCHITECTURE.md#routing-decisions).
/// Handler: <c>SesMail.Functions::SesMail.Functions.Router.RouterFunction::HandleAsync</c>.
/// </summary>
/// <remarks>
/// <para>Input: the pipe's batch, a JSON array of SQS records (an <c>{"Records":[…]}</c> SQS event is accepted too),
/// whose <c>body</c> is the SES <c>Received</c> notification or an SNS envelope around it. Output: a JSON array with
/// one detail object (<see cref="RoutingDetail"/>) per record, in input order; the pipe adds <c>source</c>
/// <c>ses.email.router</c> and <c>detail-type</c> <c>Email Routing Decision</c>. At most 10 records per call; a
/// non-empty input never yields an empty array (unreadable records give a detail with no targets, logged and counted
/// as <c>RouterEnrichmentFailure</c>). A failed DynamoDB read throws, so the pipe retries the batch.</para>
/// <para>Environment variables: see <see cref="RouterOptions"/>; read once at cold start, a missing or malformed one
/// stops the start with a message naming it.</para>
/// <para>IAM: <c>dynamodb:GetItem</c> on the table, <c>s3:PutObjectTagging</c> on <c>emails/*</c>,
/// <c>ssm:GetParameter</c> (+ <c>kms:Decrypt</c>) on the token parameter.</para>
/// </remarks>
public sealed class RouterFunction : IDisposable
{
    /// <summary>The structured-log <c>service</c> name.</summary>
    public const string ServiceName = "ses-mail-router-enrichment";

    /// <summary>The most records one call accepts.</summary>
    public const int MaxBatchSize = 10;

    private readonly FunctionServices _services;
    private readonly StructuredLogger _logger;
    private readonly EmbeddedMetrics _metrics;
    private readonly MessageRouter _router;

    /// <summary>Creates the function from the process environment (what the Lambda runtime calls).</summary>
    /// <exception cref="FunctionConfigurationException">A variable is unset or malformed (see <see cref="RouterOptions"/>).</exception>
    public RouterFunction()
        : this(FunctionSettings.FromProcessEnvironment())
    {
    }

    /// <summary>Creates the function from explicit settings (local runtime, tests).</summary>
    /// <param name="settings">The function's environment variables.</param>
    /// <exception cref="FunctionConfigurationException">A variable is unset or malformed (see <see cref="RouterOptions"/>).</exception>
    public RouterFunction(FunctionSettings settings)
        : this(RouterOptions.From(settings))
    {
    }

    private RouterFunction(RouterOptions options)
        : this(options, new FunctionServices(options.Aws))
    {
    }

    /// <summary>Creates the function over composed services, optionally replacing its collaborators (tests).</summary>
    /// <param name="options">The function's settings.</param>
    /// <param name="services">Clients, output and clock.</param>
    /// <param name="rules">The rule store; default DynamoDB, cached.</param>
    /// <param name="tagger">The object tagger; default S3.</param>
    /// <param name="testTokens">The integration-test token source; default SSM.</param>
    internal RouterFunction(RouterOptions options, FunctionServices services, IRoutingRuleStore? rules = null, IObjectTagger? tagger = null, IIntegrationTestTokenSource? testTokens = null)
    {
        _services = services;
        _logger = services.CreateLogger(ServiceName);
        _metrics = services.CreateMetrics(ServiceName, options.Environment);
        var store = new CachingRoutingRuleStore(
            rules ?? new DynamoDbRoutingRuleStore(services.DynamoDb, options.RoutingTableName),
            options.RuleCacheTimeToLive,
            services.Time);
        testTokens ??= new SsmIntegrationTestTokenSource(services.Ssm, options.IntegrationTestTokenParameter, services.Time, _logger);
        var engine = new RoutingEngine(store, testTokens, _logger);
        _router = new MessageRouter(engine, tagger ?? new S3ObjectTagger(services.S3), _logger, options.Environment, options.EmailBucket);
    }

    /// <summary>Routes a pipe enrichment batch.</summary>
    /// <param name="input">JSON: an array of SQS records.</param>
    /// <returns>JSON: an array of routing details, one per record.</returns>
    /// <exception cref="JsonException">The input is not a JSON array of SQS records.</exception>
    /// <exception cref="InvalidOperationException">More than 10 records.</exception>
    /// <exception cref="Amazon.Runtime.AmazonServiceException">A rule read failed; the batch must be retried.</exception>
    public Task<Stream> HandleAsync(Stream input) => HandleAsync(input, CancellationToken.None);

    /// <summary>Routes a pipe enrichment batch.</summary>
    /// <param name="input">JSON: an array of SQS records.</param>
    /// <param name="cancellationToken">Cancels AWS calls.</param>
    /// <returns>JSON: an array of routing details, one per record.</returns>
    internal async Task<Stream> HandleAsync(Stream input, CancellationToken cancellationToken)
    {
        var records = await ReadRecordsAsync(input, cancellationToken).ConfigureAwait(false);
        if (records.Count > MaxBatchSize)
        {
            throw new InvalidOperationException(
                $"The router received {records.Count} records; it handles at most {MaxBatchSize} per call. Set the pipe's source batch size to 10 or less.");
        }

        var counters = new MetricCounters().Declare(MessageRouter.SuccessMetric, MessageRouter.FailureMetric, MessageRouter.AcceptedMetric, MessageRouter.SpamMetric);
        var details = new List<RoutingDetail>(records.Count);
        try
        {
            foreach (var record in records)
            {
                details.Add(await RouteRecordAsync(record, counters, cancellationToken).ConfigureAwait(false));
            }
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            counters.Add(MessageRouter.FailureMetric, records.Count - details.Count);
            _logger.Error("Routing failed; the batch will be retried", exception, new LogField("records", records.Count), new LogField("routed", details.Count));
            throw;
        }
        finally
        {
            counters.PublishTo(_metrics);
        }

        var output = new MemoryStream();
        await JsonSerializer.SerializeAsync(output, details, FunctionsJsonContext.Default.ListRoutingDetail, cancellationToken).ConfigureAwait(false);
        output.Position = 0;
        return output;
    }

    /// <inheritdoc />
    public void Dispose() => _services.Dispose();

    private async Task<RoutingDetail> RouteRecordAsync(SqsEvent.SqsMessage record, MetricCounters counters, CancellationToken cancellationToken)
    {
        SesNotification? notification;
        try
        {
            notification = ReadNotification(record.Body);
        }
        catch (JsonException exception)
        {
            _logger.Error("SQS record body is not an SES notification; emitting an empty decision", exception, new LogField("sqsMessageId", record.MessageId));
            counters.Add(MessageRouter.FailureMetric);
            return MessageRouter.Fallback(null).Detail;
        }

        if (!string.Equals(notification.NotificationType, "Received", StringComparison.Ordinal))
        {
            _logger.Warning(
                "SES notification is not a Received notification; emitting an empty decision",
                new LogField("sqsMessageId", record.MessageId),
                new LogField("notificationType", notification.NotificationType));
            return new RoutingDetail(notification.Mail?.MessageId ?? string.Empty, notification, RoutingActions.Empty);
        }

        return await _router.RouteAsync(notification, counters, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Reads the SES notification from an SQS body: raw, or inside an SNS envelope (docs/ARCHITECTURE.md#routing-decisions).</summary>
    /// <param name="body">The SQS body.</param>
    /// <returns>The notification.</returns>
    /// <exception cref="JsonException">The body is missing, not JSON, or not a JSON object.</exception>
    internal static SesNotification ReadNotification(string? body)
    {
        if (string.IsNullOrWhiteSpace(body))
        {
            throw new JsonException("The SQS record has no body.");
        }

        using var document = JsonDocument.Parse(body);
        var root = document.RootElement;
        if (root.ValueKind != JsonValueKind.Object)
        {
            throw new JsonException($"The SQS body is a JSON {root.ValueKind}, not an object.");
        }

        if (root.TryGetProperty("Type", out var type) && type.ValueKind == JsonValueKind.String && type.ValueEquals("Notification")
            && root.TryGetProperty("Message", out var message) && message.ValueKind == JsonValueKind.String)
        {
            return ReadNotification(message.GetString());
        }

        return root.Deserialize(FunctionsJsonContext.Default.SesNotification) ?? throw new JsonException("The SQS body is JSON null.");
    }

    private static async Task<IReadOnlyList<SqsEvent.SqsMessage>> ReadRecordsAsync(Stream input, CancellationToken cancellationToken)
    {
        using var document = await JsonDocument.ParseAsync(input, cancellationToken: cancellationToken).ConfigureAwait(false);
        var root = document.RootElement;
        if (root.ValueKind == JsonValueKind.Object && root.TryGetProperty("Records", out var wrapped))
        {
            root = wrapped;
        }

        if (root.ValueKind != JsonValueKind.Array)
        {
            throw new JsonException("The router expects a JSON array of SQS records (the pipe's enrichment input).");
        }

        return root.Deserialize(LambdaEventsJsonContext.Default.IReadOnlyListSqsMessage) ?? [];
    }
}
