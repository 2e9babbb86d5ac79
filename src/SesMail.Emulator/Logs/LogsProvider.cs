using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using SesMail.Emulator.CloudWatch;
using SesMail.Emulator.Hosting;
using SesMail.Emulator.Persistence;
using SesMail.Emulator.Protocols;

namespace SesMail.Emulator.Logs;

/// <summary>
/// Amazon CloudWatch Logs, one method per operation
/// (https://docs.aws.amazon.com/AmazonCloudWatchLogs/latest/APIReference/API_Operations.html), spoken in JSON 1.1 by
/// <see cref="LogsService"/>; also the in-process <see cref="ILogSink"/> other services write through. Every stored
/// event also goes through Embedded Metric Format extraction and the group's metric filters, whose metrics go to
/// <see cref="IMetricPublisher"/>, as CloudWatch Logs does.
/// </summary>
/// <remarks>
/// Retention is applied on the injected clock whenever a group is read or written (AWS deletes expired events within
/// days; here they disappear at once). Not emulated: Logs Insights queries (<c>StartQuery</c>), subscription filters,
/// export tasks, destinations, data protection, KMS encryption (<c>kmsKeyId</c> is stored only), the
/// <c>INFREQUENT_ACCESS</c> class's restrictions, account-level and cross-account features, and <c>StartLiveTail</c>
/// (<c>aws logs tail --follow</c> polls <c>FilterLogEvents</c> and works). Events are bounded per stream
/// (<see cref="LogsStore.MaxEventsPerStream"/>).
/// </remarks>
internal sealed partial class LogsProvider(LogsStore store, IMetricPublisher metrics, EmulatorOptions options, TimeProvider time, IStateChanges? changes = null) : ILogSink
{
    private const int MaxBatchEvents = 10_000;
    private const int MaxBatchBytes = 1_048_576;
    private const int MaxPage = 10_000;
    private static readonly int[] RetentionDays = [1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653];

    private long Now => time.GetUtcNow().ToUnixTimeMilliseconds();

    public EmptyResult CreateLogGroup(CreateLogGroupRequest request, AwsRequestContext context)
    {
        var name = CheckGroupName(request.LogGroupName);
        if (request.LogGroupClass is { } logClass && logClass is not ("STANDARD" or "INFREQUENT_ACCESS" or "DELIVERY"))
        {
            throw LogsErrors.Validation($"1 validation error detected: Value '{logClass}' at 'logGroupClass' failed to satisfy constraint: Member must satisfy enum value set: [DELIVERY, STANDARD, INFREQUENT_ACCESS]");
        }

        var group = new LogGroup(context.Region, name, Now) { KmsKeyId = request.KmsKeyId, LogGroupClass = request.LogGroupClass ?? "STANDARD" };
        foreach (var (key, value) in request.Tags ?? [])
        {
            group.Tags[key] = value;
        }

        if (!ReferenceEquals(store.GetOrAdd(group), group))
        {
            throw LogsErrors.GroupExists();
        }

        return EmptyResult.Instance;
    }

    public EmptyResult DeleteLogGroup(LogGroupRequest request, AwsRequestContext context)
    {
        var name = request.LogGroupName ?? throw LogsErrors.Missing("logGroupName");
        return store.Remove(context.Region, name) ? EmptyResult.Instance : throw LogsErrors.GroupNotFound();
    }

    public EmptyResult PutRetentionPolicy(PutRetentionPolicyRequest request, AwsRequestContext context)
    {
        var group = RequireGroup(request.LogGroupName, null, context);
        var days = request.RetentionInDays ?? throw LogsErrors.Missing("retentionInDays");
        if (!RetentionDays.Contains(days))
        {
            throw LogsErrors.InvalidParameter($"1 validation error detected: Value '{days}' at 'retentionInDays' failed to satisfy constraint: Member must satisfy enum value set: [{string.Join(", ", RetentionDays)}]");
        }

        lock (group.Gate)
        {
            group.RetentionInDays = days;
            group.ApplyRetention(Now);
        }

        return EmptyResult.Instance;
    }

    public EmptyResult DeleteRetentionPolicy(LogGroupRequest request, AwsRequestContext context)
    {
        var group = RequireGroup(request.LogGroupName, null, context);
        lock (group.Gate)
        {
            group.RetentionInDays = null;
        }

        return EmptyResult.Instance;
    }

