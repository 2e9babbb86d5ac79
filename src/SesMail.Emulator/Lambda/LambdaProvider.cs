using System.Globalization;
using System.IO.Compression;
using System.Runtime.InteropServices;
using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using SesMail.Emulator.EventBridge;
using SesMail.Emulator.Lambda.EventSources;
using SesMail.Emulator.Lambda.Runtime;
using SesMail.Emulator.Protocols;
using SesMail.Emulator.S3;

namespace SesMail.Emulator.Lambda;

/// <summary>
/// AWS Lambda, one method per operation (https://docs.aws.amazon.com/lambda/latest/api/API_Operations.html), spoken in
/// REST-JSON by <see cref="LambdaService"/>: functions (<c>$LATEST</c> only), their resource policies, <c>Invoke</c>
/// and event source mappings. Invocations run through <see cref="LambdaExecutor"/>; mappings are polled by
/// <see cref="EventSources.EventSourceMappingHost"/>.
/// </summary>
/// <remarks>
/// Runtimes: <c>dotnet10</c> and <c>provided.al2023</c>, on the host's architecture. Not emulated (refused with
/// <c>InvalidParameterValueException</c>): versions and aliases (<c>Publish</c>, qualifiers other than
/// <c>$LATEST</c>), layers, container images, VPC attachment, file systems, environment-variable encryption with a
/// customer key, ephemeral storage other than 512 MB, custom log groups and JSON log format; mapping destinations,
/// tumbling windows and parallelization above 1; sources other than SQS queues and DynamoDB streams. Resource
/// policies are stored and returned, not enforced. Asynchronous invocations run in the background with Lambda's two
/// retries (1 and 2 minutes apart) and no destination. With IAM enforced, a mapping is refused when its function's
/// execution role may not read the source, and its poller runs as that role (<see cref="RoleSessions"/>): a read or
/// delete refused later leaves the records where they are, reports
/// <c>LastProcessingResult: PROBLEM: Function does not have permission to call … on SQS</c> and retries with back-off.
/// </remarks>
internal sealed partial class LambdaProvider(
    LambdaStore store,
    LambdaExecutor executor,
    S3Store s3,
    EventSourceCatalog sources,
    RoleSessions roles,
    TimeProvider time,
    ILogger<LambdaProvider> logger)
{
    /// <summary>The largest synchronous payload (6 MB).</summary>
    public const int MaxSyncPayload = 6 * 1024 * 1024;

    /// <summary>The largest asynchronous payload (256 KB).</summary>
    public const int MaxAsyncPayload = 256 * 1024;

    private static readonly string[] Runtimes = ["dotnet10", "provided.al2023"];

    public FunctionConfiguration CreateFunction(CreateFunctionRequest request, AwsRequestContext context)
    {
        var name = request.FunctionName ?? throw LambdaErrors.Missing("functionName");
        if (!FunctionNamePattern().IsMatch(name))
        {
            throw LambdaErrors.Validation("functionName", name, "Member must satisfy regular expression pattern: [a-zA-Z0-9-_]+ and have length less than or equal to 64");
        }

        if ((request.PackageType ?? "Zip") != "Zip" || request.Code?.ImageUri is not null || request.ImageConfig is not null)
        {
            throw LambdaErrors.NotEmulated("PackageType Image (container images)");
        }

        if (request.Publish == true)
        {
            throw LambdaErrors.NotEmulated("Publish (function versions)");
        }

        RefuseUnemulated(request.Layers, request.VpcConfig, request.EphemeralStorage, request.LoggingConfig, request.KMSKeyArn, name);
        if (request.FileSystemConfigs is { Count: > 0 })
        {
            throw LambdaErrors.NotEmulated("FileSystemConfigs");
        }

        var runtime = CheckRuntime(request.Runtime ?? throw LambdaErrors.InvalidParameter("Runtime is required for .zip deployment packages."));
        var role = CheckRole(request.Role ?? throw LambdaErrors.Missing("role"));
        var handler = request.Handler ?? throw LambdaErrors.InvalidParameter("Handler is required for .zip deployment packages.");
        var timeout = CheckTimeout(request.Timeout ?? 3);
        var memory = CheckMemory(request.MemorySize ?? 128);
        var environment = CheckEnvironment(request.Environment);
        var tracing = CheckTracing(request.TracingConfig?.Mode ?? "PassThrough");
        var architectures = CheckArchitectures(request.Architectures);
        if (store.Find(context.Region, name) is not null)
        {
            throw LambdaErrors.FunctionExists(name);
        }

        var code = request.Code ?? throw LambdaErrors.Missing("code");
        var (sha, size) = StoreCode(context.Region, name, code.ZipFile, code.S3Bucket, code.S3Key, code.S3ObjectVersion);
        var function = new LambdaFunction(
            context.Region, name, $"arn:aws:lambda:{context.Region}:{context.AccountId}:function:{name}", runtime, role, handler,
            request.Description ?? string.Empty, timeout, memory, environment, tracing, architectures, sha, size, time.GetUtcNow(),
            Guid.NewGuid().ToString(), request.Tags ?? new Dictionary<string, string>(), new Dictionary<string, string>());
        if (!store.TryAdd(function))
        {
            throw LambdaErrors.FunctionExists(name);
        }

        return Configuration(function);
    }

    public GetFunctionResult GetFunction(FunctionRequest request, AwsRequestContext context)
    {
        var function = Require(request.FunctionName, request.Qualifier, context);
        return new GetFunctionResult(
            Configuration(function),
            new FunctionCodeLocation("S3", $"{context.BaseUrl}/_sesmail/lambda/code/{function.Region}/{Uri.EscapeDataString(function.Name)}"),
            function.Tags.Count == 0 ? null : function.Tags);
    }

    public FunctionConfiguration GetFunctionConfiguration(FunctionRequest request, AwsRequestContext context) =>
        Configuration(Require(request.FunctionName, request.Qualifier, context));

    public ListFunctionsResult ListFunctions(ListFunctionsRequest request, AwsRequestContext context)
    {
        var max = request.MaxItems ?? 50;
        if (max is < 1 or > 10_000)
        {
            throw LambdaErrors.Validation("maxItems", max.ToString(CultureInfo.InvariantCulture), "Member must have value between 1 and 10000");
        }

        var all = store.InRegion(context.Region).ToList();
        var start = ParseMarker(request.Marker);
        var page = all.Skip(start).Take(max).Select(Configuration).ToList();
        return new ListFunctionsResult(page, start + max < all.Count ? (start + max).ToString(CultureInfo.InvariantCulture) : null);
    }

    public FunctionConfiguration UpdateFunctionCode(UpdateFunctionCodeRequest request, AwsRequestContext context)
    {
        var function = Require(request.FunctionName, null, context);
        CheckRevision(function, request.RevisionId);
        if (request.ImageUri is not null)
        {
            throw LambdaErrors.NotEmulated("ImageUri (container images)");
        }

        if (request.Publish == true)
        {
            throw LambdaErrors.NotEmulated("Publish (function versions)");
        }

        var architectures = request.Architectures is null ? function.Architectures : CheckArchitectures(request.Architectures);
        if (request.ZipFile is null && request.S3Bucket is null)
        {
            throw LambdaErrors.InvalidParameter("Please provide a source for function code.");
        }

        if (request.DryRun == true)
        {
            return Configuration(function);
        }

        var (sha, size) = StoreCode(function.Region, function.Name, request.ZipFile, request.S3Bucket, request.S3Key, request.S3ObjectVersion);
        var updated = function with { CodeSha256 = sha, CodeSize = size, Architectures = architectures, LastModified = time.GetUtcNow(), RevisionId = Guid.NewGuid().ToString() };
        store.Replace(updated);
        return Configuration(updated);
    }

    public FunctionConfiguration UpdateFunctionConfiguration(UpdateFunctionConfigurationRequest request, AwsRequestContext context)
    {
        var function = Require(request.FunctionName, null, context);
        CheckRevision(function, request.RevisionId);
        RefuseUnemulated(request.Layers, request.VpcConfig, request.EphemeralStorage, request.LoggingConfig, null, function.Name);
        var updated = function with
        {
            Role = request.Role is null ? function.Role : CheckRole(request.Role),
            Handler = request.Handler ?? function.Handler,
            Description = request.Description ?? function.Description,
            Timeout = request.Timeout is { } timeout ? CheckTimeout(timeout) : function.Timeout,
            MemorySize = request.MemorySize is { } memory ? CheckMemory(memory) : function.MemorySize,
            Environment = request.Environment is null ? function.Environment : CheckEnvironment(request.Environment),
            Runtime = request.Runtime is null ? function.Runtime : CheckRuntime(request.Runtime),
            TracingMode = request.TracingConfig?.Mode is { } mode ? CheckTracing(mode) : function.TracingMode,
            LastModified = time.GetUtcNow(),
            RevisionId = Guid.NewGuid().ToString(),
        };
        store.Replace(updated);
        return Configuration(updated);
    }

    public void DeleteFunction(FunctionRequest request, AwsRequestContext context)
    {
        var function = Require(request.FunctionName, request.Qualifier, context);
        store.Remove(function);
        foreach (var mapping in store.Mappings.Where(m => m.FunctionArn == function.Arn).ToList())
        {
            store.RemoveMapping(mapping.Uuid);
        }

        _ = executor.DetachAsync(function.Region, function.Name);
    }

    /// <summary>Runs <c>Invoke</c>; the binding writes the headers.</summary>
    /// <param name="functionName">Name, partial or full ARN.</param>
    /// <param name="qualifier">Only <c>$LATEST</c> (or none).</param>
    /// <param name="invocationType"><c>RequestResponse</c>, <c>Event</c> or <c>DryRun</c>.</param>
    /// <param name="payload">The event bytes (empty means <c>{}</c>).</param>
    /// <param name="traceHeader">A trace header to continue, or <c>null</c>.</param>
    /// <param name="clientContext">Base64 client context, or <c>null</c>.</param>
    /// <param name="context">The call's context.</param>
    /// <param name="cancellationToken">Stops waiting for a synchronous result.</param>
    /// <returns>Status, payload, function error, log tail and request id.</returns>
    public async Task<(int Status, ExecutionResult? Result)> InvokeAsync(
        string? functionName, string? qualifier, string? invocationType, ReadOnlyMemory<byte> payload, string? traceHeader, string? clientContext,
        AwsRequestContext context, CancellationToken cancellationToken)
    {
        var function = Require(functionName, qualifier, context);
        var type = invocationType ?? "RequestResponse";
        if (type is not ("RequestResponse" or "Event" or "DryRun"))
        {
            throw LambdaErrors.Validation("invocationType", type, "Member must satisfy enum value set: [Event, RequestResponse, DryRun]");
        }

        var bytes = payload.IsEmpty ? "{}"u8.ToArray() : payload.ToArray();
        var limit = type == "Event" ? MaxAsyncPayload : MaxSyncPayload;
        if (bytes.Length > limit)
        {
            throw LambdaErrors.TooLarge(bytes.Length, limit);
        }

        try
        {
            using var _ = JsonDocument.Parse(bytes);
        }
        catch (JsonException)
        {
            throw new AwsServiceException("InvalidRequestContentException", "Could not parse request body into json: Could not parse payload into json: Unexpected character: was expecting a JSON value");
        }

        switch (type)
        {
            case "DryRun":
                return (204, null);
            case "Event":
                _ = RunEventAsync(function, bytes, traceHeader);
                return (202, null);
            default:
                return (200, await executor.InvokeAsync(function, bytes, traceHeader, clientContext, cancellationToken).ConfigureAwait(false));
        }
    }

    public AddPermissionResult AddPermission(AddPermissionRequest request, AwsRequestContext context)
    {
        var function = Require(request.FunctionName, request.Qualifier, context);
        CheckRevision(function, request.RevisionId);
        var id = request.StatementId ?? throw LambdaErrors.Missing("statementId");
        var action = request.Action ?? throw LambdaErrors.Missing("action");
        var principal = request.Principal ?? throw LambdaErrors.Missing("principal");
        if (!StatementIdPattern().IsMatch(id))
        {
            throw LambdaErrors.Validation("statementId", id, "Member must satisfy regular expression pattern: ([a-zA-Z0-9-_.]+)");
        }

        if (!action.StartsWith("lambda:", StringComparison.Ordinal) && action != "*")
        {
            throw LambdaErrors.Validation("action", action, "Member must satisfy regular expression pattern: (lambda:[*]|lambda:[a-zA-Z]+|[*])");
        }

        if (function.Policy.ContainsKey(id))
        {
            throw LambdaErrors.StatementExists(id);
        }

        var statement = new JsonObject
        {
            ["Sid"] = id,
            ["Effect"] = "Allow",
            ["Principal"] = principal.Contains('.', StringComparison.Ordinal) && !principal.StartsWith("arn:", StringComparison.Ordinal)
                ? new JsonObject { ["Service"] = principal }
                : new JsonObject { ["AWS"] = principal.All(char.IsAsciiDigit) ? $"arn:aws:iam::{principal}:root" : principal },
            ["Action"] = action,
            ["Resource"] = function.Arn,
        };
        var conditions = new JsonObject();
        if (request.SourceArn is { } sourceArn)
        {
            conditions["ArnLike"] = new JsonObject { ["AWS:SourceArn"] = sourceArn };
        }

        if (request.SourceAccount is { } sourceAccount)
        {
            conditions["StringEquals"] = new JsonObject { ["AWS:SourceAccount"] = sourceAccount };
        }

        if (request.PrincipalOrgID is { } org)
        {
            conditions["StringEquals"] = new JsonObject { ["aws:PrincipalOrgID"] = org };
        }

        if (conditions.Count > 0)
        {
            statement["Condition"] = conditions;
        }

        var text = statement.ToJsonString();
        var policy = new Dictionary<string, string>(function.Policy, StringComparer.Ordinal) { [id] = text };
        store.Replace(function with { Policy = policy, RevisionId = Guid.NewGuid().ToString() });
        return new AddPermissionResult(text);
    }

    public void RemovePermission(RemovePermissionRequest request, AwsRequestContext context)
    {
        var function = Require(request.FunctionName, request.Qualifier, context);
        CheckRevision(function, request.RevisionId);
        var id = request.StatementId ?? throw LambdaErrors.Missing("statementId");
        if (!function.Policy.ContainsKey(id))
        {
            throw LambdaErrors.StatementNotFound(id);
        }

        var policy = function.Policy.Where(p => p.Key != id).ToDictionary(p => p.Key, p => p.Value, StringComparer.Ordinal);
        store.Replace(function with { Policy = policy, RevisionId = Guid.NewGuid().ToString() });
    }

    public GetPolicyResult GetPolicy(FunctionRequest request, AwsRequestContext context)
    {
        var function = Require(request.FunctionName, request.Qualifier, context);
        if (function.Policy.Count == 0)
        {
            throw LambdaErrors.NoPolicy();
        }

        var document = new JsonObject
        {
            ["Version"] = "2012-10-17",
            ["Id"] = "default",
            ["Statement"] = new JsonArray([.. function.Policy.Values.Select(s => JsonNode.Parse(s))]),
        };
        return new GetPolicyResult(document.ToJsonString(), function.RevisionId);
    }

    public EventSourceMappingConfiguration CreateEventSourceMapping(EventSourceMappingRequest request, AwsRequestContext context)
    {
        var sourceArn = request.EventSourceArn ?? throw LambdaErrors.InvalidParameter("EventSourceArn is required: SesMail.Emulator polls SQS queues and DynamoDB streams.");
        var function = Require(request.FunctionName ?? throw LambdaErrors.Missing("functionName"), null, context);
        var isStream = sourceArn.StartsWith("arn:aws:dynamodb:", StringComparison.Ordinal);
        if (!isStream && !sourceArn.StartsWith("arn:aws:sqs:", StringComparison.Ordinal))
        {
            throw LambdaErrors.NotEmulated($"The event source {sourceArn} (only SQS queues and DynamoDB streams are)");
        }

        sources.RequireSource(sourceArn, context);
        RequireSourcePermissions(function, sourceArn);
        if (!isStream && store.Mappings.FirstOrDefault(m => m.EventSourceArn == sourceArn && m.FunctionArn == function.Arn) is { } existing)
        {
            throw LambdaErrors.MappingExists(existing.Uuid);
        }

        var uuid = Guid.NewGuid().ToString();
        var mapping = Validate(
            new EventSourceMapping(
                uuid, context.Region, $"arn:aws:lambda:{context.Region}:{context.AccountId}:event-source-mapping:{uuid}", sourceArn, function.Arn,
                request.Enabled ?? true, isStream ? 100 : 10, 0, [], null, null, -1, false, -1, false, null, time.GetUtcNow(), "No records processed"),
            request,
            creating: true);
        store.PutMapping(mapping);
        return MappingConfiguration(mapping, "Creating");
    }

    public EventSourceMappingConfiguration GetEventSourceMapping(EventSourceMappingIdRequest request) =>
        MappingConfiguration(RequireMapping(request.UUID), null);

    public ListEventSourceMappingsResult ListEventSourceMappings(ListEventSourceMappingsRequest request, AwsRequestContext context)
    {
        string? functionArn = null;
        if (request.FunctionName is { } name)
        {
            functionArn = Require(name, null, context).Arn;
        }

        var max = request.MaxItems ?? 100;
        if (max is < 1 or > 10_000)
        {
            throw LambdaErrors.Validation("maxItems", max.ToString(CultureInfo.InvariantCulture), "Member must have value between 1 and 10000");
        }

        var all = store.Mappings
            .Where(m => m.Region == context.Region)
            .Where(m => request.EventSourceArn is null || m.EventSourceArn == request.EventSourceArn)
            .Where(m => functionArn is null || m.FunctionArn == functionArn)
            .ToList();
        var start = ParseMarker(request.Marker);
        return new ListEventSourceMappingsResult(
            [.. all.Skip(start).Take(max).Select(m => MappingConfiguration(m, null))],
            start + max < all.Count ? (start + max).ToString(CultureInfo.InvariantCulture) : null);
    }

    public EventSourceMappingConfiguration UpdateEventSourceMapping(EventSourceMappingRequest request, AwsRequestContext context)
    {
        var mapping = RequireMapping(request.UUID);
        if (request.EventSourceArn is not null && request.EventSourceArn != mapping.EventSourceArn)
        {
            throw LambdaErrors.InvalidParameter("EventSourceArn cannot be changed; delete the mapping and create a new one.");
        }

        if (request.StartingPosition is not null)
        {
            throw LambdaErrors.InvalidParameter("StartingPosition cannot be changed after the mapping is created.");
        }

        if (request.FunctionName is { } name)
        {
            var function = Require(name, null, context);
            if (function.Arn != mapping.FunctionArn)
            {
                RequireSourcePermissions(function, mapping.EventSourceArn);
            }

            mapping = mapping with { FunctionArn = function.Arn };
        }

        var updated = Validate(mapping with { Enabled = request.Enabled ?? mapping.Enabled }, request, creating: false) with { LastModified = time.GetUtcNow() };
        store.PutMapping(updated);
        return MappingConfiguration(updated, "Updating");
    }

    public EventSourceMappingConfiguration DeleteEventSourceMapping(EventSourceMappingIdRequest request)
    {
        var mapping = RequireMapping(request.UUID);
        store.RemoveMapping(mapping.Uuid);
        return MappingConfiguration(mapping, "Deleting");
    }

    /// <summary>Finds a function by name, partial ARN or ARN (with an optional <c>$LATEST</c> qualifier).</summary>
    /// <param name="functionName">The name or ARN.</param>
    /// <param name="qualifier">A qualifier, or <c>null</c>.</param>
    /// <param name="context">The call's context (region and account).</param>
    /// <returns>The function.</returns>
    /// <exception cref="AwsServiceException"><c>ResourceNotFoundException</c> (404).</exception>
    public LambdaFunction Require(string? functionName, string? qualifier, AwsRequestContext context)
    {
        var text = functionName ?? throw LambdaErrors.Missing("functionName");
        var match = FunctionReference().Match(text);
        if (!match.Success)
        {
            throw LambdaErrors.Validation("functionName", text, "Member must satisfy regular expression pattern: (arn:(aws[a-zA-Z-]*)?:lambda:)?([a-z]{2}(-gov)?-[a-z]+-\\d{1}:)?(\\d{12}:)?(function:)?([a-zA-Z0-9-_]+)(:(\\$LATEST|[a-zA-Z0-9-_]+))?");
        }

        var region = match.Groups["region"].Success ? match.Groups["region"].Value : context.Region;
        var account = match.Groups["account"].Success ? match.Groups["account"].Value : context.AccountId;
        var name = match.Groups["name"].Value;
        var versionQualifier = match.Groups["qualifier"].Success ? match.Groups["qualifier"].Value : qualifier;
        var arn = $"arn:aws:lambda:{region}:{account}:function:{name}";
        if (versionQualifier is not null and not "$LATEST")
        {
            throw LambdaErrors.FunctionNotFound($"{arn}:{versionQualifier}");
        }

        var function = store.Find(region, name);
        return function is not null && function.Arn == arn ? function : throw LambdaErrors.FunctionNotFound(arn);
    }

    /// <summary>The code package of a function (for <c>GetFunction</c>'s download location).</summary>
    /// <param name="region">The region.</param>
    /// <param name="name">The function name.</param>
    /// <returns>The zip's path, or <c>null</c>.</returns>
    public string? CodeFile(string region, string name) =>
        store.Find(region, name) is { } function && File.Exists(store.CodePath(function)) ? store.CodePath(function) : null;

    private async Task RunEventAsync(LambdaFunction function, byte[] payload, string? traceHeader)
    {
        TimeSpan[] retryDelays = [TimeSpan.FromMinutes(1), TimeSpan.FromMinutes(2)];
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                var current = store.Find(function.Region, function.Name) ?? function;
                var result = await executor.InvokeAsync(current, payload, traceHeader, null, CancellationToken.None).ConfigureAwait(false);
                if (result.ErrorType is null || attempt >= retryDelays.Length)
                {
                    return;
                }
            }
            catch (AwsServiceException error) when (attempt < retryDelays.Length)
            {
                LogEventRetry(logger, function.Name, error.Code, error.Message);
            }
            catch (Exception error) when (error is not OutOfMemoryException)
            {
                LogEventDropped(logger, error, function.Name);
                return;
            }

            await Task.Delay(retryDelays[attempt], time).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Refuses a mapping whose function's execution role may not read its source, as Lambda checks when the mapping is
    /// created (only while IAM is enforced): SQS needs <c>ReceiveMessage</c>, <c>DeleteMessage</c> and
    /// <c>GetQueueAttributes</c>, a DynamoDB stream <c>DescribeStream</c>, <c>GetShardIterator</c> and <c>GetRecords</c>
    /// (https://docs.aws.amazon.com/lambda/latest/dg/with-sqs.html#events-sqs-permissions,
    /// https://docs.aws.amazon.com/lambda/latest/dg/with-ddb.html#events-dynamodb-permissions).
    /// </summary>
    private void RequireSourcePermissions(LambdaFunction function, string sourceArn)
    {
        if (!roles.Enforcing)
        {
            return;
        }

        AwsPrincipal? caller;
        try
        {
            caller = roles.CallerAsync(function.Role, function.Name, function.Region, function.Arn.Split(':')[4], CancellationToken.None).GetAwaiter().GetResult();
        }
        catch (AwsServiceException)
        {
            throw LambdaErrors.InvalidParameter("The role defined for the function cannot be assumed by Lambda.");
        }

        var isStream = sourceArn.StartsWith("arn:aws:dynamodb:", StringComparison.Ordinal);
        string[] operations = isStream ? ["DescribeStream", "GetShardIterator", "GetRecords"] : ["ReceiveMessage", "DeleteMessage", "GetQueueAttributes"];
        var prefix = isStream ? "dynamodb" : "sqs";
        if (operations.FirstOrDefault(o => roles.Refusal(caller, prefix, $"{prefix}:{o}", sourceArn) is not null) is { } refused)
        {
            throw LambdaErrors.InvalidParameter(isStream
                ? $"Cannot access stream {sourceArn}. Please ensure the role can perform the GetRecords, GetShardIterator, DescribeStream, and ListStreams Actions on your stream in IAM."
                : $"The provided execution role does not have permissions to call {refused} on SQS");
        }
    }

    private EventSourceMapping Validate(EventSourceMapping mapping, EventSourceMappingRequest request, bool creating)
    {
        var isStream = mapping.IsStream;
        string[] streamOnly =
        [
            .. request.MaximumRetryAttempts is null ? Array.Empty<string>() : ["MaximumRetryAttempts"],
            .. request.MaximumRecordAgeInSeconds is null ? Array.Empty<string>() : ["MaximumRecordAgeInSeconds"],
            .. request.BisectBatchOnFunctionError is null ? Array.Empty<string>() : ["BisectBatchOnFunctionError"],
            .. request.ParallelizationFactor is null ? Array.Empty<string>() : ["ParallelizationFactor"],
            .. request.StartingPosition is null ? Array.Empty<string>() : ["StartingPosition"],
        ];
        if (!isStream && streamOnly.Length > 0)
        {
            throw LambdaErrors.InvalidParameter($"Unsupported parameter for SQS event sources: {string.Join(", ", streamOnly)}.");
        }

        if (isStream && request.ScalingConfig is not null)
        {
            throw LambdaErrors.InvalidParameter("ScalingConfig is supported for Amazon SQS event sources only.");
        }

        if (request.TumblingWindowInSeconds is > 0)
        {
            throw LambdaErrors.NotEmulated("TumblingWindowInSeconds");
        }

        if (request.ParallelizationFactor is > 1)
        {
            throw LambdaErrors.NotEmulated("ParallelizationFactor above 1");
        }

        if (request.DestinationConfig?.OnFailure is { Count: > 0 } || request.DestinationConfig?.OnSuccess is { Count: > 0 })
        {
            throw LambdaErrors.NotEmulated("DestinationConfig");
        }

        if (request.Topics is { Count: > 0 } || request.Queues is { Count: > 0 })
        {
            throw LambdaErrors.NotEmulated("Topics and Queues (Kafka and Amazon MQ sources)");
        }

        if (isStream && creating)
        {
            var position = request.StartingPosition ?? throw LambdaErrors.InvalidParameter("StartingPosition is required for DynamoDB stream event sources: TRIM_HORIZON or LATEST.");
            if (position is not ("TRIM_HORIZON" or "LATEST"))
            {
                throw LambdaErrors.InvalidParameter($"Unsupported starting position for DynamoDB streams: {position}. Use TRIM_HORIZON or LATEST.");
            }

            mapping = mapping with { StartingPosition = position };
        }

        var batch = request.BatchSize ?? mapping.BatchSize;
        var window = request.MaximumBatchingWindowInSeconds ?? mapping.MaximumBatchingWindowInSeconds;
        if (batch is < 1 or > 10_000)
        {
            throw LambdaErrors.InvalidParameter($"BatchSize must be between 1 and 10000 (was {batch}).");
        }

        if (window is < 0 or > 300)
        {
            throw LambdaErrors.InvalidParameter($"MaximumBatchingWindowInSeconds must be between 0 and 300 (was {window}).");
        }

        if (!isStream && batch > 10 && window < 1)
        {
            throw LambdaErrors.InvalidParameter("Maximum batch window in seconds must be greater than 0 if maximum batch size is greater than 10");
        }

        var retries = request.MaximumRetryAttempts ?? mapping.MaximumRetryAttempts;
        if (retries is < -1 or > 10_000)
        {
            throw LambdaErrors.InvalidParameter($"MaximumRetryAttempts must be -1 (infinite) or between 0 and 10000 (was {retries}).");
        }

        var age = request.MaximumRecordAgeInSeconds ?? mapping.MaximumRecordAgeInSeconds;
        if (age != -1 && age is < 60 or > 604_800)
        {
            throw LambdaErrors.InvalidParameter($"MaximumRecordAgeInSeconds must be -1 (infinite) or between 60 and 604800 (was {age}).");
        }

        var concurrency = request.ScalingConfig is { } scaling ? scaling.MaximumConcurrency : mapping.MaximumConcurrency;
        if (concurrency is < 2 or > 1000)
        {
            throw LambdaErrors.InvalidParameter($"ScalingConfig.MaximumConcurrency must be between 2 and 1000 (was {concurrency}).");
        }

        var responseTypes = request.FunctionResponseTypes;
        if (responseTypes?.FirstOrDefault(t => t != "ReportBatchItemFailures") is { } unknown)
        {
            throw LambdaErrors.Validation("functionResponseTypes", unknown, "Member must satisfy enum value set: [ReportBatchItemFailures]");
        }

        var filters = mapping.Filters;
        if (request.FilterCriteria is { } criteria)
        {
            var patterns = (criteria.Filters ?? []).Select(f => f.Pattern ?? throw LambdaErrors.InvalidParameter("A filter needs a Pattern.")).ToList();
            if (patterns.Count > 5)
            {
                throw LambdaErrors.InvalidParameter("The maximum number of filters per event source mapping is 5.");
            }

            foreach (var pattern in patterns)
            {
                try
                {
                    EventPattern.Parse(pattern);
                }
                catch (Exception error) when (error is JsonException or FormatException or InvalidOperationException or ArgumentException or AwsServiceException)
                {
                    throw LambdaErrors.InvalidParameter($"Invalid filter pattern definition. {error.Message}");
                }
            }

            filters = patterns;
        }

        return mapping with
        {
            BatchSize = batch,
            MaximumBatchingWindowInSeconds = window,
            MaximumRetryAttempts = retries,
            MaximumRecordAgeInSeconds = age,
            BisectBatchOnFunctionError = request.BisectBatchOnFunctionError ?? mapping.BisectBatchOnFunctionError,
            ReportBatchItemFailures = responseTypes is null ? mapping.ReportBatchItemFailures : responseTypes.Contains("ReportBatchItemFailures"),
            MaximumConcurrency = concurrency,
            Filters = filters,
        };
    }

    private EventSourceMapping RequireMapping(string? uuid) =>
        store.FindMapping(uuid ?? throw LambdaErrors.Missing("uUID")) ?? throw LambdaErrors.MappingNotFound();

    private static EventSourceMappingConfiguration MappingConfiguration(EventSourceMapping mapping, string? transition) =>
        new(
            mapping.Uuid,
            mapping.Arn,
            mapping.EventSourceArn,
            mapping.FunctionArn,
            mapping.BatchSize,
            mapping.MaximumBatchingWindowInSeconds,
            mapping.Filters.Count == 0 ? null : new FilterCriteria([.. mapping.Filters.Select(f => new EventSourceFilter(f))]),
            mapping.StartingPosition,
            mapping.StartingPositionTimestamp,
            mapping.IsStream ? 1 : null,
            mapping.IsStream ? mapping.MaximumRecordAgeInSeconds : null,
            mapping.IsStream ? mapping.BisectBatchOnFunctionError : null,
            mapping.IsStream ? mapping.MaximumRetryAttempts : null,
            mapping.ReportBatchItemFailures ? ["ReportBatchItemFailures"] : [],
            mapping.MaximumConcurrency is { } concurrency ? new ScalingConfig(concurrency) : null,
            transition ?? (mapping.Enabled ? "Enabled" : "Disabled"),
            "USER_INITIATED",
            mapping.LastModified.ToUnixTimeMilliseconds() / 1000.0,
            mapping.LastProcessingResult);

    private static FunctionConfiguration Configuration(LambdaFunction function) =>
        new(
            function.Name,
            function.Arn,
            function.Runtime,
            function.Role,
            function.Handler,
            function.CodeSize,
            function.Description,
            function.Timeout,
            function.MemorySize,
            function.LastModified.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'+0000'", CultureInfo.InvariantCulture),
            function.CodeSha256,
            "$LATEST",
            function.Environment.Count == 0 ? null : new EnvironmentResponse(function.Environment),
            new TracingConfig(function.TracingMode),
            function.RevisionId,
            "Active",
            "Successful",
            "Zip",
            function.Architectures,
            new EphemeralStorage(512),
            new LoggingConfig("Text", function.LogGroup));

    /// <summary>Stores a package (inline or from S3) as <c>{CodeSha256}.zip</c> after checking it is a zip.</summary>
    private (string Sha256, long Size) StoreCode(string region, string name, byte[]? zipFile, string? bucket, string? key, string? version)
    {
        byte[] bytes;
        if (zipFile is not null)
        {
            bytes = zipFile;
        }
        else if (bucket is not null && key is not null)
        {
            if (version is not null)
            {
                throw LambdaErrors.NotEmulated("S3ObjectVersion");
            }

            try
            {
                var (_, content) = S3Store.OpenObject(s3.RequireBucket(bucket), key);
                using (content)
                using (var buffer = new MemoryStream())
                {
                    content.CopyTo(buffer);
                    bytes = buffer.ToArray();
                }
            }
            catch (AwsServiceException error)
            {
                throw LambdaErrors.CodeStorage($"Error occurred while GetObject. S3 Error Code: {error.Code}. S3 Error Message: {error.Message}");
            }
        }
        else
        {
            throw LambdaErrors.InvalidParameter("Please provide a source for function code: ZipFile, or S3Bucket and S3Key.");
        }

        try
        {
            using var archive = new ZipArchive(new MemoryStream(bytes), ZipArchiveMode.Read);
            _ = archive.Entries.Count;
        }
        catch (InvalidDataException)
        {
            throw LambdaErrors.InvalidParameter("Could not unzip uploaded file. Please check your file, then try to upload again.");
        }

        var sha = Convert.ToBase64String(SHA256.HashData(bytes));
        var path = store.CodePath(region, name, sha);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        if (!File.Exists(path))
        {
            var temporary = path + ".tmp-" + Guid.NewGuid().ToString("N");
            File.WriteAllBytes(temporary, bytes);
            File.Move(temporary, path, overwrite: true);
        }

        return (sha, bytes.LongLength);
    }

    private static void RefuseUnemulated(IReadOnlyList<string>? layers, VpcConfig? vpc, EphemeralStorage? storage, LoggingConfig? logging, string? kmsKeyArn, string name)
    {
        if (layers is { Count: > 0 })
        {
            throw LambdaErrors.NotEmulated("Layers");
        }

        if (vpc?.SubnetIds is { Count: > 0 } || vpc?.SecurityGroupIds is { Count: > 0 })
        {
            throw LambdaErrors.NotEmulated("VpcConfig");
        }

        if (storage is { Size: not 512 })
        {
            throw LambdaErrors.NotEmulated("EphemeralStorage other than 512 MB");
        }

        if (logging is { } config && ((config.LogFormat ?? "Text") != "Text" || (config.LogGroup ?? $"/aws/lambda/{name}") != $"/aws/lambda/{name}"))
        {
            throw LambdaErrors.NotEmulated("LoggingConfig other than Text to /aws/lambda/{function}");
        }

        if (!string.IsNullOrEmpty(kmsKeyArn))
        {
            throw LambdaErrors.NotEmulated("KMSKeyArn (customer-managed encryption of environment variables)");
        }
    }

    private static string CheckRuntime(string runtime) =>
        Runtimes.Contains(runtime)
            ? runtime
            : throw LambdaErrors.InvalidParameter($"The runtime parameter of {runtime} is not supported by SesMail.Emulator: use dotnet10 or provided.al2023.");

    private static string CheckRole(string role) =>
        RolePattern().IsMatch(role)
            ? role
            : throw LambdaErrors.Validation("role", role, "Member must satisfy regular expression pattern: arn:(aws[a-zA-Z-]*)?:iam::\\d{12}:role/?[a-zA-Z_0-9+=,.@\\-_/]+");

    private static int CheckTimeout(int timeout) =>
        timeout is >= 1 and <= 900
            ? timeout
            : throw LambdaErrors.Validation("timeout", timeout.ToString(CultureInfo.InvariantCulture), timeout < 1 ? "Member must have value greater than or equal to 1" : "Member must have value less than or equal to 900");

    private static int CheckMemory(int memory) =>
        memory is >= 128 and <= 10_240
            ? memory
            : throw LambdaErrors.Validation("memorySize", memory.ToString(CultureInfo.InvariantCulture), memory < 128 ? "Member must have value greater than or equal to 128" : "Member must have value less than or equal to 10240");

    private static string CheckTracing(string mode) =>
        mode is "Active" or "PassThrough" ? mode : throw LambdaErrors.Validation("tracingConfig.mode", mode, "Member must satisfy enum value set: [Active, PassThrough]");

    private static IReadOnlyDictionary<string, string> CheckEnvironment(FunctionEnvironment? environment)
    {
        var variables = environment?.Variables ?? new Dictionary<string, string>();
        var reserved = variables.Keys.Where(LambdaExecutor.ReservedVariables.Contains).ToList();
        if (reserved.Count > 0)
        {
            throw LambdaErrors.InvalidParameter(
                $"Lambda was unable to configure your environment variables because the environment variables you have provided contains reserved keys that are currently not supported for modification. Reserved keys used in this request: {string.Join(", ", reserved)}");
        }

        return new SortedDictionary<string, string>(variables.ToDictionary(v => v.Key, v => v.Value, StringComparer.Ordinal), StringComparer.Ordinal);
    }

    private static IReadOnlyList<string> CheckArchitectures(IReadOnlyList<string>? architectures)
    {
        var host = RuntimeInformation.OSArchitecture == Architecture.Arm64 ? "arm64" : "x86_64";
        if (architectures is null or { Count: 0 })
        {
            return [host];
        }

        if (architectures.Count > 1 || architectures[0] is not ("x86_64" or "arm64"))
        {
            throw LambdaErrors.Validation("architectures", string.Join(",", architectures), "Member must have length less than or equal to 1, Member must satisfy enum value set: [x86_64, arm64]");
        }

        return architectures[0] == host
            ? architectures
            : throw LambdaErrors.NotEmulated($"Architecture {architectures[0]} on this {host} machine (functions run natively)");
    }

    private static void CheckRevision(LambdaFunction function, string? revisionId)
    {
        if (revisionId is not null && revisionId != function.RevisionId)
        {
            throw LambdaErrors.RevisionMismatch();
        }
    }

    private static int ParseMarker(string? marker) =>
        marker is null ? 0
        : int.TryParse(marker, NumberStyles.None, CultureInfo.InvariantCulture, out var start) ? start
        : throw LambdaErrors.InvalidParameter($"Invalid Marker: {marker}");

    [LoggerMessage(Level = LogLevel.Warning, Message = "Asynchronous invocation of {Function} could not run ({Code}: {Message}); retrying")]
    private static partial void LogEventRetry(ILogger logger, string function, string code, string message);

    [LoggerMessage(Level = LogLevel.Error, Message = "Asynchronous invocation of {Function} was dropped")]
    private static partial void LogEventDropped(ILogger logger, Exception error, string function);

    [GeneratedRegex(@"^[a-zA-Z0-9\-_]{1,64}$")]
    private static partial Regex FunctionNamePattern();

    [GeneratedRegex(@"^(arn:(aws[a-zA-Z-]*)?:lambda:(?<region>[a-z]{2}(-gov)?-[a-z]+-\d{1}):)?((?<account>\d{12}):)?(function:)?(?<name>[a-zA-Z0-9\-_]{1,64})(:(?<qualifier>\$LATEST|[a-zA-Z0-9\-_]+))?$")]
    private static partial Regex FunctionReference();

    [GeneratedRegex(@"^arn:(aws[a-zA-Z-]*)?:iam::\d{12}:role/?[a-zA-Z_0-9+=,.@\-/]+$")]
    private static partial Regex RolePattern();

    [GeneratedRegex(@"^[a-zA-Z0-9\-_.]{1,100}$")]
    private static partial Regex StatementIdPattern();
}
