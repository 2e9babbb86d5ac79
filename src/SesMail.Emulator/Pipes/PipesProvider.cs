using System.Globalization;
using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;
using SesMail.Emulator.EventBridge;
using SesMail.Emulator.Lambda;
using SesMail.Emulator.Lambda.EventSources;
using SesMail.Emulator.Protocols;

namespace SesMail.Emulator.Pipes;

/// <summary>
/// Amazon EventBridge Pipes, one method per operation (https://docs.aws.amazon.com/eventbridge/latest/pipes-reference/API_Operations.html),
/// spoken in REST-JSON by <see cref="PipesService"/>; pipes run in <see cref="PipeRunner"/>.
/// </summary>
/// <remarks>
/// Sources: SQS queues only. Targets: event buses only (<c>EventBridgeEventBusParameters</c>). Enrichment: a Lambda
/// function, invoked through <see cref="ILambdaInvoker"/>. Not emulated (refused with <c>ValidationException</c>):
/// other sources and targets, enrichment and target input templates, customer-managed KMS keys. A pipe reports its
/// transitional state (<c>CREATING</c>, <c>UPDATING</c>, <c>STARTING</c>, <c>STOPPING</c>) until <see cref="PipeRunner"/>
/// settles it: <c>RUNNING</c> or <c>STOPPED</c>, or <c>CREATE_FAILED</c>/<c>UPDATE_FAILED</c>/<c>START_FAILED</c> with a
/// <c>StateReason</c> when, with IAM enforced, the pipe's role lacks what the SQS source needs; a running pipe refused
/// by IAM later keeps <c>RUNNING</c> with a <c>PROBLEM: …</c> reason. <c>LogConfiguration</c> is stored, not written to.
/// </remarks>
internal sealed partial class PipesProvider(PipesStore store, EventSourceCatalog sources, TimeProvider time)
{
    public PipeStateResult CreatePipe(PipeRequest request, AwsRequestContext context)
    {
        var name = CheckName(request.Name);
        var desired = CheckDesiredState(request.DesiredState ?? "RUNNING");
        var source = request.Source ?? throw Validation("Source must not be null.");
        if (!source.StartsWith("arn:aws:sqs:", StringComparison.Ordinal))
        {
            throw NotEmulated($"The source {source} (only SQS queues are)");
        }

        sources.RequireSource(source, context);
        var now = time.GetUtcNow();
        var pipe = Build(
            new Pipe(context.Region, name, $"arn:aws:pipes:{context.Region}:{context.AccountId}:pipe/{name}", null, desired, source, 10, 0, [], null, string.Empty,
                string.Empty, string.Empty, [], string.Empty, request.Tags ?? new Dictionary<string, string>(), null, now, now),
            request,
            creating: true);
        if (!store.TryAdd(pipe, "CREATING"))
        {
            throw new AwsServiceException("ConflictException", $"Pipe {name} already exists.", HttpStatusCode.Conflict);
        }

        return State(pipe, "CREATING");
    }

    public DescribePipeResult DescribePipe(PipeNameRequest request, AwsRequestContext context)
    {
        var pipe = Require(request.Name, context);
        return new DescribePipeResult(
            pipe.Arn, pipe.Name, pipe.Description, pipe.DesiredState, Current(pipe), store.Status(pipe.Region, pipe.Name)?.StateReason, pipe.Source,
            new PipeSourceParameters(new PipeSourceSqsQueueParameters(pipe.BatchSize, pipe.MaximumBatchingWindowInSeconds), pipe.Filters.Count == 0 ? null : new FilterCriteria([.. pipe.Filters.Select(f => new EventSourceFilter(f))])),
            pipe.Enrichment, pipe.Target,
            new PipeTargetParameters(new PipeTargetEventBridgeEventBusParameters(pipe.DetailSource, pipe.DetailType, pipe.Resources.Count == 0 ? null : pipe.Resources, null, null), null),
            pipe.RoleArn, pipe.Tags.Count == 0 ? null : pipe.Tags, pipe.LogConfiguration, Seconds(pipe.CreationTime), Seconds(pipe.LastModifiedTime));
    }