    public DescribeLogGroupsResult DescribeLogGroups(DescribeLogGroupsRequest request, AwsRequestContext context)
    {
        if (request.LogGroupNamePrefix is not null && request.LogGroupNamePattern is not null)
        {
            throw LogsErrors.InvalidParameter("LogGroupNamePrefix and LogGroupNamePattern are mutually exclusive parameters.");
        }

        var limit = CheckLimit(request.Limit, 50);
        var groups = store.InRegion(context.Region)
            .Where(g => request.LogGroupNamePrefix is null || g.Name.StartsWith(request.LogGroupNamePrefix, StringComparison.Ordinal))
            .Where(g => request.LogGroupNamePattern is null || g.Name.Contains(request.LogGroupNamePattern, StringComparison.OrdinalIgnoreCase))
            .Where(g => request.LogGroupClass is null || g.LogGroupClass == request.LogGroupClass)
            .Where(g => request.NextToken is null || string.CompareOrdinal(g.Name, DecodeName(request.NextToken)) > 0)
            .ToList();
        var page = groups.Take(limit).Select(g => Describe(g, context)).ToList();
        return new DescribeLogGroupsResult(page, groups.Count > limit ? EncodeName(page[^1].LogGroupName) : null);
    }

    public EmptyResult CreateLogStream(LogStreamRequest request, AwsRequestContext context)
    {
        var group = RequireGroup(request.LogGroupName, null, context);
        var name = CheckStreamName(request.LogStreamName);
        lock (group.Gate)
        {
            if (!group.Streams.TryAdd(name, new LogStream(name, Now)))
            {
                throw LogsErrors.StreamExists();
            }
        }

        return EmptyResult.Instance;
    }

    public EmptyResult DeleteLogStream(LogStreamRequest request, AwsRequestContext context)
    {
        var group = RequireGroup(request.LogGroupName, null, context);
        var name = request.LogStreamName ?? throw LogsErrors.Missing("logStreamName");
        lock (group.Gate)
        {
            return group.Streams.Remove(name) ? EmptyResult.Instance : throw LogsErrors.StreamNotFound();
        }
    }

    public DescribeLogStreamsResult DescribeLogStreams(DescribeLogStreamsRequest request, AwsRequestContext context)
    {
        var group = RequireGroup(request.LogGroupName, request.LogGroupIdentifier, context);
        var limit = CheckLimit(request.Limit, 50);
        var orderBy = request.OrderBy ?? "LogStreamName";
        if (orderBy is not ("LogStreamName" or "LastEventTime"))
        {
            throw LogsErrors.Validation($"1 validation error detected: Value '{orderBy}' at 'orderBy' failed to satisfy constraint: Member must satisfy enum value set: [LastEventTime, LogStreamName]");
        }

        if (orderBy == "LastEventTime" && request.LogStreamNamePrefix is not null)
        {
            throw LogsErrors.InvalidParameter("Cannot order by LastEventTime with a logStreamNamePrefix.");
        }

        List<LogStreamDescription> all;
        lock (group.Gate)
        {
            group.ApplyRetention(Now);
            all = [.. group.Streams.Values
                .Where(s => request.LogStreamNamePrefix is null || s.Name.StartsWith(request.LogStreamNamePrefix, StringComparison.Ordinal))
                .Select(s => Describe(group, s, context))];
        }

        IEnumerable<LogStreamDescription> ordered = orderBy == "LastEventTime"
            ? all.OrderBy(s => s.LastEventTimestamp ?? 0).ThenBy(s => s.LogStreamName, StringComparer.Ordinal)
            : all;
        if (request.Descending == true)
        {
            ordered = ordered.Reverse();
        }

        var list = ordered.ToList();
        var skip = request.NextToken is null ? 0 : DecodeOffset(request.NextToken);
        var page = list.Skip(skip).Take(limit).ToList();
        return new DescribeLogStreamsResult(page, skip + limit < list.Count ? EncodeOffset(skip + limit) : null);
    }

