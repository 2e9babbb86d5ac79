using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json.Nodes;
using Amazon.Lambda;
using Amazon.Lambda.Model;
using Amazon.S3;
using SesMail.Infrastructure.Template;

namespace SesMail.Infrastructure.Provisioning;

/// <summary>
/// <c>AWS::Lambda::Function</c> (CreateFunction; UpdateFunctionConfiguration when a setting differs; UpdateFunctionCode
/// when the package in S3 no longer matches <c>CodeSha256</c>), <c>AWS::Lambda::EventSourceMapping</c> (one per source and
/// function: CreateEventSourceMapping, or UpdateEventSourceMapping when a setting differs) and
/// <c>AWS::Lambda::Permission</c> (AddPermission with the logical id as statement id), as CloudFormation applies them.
/// </summary>
internal sealed class LambdaProvisioner(IAmazonLambda lambda, IAmazonS3 s3) : IResourceProvisioner
{
    public IReadOnlyCollection<string> Types { get; } = ["AWS::Lambda::Function", "AWS::Lambda::EventSourceMapping", "AWS::Lambda::Permission"];

    public Task<ResourceStatus> ApplyAsync(ProvisioningContext context, CancellationToken cancellationToken) => context.Resource.Type switch
    {
        "AWS::Lambda::Function" => ApplyFunctionAsync(context, cancellationToken),
        "AWS::Lambda::EventSourceMapping" => ApplyMappingAsync(context, cancellationToken),
        _ => ApplyPermissionAsync(context, cancellationToken),
    };

    public async Task DeleteAsync(DeletionContext context, CancellationToken cancellationToken)
    {
        try
        {
            switch (context.Resource.Type)
            {
                case "AWS::Lambda::Function":
                    await lambda.DeleteFunctionAsync(new DeleteFunctionRequest { FunctionName = context.PhysicalId }, cancellationToken).ConfigureAwait(false);
                    break;
                case "AWS::Lambda::EventSourceMapping":
                    await lambda.DeleteEventSourceMappingAsync(new DeleteEventSourceMappingRequest { UUID = context.PhysicalId }, cancellationToken).ConfigureAwait(false);
                    break;
                default:
                    if (context.String("FunctionName") is { } function)
                    {
                        await lambda.RemovePermissionAsync(new RemovePermissionRequest { FunctionName = function, StatementId = context.PhysicalId }, cancellationToken).ConfigureAwait(false);
                    }

                    break;
            }
        }
        catch (AmazonLambdaException error) when (error.ErrorCode == "ResourceNotFoundException")
        {
            // already gone (a permission goes with its function)
        }
    }