    public ListPipesResult ListPipes(ListPipesRequest request, AwsRequestContext context)
    {
        var limit = request.Limit ?? 100;
        if (limit is < 1 or > 100)
        {
            throw Validation("Limit must be between 1 and 100.");
        }

        var all = store.All
            .Where(p => p.Region == context.Region)
            .Where(p => request.NamePrefix is null || p.Name.StartsWith(request.NamePrefix, StringComparison.Ordinal))
            .Where(p => request.DesiredState is null || p.DesiredState == request.DesiredState)
            .Where(p => request.CurrentState is null || Current(p) == request.CurrentState)
            .Where(p => request.SourcePrefix is null || p.Source.StartsWith(request.SourcePrefix, StringComparison.Ordinal))
            .Where(p => request.TargetPrefix is null || p.Target.StartsWith(request.TargetPrefix, StringComparison.Ordinal))
            .ToList();
        var start = request.NextToken is null ? 0 : int.TryParse(request.NextToken, NumberStyles.None, CultureInfo.InvariantCulture, out var s) ? s : throw Validation("Invalid NextToken.");
        var page = all.Skip(start).Take(limit)
            .Select(p => new PipeSummary(p.Arn, p.Name, p.DesiredState, Current(p), store.Status(p.Region, p.Name)?.StateReason, p.Source, p.Enrichment, p.Target, Seconds(p.CreationTime), Seconds(p.LastModifiedTime)))
            .ToList();
        return new ListPipesResult(page, start + limit < all.Count ? (start + limit).ToString(CultureInfo.InvariantCulture) : null);
    }

    public PipeStateResult UpdatePipe(PipeRequest request, AwsRequestContext context)
    {
        var pipe = Require(request.Name, context);
        if (request.Source is not null && request.Source != pipe.Source)
        {
            throw Validation("A pipe's Source cannot be changed.");
        }

        var updated = Build(pipe with { DesiredState = CheckDesiredState(request.DesiredState ?? pipe.DesiredState), LastModifiedTime = time.GetUtcNow() }, request, creating: false);
        store.Replace(updated, "UPDATING");
        return State(updated, "UPDATING");
    }

    public PipeStateResult DeletePipe(PipeNameRequest request, AwsRequestContext context)
    {
        var pipe = Require(request.Name, context);
        store.Remove(pipe);
        return State(pipe with { DesiredState = "DELETED" }, "DELETING");
    }

    public PipeStateResult StartPipe(PipeNameRequest request, AwsRequestContext context)
    {
        var pipe = Require(request.Name, context) with { DesiredState = "RUNNING", LastModifiedTime = time.GetUtcNow() };
        store.Replace(pipe, "STARTING");
        return State(pipe, "STARTING");
    }

    public PipeStateResult StopPipe(PipeNameRequest request, AwsRequestContext context)
    {
        var pipe = Require(request.Name, context) with { DesiredState = "STOPPED", LastModifiedTime = time.GetUtcNow() };
        store.Replace(pipe, "STOPPING");
        return State(pipe, "STOPPING");
    }