    public PutLogEventsResult PutLogEvents(PutLogEventsRequest request, AwsRequestContext context)
    {
        var group = RequireGroup(request.LogGroupName, null, context);
        var streamName = request.LogStreamName ?? throw LogsErrors.Missing("logStreamName");
        var events = request.LogEvents ?? throw LogsErrors.Missing("logEvents");
        if (events.Count is 0 or > MaxBatchEvents)
        {
            throw LogsErrors.InvalidParameter($"1 validation error detected: Value at 'logEvents' failed to satisfy constraint: Member must have length between 1 and {MaxBatchEvents}");
        }

        long bytes = 0;
        for (var i = 0; i < events.Count; i++)
        {
            var e = events[i];
            if (e.Timestamp is null || e.Message is null)
            {
                throw LogsErrors.Missing($"logEvents.{i + 1}.member.{(e.Timestamp is null ? "timestamp" : "message")}");
            }

            if (i > 0 && e.Timestamp < events[i - 1].Timestamp)
            {
                throw LogsErrors.InvalidParameter("Log events in a single PutLogEvents request must be in chronological order.");
            }

            bytes += Encoding.UTF8.GetByteCount(e.Message) + 26;
        }

        if (bytes > MaxBatchBytes)
        {
            throw LogsErrors.InvalidParameter($"Upload too large: {bytes} bytes exceeds limit of {MaxBatchBytes}");
        }

        if (events[^1].Timestamp!.Value - events[0].Timestamp!.Value > 86_400_000L)
        {
            throw LogsErrors.InvalidParameter("The batch of log events in a single PutLogEvents request cannot span more than 24 hours.");
        }

        var now = Now;
        int? tooOld = null, expired = null, tooNew = null;
        var accepted = new List<(long Timestamp, string Message)>();
        int? retention;
        lock (group.Gate)
        {
            retention = group.RetentionInDays;
        }

        for (var i = 0; i < events.Count; i++)
        {
            var timestamp = events[i].Timestamp!.Value;
            if (timestamp < now - (14 * 86_400_000L))
            {
                tooOld = i;
            }
            else if (retention is { } days && timestamp < now - (days * 86_400_000L))
            {
                expired = i;
            }
            else if (timestamp > now + (2 * 3_600_000L))
            {
                tooNew ??= i;
            }
            else
            {
                accepted.Add((timestamp, events[i].Message!));
            }
        }

        lock (group.Gate)
        {
            if (!group.Streams.TryGetValue(streamName, out var stream))
            {
                throw LogsErrors.StreamNotFound();
            }

            Store(group, stream, accepted, now);
        }

        var rejected = tooOld is null && expired is null && tooNew is null ? null : new RejectedLogEventsInfo(tooNew, tooOld, expired);
        return new PutLogEventsResult(SequenceToken(store.NextSequence()), rejected);
    }

    /// <inheritdoc />
    public void Append(string logGroupName, string logStreamName, IReadOnlyList<LogEventEntry> events) =>
        Append(store.RegionOf(logGroupName) ?? options.DefaultRegion, logGroupName, logStreamName, events);

    /// <inheritdoc />
    public void Append(string region, string logGroupName, string logStreamName, IReadOnlyList<LogEventEntry> events)
    {
        if (events.Count == 0 || string.IsNullOrEmpty(logGroupName) || string.IsNullOrEmpty(logStreamName))
        {
            return;
        }

        var now = Now;
        var group = store.GetOrAdd(new LogGroup(region, logGroupName, now));
        lock (group.Gate)
        {
            if (!group.Streams.TryGetValue(logStreamName, out var stream))
            {
                stream = new LogStream(logStreamName, now);
                group.Streams[logStreamName] = stream;
            }

            Store(group, stream, [.. events.Select(e => (e.Timestamp.ToUnixTimeMilliseconds(), e.Message))], now);
        }

        changes?.Changed("logs");
    }

    public GetLogEventsResult GetLogEvents(GetLogEventsRequest request, AwsRequestContext context)
    {
        var group = RequireGroup(request.LogGroupName, request.LogGroupIdentifier, context);
        var streamName = request.LogStreamName ?? throw LogsErrors.Missing("logStreamName");
        var limit = CheckLimit(request.Limit, MaxPage);
        var start = request.StartTime ?? long.MinValue;
        var end = request.EndTime ?? long.MaxValue;
        List<StoredLogEvent> events;
        lock (group.Gate)
        {
            group.ApplyRetention(Now);
            if (!group.Streams.TryGetValue(streamName, out var stream))
            {
                throw LogsErrors.StreamNotFound();
            }

            events = [.. stream.Events.Where(e => e.Timestamp >= start && e.Timestamp < end)];
        }

        var token = request.NextToken is null ? null : ReadStreamToken(request.NextToken);
        var forward = token?.Forward ?? request.StartFromHead == true;
        List<StoredLogEvent> page;
        if (forward)
        {
            var from = token is null ? 0 : events.FindIndex(e => Compare(e, token.Value.Position) > 0);
            page = from < 0 ? [] : [.. events.Skip(from).Take(limit)];
        }
        else
        {
            var to = token is null ? events.Count : events.FindLastIndex(e => Compare(e, token.Value.Position) < 0) + 1;
            page = [.. events.Skip(Math.Max(0, to - limit)).Take(Math.Min(limit, to))];
        }

        // At either end of the stream the token that was passed in comes back, as AWS documents.
        string forwardToken, backwardToken;
        if (page.Count > 0)
        {
            forwardToken = StreamToken(true, Position(page[^1]));
            backwardToken = StreamToken(false, Position(page[0]));
        }
        else
        {
            var position = token?.Position ?? (0, 0);
            forwardToken = token is { Forward: true } ? request.NextToken! : StreamToken(true, position);
            backwardToken = token is { Forward: false } ? request.NextToken! : StreamToken(false, position);
        }

        return new GetLogEventsResult([.. page.Select(e => new OutputLogEvent(e.Timestamp, e.Message, e.IngestionTime))], forwardToken, backwardToken);
    }