    private async Task<ResourceStatus> ApplyFunctionAsync(ProvisioningContext context, CancellationToken cancellationToken)
    {
        var name = context.PhysicalId;
        var code = context.Properties["Code"] as JsonObject ?? throw new TemplateException(context.Path("Code"), "AWS::Lambda::Function requires Code.");
        var bucket = code["S3Bucket"] is { } b ? TemplateValues.ScalarText(b, context.Path("Code.S3Bucket")) : null;
        var key = code["S3Key"] is { } k ? TemplateValues.ScalarText(k, context.Path("Code.S3Key")) : null;
        if (bucket is null || key is null)
        {
            throw new TemplateException(context.Path("Code"), "only Code.S3Bucket with Code.S3Key is applied (build and upload the package first).");
        }

        var environment = (context.Properties["Environment"]?["Variables"] as JsonObject ?? [])
            .ToDictionary(v => v.Key, v => TemplateValues.ScalarText(v.Value, context.Path($"Environment.Variables.{v.Key}")), StringComparer.Ordinal);
        var tracing = context.Properties["TracingConfig"]?["Mode"] is { } mode ? TemplateValues.ScalarText(mode, context.Path("TracingConfig.Mode")) : "PassThrough";
        var architectures = (context.Properties["Architectures"] as JsonArray)?.Select(a => TemplateValues.ScalarText(a, context.Path("Architectures"))).ToList();
        var timeout = Int(context, "Timeout") ?? 3;
        var memory = Int(context, "MemorySize") ?? 128;
        var runtime = context.RequireString("Runtime");
        var handler = context.RequireString("Handler");
        var role = context.RequireString("Role");
        var description = context.String("Description") ?? string.Empty;

        FunctionConfiguration? current;
        try
        {
            current = (await lambda.GetFunctionAsync(new GetFunctionRequest { FunctionName = name }, cancellationToken).ConfigureAwait(false)).Configuration;
        }
        catch (AmazonLambdaException error) when (error.ErrorCode == "ResourceNotFoundException")
        {
            current = null;
        }

        ResourceStatus status;
        if (current is null)
        {
            var created = await lambda.CreateFunctionAsync(
                new CreateFunctionRequest
                {
                    FunctionName = name, Runtime = runtime, Handler = handler, Role = role, Description = description, Timeout = timeout, MemorySize = memory,
                    Code = new FunctionCode { S3Bucket = bucket, S3Key = key },
                    Environment = new Amazon.Lambda.Model.Environment { Variables = environment },
                    TracingConfig = new TracingConfig { Mode = tracing },
                    Architectures = architectures,
                },
                cancellationToken).ConfigureAwait(false);
            context.Attributes["Arn"] = JsonValue.Create(created.FunctionArn!);
            return ResourceStatus.Created;
        }

        status = ResourceStatus.Unchanged;
        var currentVariables = current.Environment?.Variables ?? [];
        var changed = new List<string>();
        void Differs(bool differs, string what)
        {
            if (differs)
            {
                changed.Add(what);
            }
        }

        Differs(current.Runtime != runtime, "Runtime");
        Differs(current.Handler != handler, "Handler");
        Differs(current.Role != role, "Role");
        Differs((current.Description ?? string.Empty) != description, "Description");
        Differs(current.Timeout != timeout, "Timeout");
        Differs(current.MemorySize != memory, "MemorySize");
        Differs(current.TracingConfig?.Mode != tracing, "TracingConfig");
        Differs(currentVariables.Count != environment.Count || environment.Any(v => !currentVariables.TryGetValue(v.Key, out var c) || c != v.Value), "Environment");
        if (changed.Count > 0)
        {
            context.Notes.Add($"changed: {string.Join(", ", changed)}.");
            await lambda.UpdateFunctionConfigurationAsync(
                new UpdateFunctionConfigurationRequest
                {
                    FunctionName = name, Runtime = runtime, Handler = handler, Role = role, Description = description, Timeout = timeout, MemorySize = memory,
                    Environment = new Amazon.Lambda.Model.Environment { Variables = environment }, TracingConfig = new TracingConfig { Mode = tracing },
                },
                cancellationToken).ConfigureAwait(false);
            status = ResourceStatus.Updated;
        }

        if (await PackageShaAsync(bucket, key, cancellationToken).ConfigureAwait(false) is { } sha && sha != current.CodeSha256)
        {
            context.Notes.Add("new code package.");
            await lambda.UpdateFunctionCodeAsync(new UpdateFunctionCodeRequest { FunctionName = name, S3Bucket = bucket, S3Key = key }, cancellationToken).ConfigureAwait(false);
            status = ResourceStatus.Updated;
        }

        context.Attributes["Arn"] = JsonValue.Create(current.FunctionArn!);
        return status;
    }