    private Pipe Build(Pipe pipe, PipeRequest request, bool creating)
    {
        if (request.EnrichmentParameters is { Count: > 0 })
        {
            throw NotEmulated("EnrichmentParameters (input templates and HTTP parameters)");
        }

        if (request.TargetParameters?.InputTemplate is not null)
        {
            throw NotEmulated("TargetParameters.InputTemplate");
        }

        if (!string.IsNullOrEmpty(request.KmsKeyIdentifier))
        {
            throw NotEmulated("KmsKeyIdentifier");
        }

        var target = request.Target ?? (creating ? throw Validation("Target must not be null.") : pipe.Target);
        if (!target.StartsWith("arn:aws:events:", StringComparison.Ordinal) || !target.Contains(":event-bus/", StringComparison.Ordinal))
        {
            throw NotEmulated($"The target {target} (only event buses are)");
        }

        var role = request.RoleArn ?? (creating ? throw Validation("RoleArn must not be null.") : pipe.RoleArn);
        var sqs = request.SourceParameters?.SqsQueueParameters;
        var batch = sqs?.BatchSize ?? pipe.BatchSize;
        var window = sqs?.MaximumBatchingWindowInSeconds ?? pipe.MaximumBatchingWindowInSeconds;
        if (batch is < 1 or > 10_000 || window is < 0 or > 300 || (batch > 10 && window < 1))
        {
            throw Validation($"SqsQueueParameters: BatchSize {batch} needs 1–10000 (above 10 with a batching window of at least 1 s) and MaximumBatchingWindowInSeconds {window} 0–300.");
        }

        var filters = pipe.Filters;
        if (request.SourceParameters?.FilterCriteria is { } criteria)
        {
            filters = [.. (criteria.Filters ?? []).Select(f => f.Pattern ?? throw Validation("A filter needs a Pattern."))];
            foreach (var pattern in filters)
            {
                try
                {
                    EventPattern.Parse(pattern);
                }
                catch (Exception error) when (error is JsonException or AwsServiceException)
                {
                    throw Validation($"Invalid filter pattern: {error.Message}");
                }
            }
        }

        var bus = request.TargetParameters?.EventBridgeEventBusParameters;
        return pipe with
        {
            Description = request.Description ?? pipe.Description,
            BatchSize = batch,
            MaximumBatchingWindowInSeconds = window,
            Filters = filters,
            Enrichment = request.Enrichment is null ? pipe.Enrichment : request.Enrichment.Length == 0 ? null : request.Enrichment,
            Target = target,
            DetailSource = bus?.Source ?? (pipe.DetailSource.Length > 0 ? pipe.DetailSource : $"Pipe {pipe.Name}"),
            DetailType = bus?.DetailType ?? (pipe.DetailType.Length > 0 ? pipe.DetailType : "Event from aws:sqs"),
            Resources = bus?.Resources ?? pipe.Resources,
            RoleArn = role,
            LogConfiguration = request.LogConfiguration ?? pipe.LogConfiguration,
        };
    }

    private Pipe Require(string? name, AwsRequestContext context) =>
        store.Find(context.Region, name ?? throw Validation("Name must not be null."))
            ?? throw new AwsServiceException("NotFoundException", $"Pipe {name} does not exist.", HttpStatusCode.NotFound);

    private static PipeStateResult State(Pipe pipe, string current) =>
        new(pipe.Arn, pipe.Name, pipe.DesiredState, current, Seconds(pipe.CreationTime), Seconds(pipe.LastModifiedTime));

    private string Current(Pipe pipe) =>
        store.Status(pipe.Region, pipe.Name)?.CurrentState ?? (pipe.DesiredState == "RUNNING" ? "RUNNING" : "STOPPED");

    private static double Seconds(DateTimeOffset time) => time.ToUnixTimeMilliseconds() / 1000.0;

    private static string CheckName(string? name) =>
        name is not null && NamePattern().IsMatch(name) ? name : throw Validation($"Name '{name}' must match [\\.\\-_A-Za-z0-9]+ and be 1–64 characters.");

    private static string CheckDesiredState(string state) =>
        state is "RUNNING" or "STOPPED" ? state : throw Validation($"DesiredState '{state}' must be RUNNING or STOPPED.");

    private static AwsServiceException Validation(string message) => new("ValidationException", message);

    private static AwsServiceException NotEmulated(string what) => new("ValidationException", $"{what} is not emulated by SesMail.Emulator.");

    [GeneratedRegex(@"^[\.\-_A-Za-z0-9]{1,64}$")]
    private static partial Regex NamePattern();
}