    public FilterLogEventsResult FilterLogEvents(FilterLogEventsRequest request, AwsRequestContext context)
    {
        var group = RequireGroup(request.LogGroupName, request.LogGroupIdentifier, context);
        if (request.LogStreamNames is not null && request.LogStreamNamePrefix is not null)
        {
            throw LogsErrors.InvalidParameter("logStreamNames and logStreamNamePrefix are mutually exclusive parameters.");
        }

        var limit = CheckLimit(request.Limit, MaxPage);
        var pattern = ParsePattern(request.FilterPattern);
        var start = request.StartTime ?? long.MinValue;
        var end = request.EndTime ?? long.MaxValue;
        (long Timestamp, long Sequence)? after = request.NextToken is null ? null : ReadFilterToken(request.NextToken);
        List<(string Stream, StoredLogEvent Event)> candidates;
        List<string> searched;
        lock (group.Gate)
        {
            group.ApplyRetention(Now);
            var streams = group.Streams.Values
                .Where(s => request.LogStreamNames is null || request.LogStreamNames.Contains(s.Name))
                .Where(s => request.LogStreamNamePrefix is null || s.Name.StartsWith(request.LogStreamNamePrefix, StringComparison.Ordinal))
                .ToList();
            searched = [.. streams.Select(s => s.Name)];
            candidates = [.. streams.SelectMany(s => s.Events
                .Where(e => e.Timestamp >= start && e.Timestamp <= end)
                .Where(e => after is null || Compare(e, after.Value) > 0)
                .Select(e => (s.Name, e)))];
        }

        var matching = candidates
            .OrderBy(c => c.Event.Timestamp).ThenBy(c => c.Event.Sequence)
            .Where(c => pattern.Matches(c.Event.Message))
            .Take(limit + 1)
            .ToList();
        var page = matching.Take(limit).ToList();
        var next = matching.Count > limit ? FilterToken(Position(page[^1].Event)) : null;
        return new FilterLogEventsResult(
            [.. page.Select(c => new FilteredLogEvent(c.Stream, c.Event.Timestamp, c.Event.Message, c.Event.IngestionTime, EventId(c.Event)))],
            [.. searched.Select(s => new SearchedLogStream(s, true))],
            next);
    }

    public EmptyResult TagResource(TagLogsResourceRequest request, AwsRequestContext context)
    {
        var group = GroupByArn(request.ResourceArn, context);
        Tag(group, request.Tags ?? throw LogsErrors.Missing("tags"));
        return EmptyResult.Instance;
    }

    public EmptyResult TagLogGroup(TagLogsResourceRequest request, AwsRequestContext context)
    {
        Tag(RequireGroup(request.LogGroupName, null, context), request.Tags ?? throw LogsErrors.Missing("tags"));
        return EmptyResult.Instance;
    }

    public EmptyResult UntagResource(UntagLogsResourceRequest request, AwsRequestContext context)
    {
        Untag(GroupByArn(request.ResourceArn, context), request.TagKeys ?? throw LogsErrors.Missing("tagKeys"));
        return EmptyResult.Instance;
    }

    public EmptyResult UntagLogGroup(UntagLogsResourceRequest request, AwsRequestContext context)
    {
        Untag(RequireGroup(request.LogGroupName, null, context), request.Tags ?? throw LogsErrors.Missing("tags"));
        return EmptyResult.Instance;
    }

    public ListTagsForResourceResult ListTagsForResource(ListLogsTagsRequest request, AwsRequestContext context) =>
        new(Tags(GroupByArn(request.ResourceArn, context)));