    private async Task<ResourceStatus> ApplyMappingAsync(ProvisioningContext context, CancellationToken cancellationToken)
    {
        var function = context.RequireString("FunctionName");
        var source = context.RequireString("EventSourceArn");
        var responseTypes = (context.Properties["FunctionResponseTypes"] as JsonArray)?.Select(t => TemplateValues.ScalarText(t, context.Path("FunctionResponseTypes"))).ToList();
        var filters = (context.Properties["FilterCriteria"]?["Filters"] as JsonArray)?.OfType<JsonObject>()
            .Select(f => new Filter { Pattern = f["Pattern"] is JsonObject pattern ? pattern.ToJsonString() : TemplateValues.ScalarText(f["Pattern"]!, context.Path("FilterCriteria.Filters")) })
            .ToList();
        var concurrency = context.Properties["ScalingConfig"]?["MaximumConcurrency"] is { } c ? int.Parse(TemplateValues.ScalarText(c, context.Path("ScalingConfig.MaximumConcurrency")), CultureInfo.InvariantCulture) : (int?)null;
        var enabled = context.Bool("Enabled", fallback: true);
        var batch = Int(context, "BatchSize");
        var window = Int(context, "MaximumBatchingWindowInSeconds");

        var existing = (await lambda.ListEventSourceMappingsAsync(new ListEventSourceMappingsRequest { FunctionName = function, EventSourceArn = source }, cancellationToken).ConfigureAwait(false))
            .EventSourceMappings?.FirstOrDefault();
        if (existing is null)
        {
            var created = await lambda.CreateEventSourceMappingAsync(
                new CreateEventSourceMappingRequest
                {
                    FunctionName = function, EventSourceArn = source, Enabled = enabled, BatchSize = batch, MaximumBatchingWindowInSeconds = window,
                    StartingPosition = context.String("StartingPosition"), FunctionResponseTypes = responseTypes,
                    FilterCriteria = filters is null ? null : new FilterCriteria { Filters = filters },
                    ScalingConfig = concurrency is null ? null : new ScalingConfig { MaximumConcurrency = concurrency },
                    MaximumRetryAttempts = Int(context, "MaximumRetryAttempts"), MaximumRecordAgeInSeconds = Int(context, "MaximumRecordAgeInSeconds"),
                    BisectBatchOnFunctionError = context.Properties["BisectBatchOnFunctionError"] is null ? null : context.Bool("BisectBatchOnFunctionError"),
                },
                cancellationToken).ConfigureAwait(false);
            Identify(context, created);
            return ResourceStatus.Created;
        }

        Identify(context, existing);
        var same = existing.State is "Enabled" == enabled
            && (batch is null || existing.BatchSize == batch)
            && (window is null || existing.MaximumBatchingWindowInSeconds == window)
            && (existing.FunctionResponseTypes ?? []).SequenceEqual(responseTypes ?? [])
            && (concurrency is null || existing.ScalingConfig?.MaximumConcurrency == concurrency)
            && (existing.FilterCriteria?.Filters ?? []).Select(f => f.Pattern).SequenceEqual((filters ?? []).Select(f => f.Pattern));
        if (same)
        {
            return ResourceStatus.Unchanged;
        }

        await lambda.UpdateEventSourceMappingAsync(
            new UpdateEventSourceMappingRequest
            {
                UUID = existing.UUID, Enabled = enabled, BatchSize = batch, MaximumBatchingWindowInSeconds = window, FunctionResponseTypes = responseTypes ?? [],
                FilterCriteria = new FilterCriteria { Filters = filters ?? [] },
                ScalingConfig = concurrency is null ? null : new ScalingConfig { MaximumConcurrency = concurrency },
            },
            cancellationToken).ConfigureAwait(false);
        return ResourceStatus.Updated;
    }

    private async Task<ResourceStatus> ApplyPermissionAsync(ProvisioningContext context, CancellationToken cancellationToken)
    {
        var statement = context.Resource.LogicalId;
        context.PhysicalId = statement;
        try
        {
            await lambda.AddPermissionAsync(
                new AddPermissionRequest
                {
                    FunctionName = context.RequireString("FunctionName"), StatementId = statement, Action = context.RequireString("Action"),
                    Principal = context.RequireString("Principal"), SourceArn = context.String("SourceArn"), SourceAccount = context.String("SourceAccount"),
                },
                cancellationToken).ConfigureAwait(false);
            return ResourceStatus.Created;
        }
        catch (AmazonLambdaException error) when (error.ErrorCode == "ResourceConflictException")
        {
            return ResourceStatus.Unchanged;
        }
    }

    private static void Identify(ProvisioningContext context, EventSourceMappingConfiguration mapping)
    {
        context.PhysicalId = mapping.UUID!;
        context.Attributes["Id"] = JsonValue.Create(mapping.UUID!);
        context.Attributes["EventSourceMappingArn"] = JsonValue.Create(mapping.EventSourceMappingArn!);
    }

    /// <summary>The base64 SHA-256 of the package in S3 (what CodeSha256 reports), or <c>null</c> when it cannot be read.</summary>
    private async Task<string?> PackageShaAsync(string bucket, string key, CancellationToken cancellationToken)
    {
        try
        {
            using var response = await s3.GetObjectAsync(bucket, key, cancellationToken).ConfigureAwait(false);
            using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
            var buffer = new byte[81920];
            int read;
            while ((read = await response.ResponseStream.ReadAsync(buffer, cancellationToken).ConfigureAwait(false)) > 0)
            {
                sha.AppendData(buffer, 0, read);
            }

            return Convert.ToBase64String(sha.GetHashAndReset());
        }
        catch (AmazonS3Exception)
        {
            return null;
        }
    }

    private static int? Int(ProvisioningContext context, string property) =>
        context.String(property) is { } text ? int.Parse(text, CultureInfo.InvariantCulture) : null;
}