    public ListTagsLogGroupResult ListTagsLogGroup(ListLogsTagsRequest request, AwsRequestContext context) =>
        new(Tags(RequireGroup(request.LogGroupName, null, context)));

    public EmptyResult PutMetricFilter(PutMetricFilterRequest request, AwsRequestContext context)
    {
        var group = RequireGroup(request.LogGroupName, null, context);
        var name = request.FilterName is { Length: > 0 and <= 512 } n && !n.Contains(':', StringComparison.Ordinal) && !n.Contains('*', StringComparison.Ordinal)
            ? n
            : throw LogsErrors.InvalidParameter($"1 validation error detected: Value '{request.FilterName}' at 'filterName' failed to satisfy constraint: Member must satisfy regular expression pattern: [^:*]*");
        var patternText = request.FilterPattern ?? throw LogsErrors.Missing("filterPattern");
        ParsePattern(patternText);
        var transformations = request.MetricTransformations ?? throw LogsErrors.Missing("metricTransformations");
        if (transformations.Count != 1)
        {
            throw LogsErrors.InvalidParameter("1 validation error detected: Value at 'metricTransformations' failed to satisfy constraint: Member must have length less than or equal to 1");
        }

        var t = transformations[0];
        if (string.IsNullOrEmpty(t.MetricName) || string.IsNullOrEmpty(t.MetricNamespace) || string.IsNullOrEmpty(t.MetricValue))
        {
            throw LogsErrors.InvalidParameter("A metric transformation needs metricName, metricNamespace and metricValue.");
        }

        if (t.Unit is { } unit && !MetricUnits.IsValid(unit))
        {
            throw LogsErrors.InvalidParameter($"Invalid unit {unit}.");
        }

        if (t.Dimensions is { Count: > 0 } && t.DefaultValue is not null)
        {
            throw LogsErrors.InvalidParameter("A metric filter with dimensions cannot have a default value.");
        }

        lock (group.Gate)
        {
            group.MetricFilters[name] = new MetricFilterRecord(name, patternText, [t], Now);
        }

        return EmptyResult.Instance;
    }

    public EmptyResult DeleteMetricFilter(DeleteMetricFilterRequest request, AwsRequestContext context)
    {
        var group = RequireGroup(request.LogGroupName, null, context);
        lock (group.Gate)
        {
            return group.MetricFilters.Remove(request.FilterName ?? throw LogsErrors.Missing("filterName")) ? EmptyResult.Instance : throw LogsErrors.FilterNotFound();
        }
    }

    public DescribeMetricFiltersResult DescribeMetricFilters(DescribeMetricFiltersRequest request, AwsRequestContext context)
    {
        if (request.FilterNamePrefix is not null && request.LogGroupName is null)
        {
            throw LogsErrors.InvalidParameter("If you specify filterNamePrefix, you must also specify logGroupName.");
        }

        if ((request.MetricName is null) != (request.MetricNamespace is null))
        {
            throw LogsErrors.InvalidParameter("metricName and metricNamespace must be specified together.");
        }

        var limit = CheckLimit(request.Limit, 50);
        var groups = request.LogGroupName is null ? store.InRegion(context.Region) : [RequireGroup(request.LogGroupName, null, context)];
        var filters = new List<MetricFilterDescription>();
        foreach (var group in groups)
        {
            lock (group.Gate)
            {
                filters.AddRange(group.MetricFilters.Values
                    .Where(f => request.FilterNamePrefix is null || f.FilterName.StartsWith(request.FilterNamePrefix, StringComparison.Ordinal))
                    .Where(f => request.MetricName is null || f.MetricTransformations.Any(t => t.MetricName == request.MetricName && t.MetricNamespace == request.MetricNamespace))
                    .Select(f => new MetricFilterDescription(f.FilterName, f.FilterPattern, f.MetricTransformations, f.CreationTime, group.Name)));
            }
        }

        var skip = request.NextToken is null ? 0 : DecodeOffset(request.NextToken);
        var page = filters.Skip(skip).Take(limit).ToList();
        return new DescribeMetricFiltersResult(page, skip + limit < filters.Count ? EncodeOffset(skip + limit) : null);
    }

    public TestMetricFilterResult TestMetricFilter(TestMetricFilterRequest request, AwsRequestContext context)
    {
        var pattern = ParsePattern(request.FilterPattern ?? throw LogsErrors.Missing("filterPattern"));
        var messages = request.LogEventMessages ?? throw LogsErrors.Missing("logEventMessages");
        if (messages.Count is 0 or > 50)
        {
            throw LogsErrors.InvalidParameter("1 validation error detected: Value at 'logEventMessages' failed to satisfy constraint: Member must have length between 1 and 50");
        }

        return new TestMetricFilterResult([.. messages
            .Select((m, i) => (m, i))
            .Where(x => pattern.Matches(x.m))
            .Select(x => new MetricFilterMatchRecord(x.i + 1, x.m, pattern.Extract(x.m)))]);
    }

    /// <summary>
    /// Runs a dashboard log widget's query (<see cref="LogWidgetQuery"/>) over the events of its log groups between
    /// <paramref name="start"/> and <paramref name="end"/> (epoch milliseconds); for the local dashboard page.
    /// </summary>
    /// <returns>The columns and, per row, one value per column (empty text for a missing field).</returns>
    /// <exception cref="FormatException">The query uses syntax the page does not run.</exception>
    public (IReadOnlyList<string> Columns, IReadOnlyList<IReadOnlyList<string>> Rows) RunWidgetQuery(string query, IEnumerable<string>? logGroupNames, long start, long end, string region)
    {
        var parsed = LogWidgetQuery.Parse(query, logGroupNames);
        var matches = new List<(long Timestamp, long Sequence, Func<string, string?> Lookup)>();
        foreach (var name in parsed.Sources.Distinct(StringComparer.Ordinal))
        {
            if (store.Find(region, name) is not { } group)
            {
                continue;
            }

            lock (group.Gate)
            {
                group.ApplyRetention(Now);
                foreach (var stream in group.Streams.Values)
                {
                    foreach (var e in stream.Events.Where(e => e.Timestamp >= start && e.Timestamp < end))
                    {
                        var lookup = LogWidgetQuery.Lookup(name, stream.Name, e.Timestamp, e.Message);
                        if (parsed.Filter is null || parsed.Filter(lookup))
                        {
                            matches.Add((e.Timestamp, e.Sequence, lookup));
                        }
                    }
                }
            }
        }

        var ordered = parsed.Descending
            ? matches.OrderByDescending(m => m.Timestamp).ThenByDescending(m => m.Sequence)
            : matches.OrderBy(m => m.Timestamp).ThenBy(m => m.Sequence);
        return (parsed.Fields, [.. ordered.Take(parsed.Limit).Select(m => (IReadOnlyList<string>)[.. parsed.Fields.Select(f => m.Lookup(f) ?? string.Empty)])]);
    }

    /// <summary>Stores accepted events, then derives their metrics (EMF and metric filters). Called under the group's lock.</summary>
    private void Store(LogGroup group, LogStream stream, List<(long Timestamp, string Message)> events, long now)
    {
        group.ApplyRetention(now);
        var stored = events.Select(e => new StoredLogEvent(e.Timestamp, now, store.NextSequence(), e.Message)).ToList();
        stream.Add(stored);
        var filters = group.MetricFilters.Values.Select(f => (Filter: f, Pattern: LogFilterPattern.Parse(f.FilterPattern))).ToList();
        foreach (var e in stored)
        {
            var at = DateTimeOffset.FromUnixTimeMilliseconds(e.Timestamp);
            foreach (var datum in EmbeddedMetricFormat.Extract(e.Message, at))
            {
                metrics.Publish(datum with { Region = group.Region }); // a log group's metrics are its region's
            }

            foreach (var (filter, pattern) in filters)
            {
                Apply(group.Region, filter, pattern, e.Message, at);
            }
        }
    }

    /// <summary>Publishes a metric filter's value for one event: the transformation's value for a match, its default otherwise.</summary>
    private void Apply(string region, MetricFilterRecord filter, LogFilterPattern pattern, string message, DateTimeOffset at)
    {
        var t = filter.MetricTransformations[0];
        double? value = null;
        var dimensions = new List<KeyValuePair<string, string>>();
        if (pattern.Matches(message))
        {
            var extracted = pattern.Extract(message);
            value = double.TryParse(t.MetricValue, NumberStyles.Float, CultureInfo.InvariantCulture, out var constant) ? constant
                : extracted.TryGetValue(t.MetricValue!, out var text) && double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var number) ? number
                : null;
            foreach (var (name, selector) in t.Dimensions ?? [])
            {
                if (extracted.TryGetValue(selector, out var dimensionValue))
                {
                    dimensions.Add(new(name, dimensionValue));
                }
            }
        }
        else
        {
            value = t.DefaultValue;
        }

        if (value is { } v)
        {
            metrics.Publish(new MetricDatum(t.MetricNamespace!, t.MetricName!, dimensions, v, t.Unit ?? "None", at, region));
        }
    }

    private static LogFilterPattern ParsePattern(string? text)
    {
        try
        {
            return LogFilterPattern.Parse(text);
        }
        catch (FormatException error)
        {
            throw LogsErrors.InvalidFilterPattern(error.Message);
        }
        catch (ArgumentException error)
        {
            throw LogsErrors.InvalidFilterPattern(error.Message);
        }
    }

    private LogGroup RequireGroup(string? name, string? identifier, AwsRequestContext context)
    {
        if (name is not null && identifier is not null)
        {
            throw LogsErrors.InvalidParameter("LogGroup name and LogGroup ARN are mutually exclusive parameters.");
        }

        var resolved = name ?? (identifier is null ? throw LogsErrors.Missing("logGroupName") : NameFromIdentifier(identifier));
        var group = store.Find(context.Region, resolved) ?? throw LogsErrors.GroupNotFound();
        return group;
    }

    private LogGroup GroupByArn(string? arn, AwsRequestContext context)
    {
        var value = arn ?? throw LogsErrors.Missing("resourceArn");
        return value.StartsWith("arn:", StringComparison.Ordinal) && value.Contains(":log-group:", StringComparison.Ordinal)
            ? store.Find(context.Region, NameFromIdentifier(value)) ?? throw LogsErrors.GroupNotFound()
            : throw LogsErrors.InvalidParameter($"Invalid resource ARN: {value}");
    }

    private static string NameFromIdentifier(string identifier)
    {
        if (!identifier.StartsWith("arn:", StringComparison.Ordinal))
        {
            return identifier;
        }

        var at = identifier.IndexOf(":log-group:", StringComparison.Ordinal);
        var name = at < 0 ? identifier : identifier[(at + ":log-group:".Length)..];
        return name.EndsWith(":*", StringComparison.Ordinal) ? name[..^2] : name;
    }

    private static void Tag(LogGroup group, Dictionary<string, string> tags)
    {
        lock (group.Gate)
        {
            foreach (var (key, value) in tags)
            {
                group.Tags[key] = value;
            }
        }
    }

    private static void Untag(LogGroup group, IEnumerable<string> keys)
    {
        lock (group.Gate)
        {
            foreach (var key in keys)
            {
                group.Tags.Remove(key);
            }
        }
    }

    private static Dictionary<string, string> Tags(LogGroup group)
    {
        lock (group.Gate)
        {
            return new Dictionary<string, string>(group.Tags, StringComparer.Ordinal);
        }
    }

    private static LogGroupDescription Describe(LogGroup group, AwsRequestContext context)
    {
        lock (group.Gate)
        {
            var arn = $"arn:aws:logs:{group.Region}:{context.AccountId}:log-group:{group.Name}";
            var bytes = group.Streams.Values.Sum(s => s.Events.Sum(e => e.Size));
            return new LogGroupDescription(group.Name, group.CreationTime, group.RetentionInDays, group.MetricFilters.Count, arn + ":*", bytes, group.KmsKeyId, group.LogGroupClass, arn);
        }
    }

    private static LogStreamDescription Describe(LogGroup group, LogStream stream, AwsRequestContext context) =>
        new(
            stream.Name,
            stream.CreationTime,
            stream.Events.Count > 0 ? stream.Events[0].Timestamp : null,
            stream.Events.Count > 0 ? stream.Events[^1].Timestamp : null,
            stream.LastIngestionTime,
            SequenceToken(stream.Events.Count > 0 ? stream.Events.Max(e => e.Sequence) : 0),
            $"arn:aws:logs:{group.Region}:{context.AccountId}:log-group:{group.Name}:log-stream:{stream.Name}",
            stream.Events.Sum(e => e.Size));

    private static string CheckGroupName(string? name)
    {
        var value = name ?? throw LogsErrors.Missing("logGroupName");
        if (value.Length is 0 or > 512 || !GroupNamePattern().IsMatch(value))
        {
            throw LogsErrors.InvalidParameter($"1 validation error detected: Value '{value}' at 'logGroupName' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\.\\-_/#A-Za-z0-9]+");
        }

        return value;
    }

    private static string CheckStreamName(string? name)
    {
        var value = name ?? throw LogsErrors.Missing("logStreamName");
        if (value.Length is 0 or > 512 || value.Contains(':', StringComparison.Ordinal) || value.Contains('*', StringComparison.Ordinal))
        {
            throw LogsErrors.InvalidParameter($"1 validation error detected: Value '{value}' at 'logStreamName' failed to satisfy constraint: Member must satisfy regular expression pattern: [^:*]*");
        }

        return value;
    }

    private static int CheckLimit(int? limit, int max)
    {
        var value = limit ?? max;
        return value >= 1 && value <= max
            ? value
            : throw LogsErrors.InvalidParameter($"1 validation error detected: Value '{value}' at 'limit' failed to satisfy constraint: Member must have value between 1 and {max}");
    }

    private static (long Timestamp, long Sequence) Position(StoredLogEvent e) => (e.Timestamp, e.Sequence);

    private static int Compare(StoredLogEvent e, (long Timestamp, long Sequence) position) =>
        e.Timestamp != position.Timestamp ? e.Timestamp.CompareTo(position.Timestamp) : e.Sequence.CompareTo(position.Sequence);

    private static string EventId(StoredLogEvent e) => e.Sequence.ToString("D20", CultureInfo.InvariantCulture);

    private static string SequenceToken(long sequence) => sequence.ToString("D56", CultureInfo.InvariantCulture);

    /// <summary>A <c>GetLogEvents</c> token, shaped as AWS's (<c>f/…/s</c>, <c>b/…/s</c>): direction and the boundary event.</summary>
    private static string StreamToken(bool forward, (long Timestamp, long Sequence) position) =>
        string.Create(CultureInfo.InvariantCulture, $"{(forward ? 'f' : 'b')}/{position.Timestamp:D20}{position.Sequence:D20}/s");

    private static (bool Forward, (long Timestamp, long Sequence) Position)? ReadStreamToken(string token)
    {
        var parts = token.Split('/');
        if (parts is [var direction and ("f" or "b"), var digits, "s"] && digits.Length == 40
            && long.TryParse(digits[..20], NumberStyles.None, CultureInfo.InvariantCulture, out var timestamp)
            && long.TryParse(digits[20..], NumberStyles.None, CultureInfo.InvariantCulture, out var sequence))
        {
            return (direction == "f", (timestamp, sequence));
        }

        throw LogsErrors.InvalidParameter("The specified nextToken is invalid.");
    }

    private static string FilterToken((long Timestamp, long Sequence) position) =>
        Convert.ToBase64String(Encoding.UTF8.GetBytes(string.Create(CultureInfo.InvariantCulture, $"filter:{position.Timestamp}:{position.Sequence}")));

    private static (long, long) ReadFilterToken(string token)
    {
        try
        {
            var parts = Encoding.UTF8.GetString(Convert.FromBase64String(token)).Split(':');
            if (parts is ["filter", var t, var s])
            {
                return (long.Parse(t, CultureInfo.InvariantCulture), long.Parse(s, CultureInfo.InvariantCulture));
            }
        }
        catch (FormatException)
        {
        }

        throw LogsErrors.InvalidNextToken();
    }

    private static string EncodeName(string name) => Convert.ToBase64String(Encoding.UTF8.GetBytes("name:" + name));

    private static string DecodeName(string token)
    {
        try
        {
            var text = Encoding.UTF8.GetString(Convert.FromBase64String(token));
            return text.StartsWith("name:", StringComparison.Ordinal) ? text[5..] : throw LogsErrors.InvalidNextToken();
        }
        catch (FormatException)
        {
            throw LogsErrors.InvalidNextToken();
        }
    }

    private static string EncodeOffset(int offset) => Convert.ToBase64String(Encoding.UTF8.GetBytes(string.Create(CultureInfo.InvariantCulture, $"offset:{offset}")));

    private static int DecodeOffset(string token)
    {
        try
        {
            var text = Encoding.UTF8.GetString(Convert.FromBase64String(token));
            return text.StartsWith("offset:", StringComparison.Ordinal) && int.TryParse(text[7..], NumberStyles.None, CultureInfo.InvariantCulture, out var offset)
                ? offset
                : throw LogsErrors.InvalidNextToken();
        }
        catch (FormatException)
        {
            throw LogsErrors.InvalidNextToken();
        }
    }

    [GeneratedRegex(@"^[\.\-_/#A-Za-z0-9]+$")]
    private static partial Regex GroupNamePattern();
}
