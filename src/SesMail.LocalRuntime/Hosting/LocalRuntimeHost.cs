using System.Globalization;
using System.Net.Sockets;
using Amazon.CloudFormation;
using Amazon.CloudFormation.Model;
using SesMail.Infrastructure.Provisioning;
using SesMail.Infrastructure.Template;
using SesMail.LocalRuntime.Packaging;

namespace SesMail.LocalRuntime.Hosting;

/// <summary>
/// Start-up and run loop: read the template, upload the functions' package to the code bucket, deploy the runtime's own
/// stack through the backend's CloudFormation (retrying while the backend is not reachable yet; the backend then holds
/// and runs the functions, their event source mappings and the pipe), seed the local values, and, in the attached mode,
/// run the handlers in this process as the functions' runtime. Every SesMail stack (<c>ses-mail-*</c>) the backend
/// holds is followed, its own and the environments deployed beside it with <c>sesmail deploy</c>: seeded, its functions
/// attached (in the attached mode), re-attached when CloudFormation updates it and detached when it is deleted. A
/// template, deployment or package error of the own stack stops the process with a message that names the cause.
/// </summary>
internal sealed class LocalRuntimeHost(
    LocalRuntimeOptions options,
    ProvisioningClients clients,
    IAmazonCloudFormation cloudFormation,
    LocalStackDeployment deployment,
    LocalRuntimeState state,
    LocalSeeder seeder,
    ILoggerFactory loggerFactory,
    IHostApplicationLifetime lifetime,
    TimeProvider time) : BackgroundService
{
    /// <summary>The prefix of SesMail's stack names, <c>ses-mail-{env}</c>.</summary>
    public const string StackPrefix = "ses-mail-";

    private static readonly List<string> RunnableStatuses = ["CREATE_COMPLETE", "UPDATE_COMPLETE", "UPDATE_ROLLBACK_COMPLETE"];

    private readonly ILogger _logger = loggerFactory.CreateLogger<LocalRuntimeHost>();

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var runners = new Dictionary<string, StackRunner>(StringComparer.Ordinal);
        try
        {
            RuntimeStack stack;
            try
            {
                stack = await DeployAndSeedAsync(stoppingToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex) when (ex is TemplateException or InvalidOperationException or Amazon.Runtime.AmazonServiceException or IOException or KeyNotFoundException or StackOperationException)
            {
                _logger.LogCritical("SesMail.LocalRuntime cannot start: {Reason}", ex.Message);
                state.SetFailed(ex);
                Environment.ExitCode = 1;
                lifetime.StopApplication();
                return;
            }

            var functions = stack.Template.OfType("AWS::Lambda::Function").Count();
            if (options.EndpointUrl is null)
            {
                state.SetStack(stack);
                _logger.LogInformation("Against AWS, Lambda, its event source mappings and EventBridge Pipes run {Stack}'s {Functions} function(s); the runtime serves the SMTP edge only.", stack.Resolved.StackName, functions);
                return;
            }

            string version;
            try
            {
                version = await VersionAsync(stack.Resolved.StackName, stoppingToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }

            var own = StackRunner.Start(stack, version, options, loggerFactory, stoppingToken);
            runners[stack.Resolved.StackId ?? stack.Resolved.StackName] = own;
            await own.Attached.ConfigureAwait(false);
            state.SetStack(stack);
            _logger.LogInformation(
                options.Functions.Attached
                    ? "Stack {Stack} ready: {Functions} function(s) run in this process, attached to the emulator's Lambda service."
                    : "Stack {Stack} ready: {Functions} function(s) run by the backend's Lambda service.",
                stack.Resolved.StackName, functions);
            await MeasureTokensNowAsync(stack.Resolved, stoppingToken).ConfigureAwait(false);
            await WatchStacksAsync(runners, stack.Resolved.StackName, stoppingToken).ConfigureAwait(false);
        }
        finally
        {
            foreach (var runner in runners.Values)
            {
                await runner.DisposeAsync().ConfigureAwait(false);
            }
        }
    }

    /// <summary>
    /// Keeps one runner per SesMail stack in a runnable status, checking every <see cref="LocalRuntimeOptions.StackPollInterval"/>:
    /// starts runners for new stacks (seeding their local OAuth values and domain identities; in the attached mode their
    /// functions run in this process), restarts a runner when its
    /// stack was updated, stops it when the stack is gone. Failures are logged and retried at the next check.
    /// </summary>
    private async Task WatchStacksAsync(Dictionary<string, StackRunner> runners, string ownStack, CancellationToken stoppingToken)
    {
        var failedVersions = new Dictionary<string, string>(StringComparer.Ordinal);
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                var stacks = await SesMailStacksAsync(stoppingToken).ConfigureAwait(false);
                foreach (var summary in stacks)
                {
                    var version = Version(summary);
                    if ((runners.TryGetValue(summary.StackId, out var running) && running.Version == version)
                        || failedVersions.GetValueOrDefault(summary.StackId) == version)
                    {
                        continue;
                    }

                    if (running is not null)
                    {
                        _logger.LogInformation("Stack {Stack} changed ({Status}); restarting what runs for it.", summary.StackName, summary.StackStatus);
                        runners.Remove(summary.StackId);
                        await running.DisposeAsync().ConfigureAwait(false);
                    }

                    try
                    {
                        var (template, resolved) = await deployment.Deployer.ReadAsync(summary.StackId, stoppingToken).ConfigureAwait(false);
                        await seeder.SeedAsync(resolved, routingRules: summary.StackName == ownStack, stoppingToken).ConfigureAwait(false);
                        runners[summary.StackId] = StackRunner.Start(new RuntimeStack(template, resolved), version, options, loggerFactory, stoppingToken);
                        failedVersions.Remove(summary.StackId);
                    }
                    catch (Exception ex) when (ex is TemplateException or InvalidOperationException or Amazon.Runtime.AmazonServiceException or KeyNotFoundException)
                    {
                        _logger.LogError("Stack {Stack} is not run locally: {Reason}", summary.StackName, ex.Message);
                        failedVersions[summary.StackId] = version;
                    }
                }

                foreach (var gone in runners.Keys.Where(id => stacks.All(s => s.StackId != id)).ToList())
                {
                    _logger.LogInformation("Stack {Stack} is gone; stopping what ran for it.", runners[gone].Stack.Resolved.StackName);
                    await runners[gone].DisposeAsync().ConfigureAwait(false);
                    runners.Remove(gone);
                }
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                _logger.LogWarning("Could not list the backend's stacks ({Error}); trying again.", ex.Message);
            }

            try
            {
                await Task.Delay(options.StackPollInterval, time, stoppingToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    private async Task<List<StackSummary>> SesMailStacksAsync(CancellationToken cancellationToken)
    {
        var all = new List<StackSummary>();
        string? token = null;
        do
        {
            var page = await cloudFormation.ListStacksAsync(new ListStacksRequest { StackStatusFilter = RunnableStatuses, NextToken = token }, cancellationToken).ConfigureAwait(false);
            all.AddRange(page.StackSummaries.Where(s => s.StackName.StartsWith(StackPrefix, StringComparison.Ordinal)));
            token = page.NextToken;
        }
        while (token is not null);
        return all;
    }

    private async Task<string> VersionAsync(string stackName, CancellationToken cancellationToken)
    {
        var stack = (await cloudFormation.DescribeStacksAsync(new DescribeStacksRequest { StackName = stackName }, cancellationToken).ConfigureAwait(false)).Stacks.Single();
        return Version(stack.LastUpdatedTime ?? stack.CreationTime, stack.StackStatus);
    }

    /// <summary>
    /// Starts one execution of the token monitor (<c>TokenMonitorStateMachine</c>) as soon as the stack runs, so the
    /// token alarms (<c>TreatMissingData: breaching</c>) judge a measurement rather than the minutes before the first
    /// scheduled run; the schedule restarts with every start of the emulator (docs/MONITORING.md). A failure is logged
    /// and changes nothing else: the schedule measures again at its next firing.
    /// </summary>
    private async Task MeasureTokensNowAsync(ResolvedStack stack, CancellationToken cancellationToken)
    {
        if (clients.StepFunctions is null || !stack.Resources.TryGetValue("TokenMonitorStateMachine", out var monitor))
        {
            return;
        }

        try
        {
            var name = "startup-" + time.GetUtcNow().ToString("yyyyMMdd'T'HHmmss", CultureInfo.InvariantCulture);
            await clients.StepFunctions.StartExecutionAsync(
                new Amazon.StepFunctions.Model.StartExecutionRequest { StateMachineArn = monitor.PhysicalId, Name = name, Input = "{}" },
                cancellationToken).ConfigureAwait(false);
            _logger.LogInformation("Started the token monitor ({Execution}) so the token alarms start from a measurement.", name);
        }
        catch (Exception ex) when (ex is Amazon.Runtime.AmazonServiceException or HttpRequestException)
        {
            _logger.LogWarning("Could not start the token monitor at start-up ({Error}); its schedule measures at the next firing.", ex.Message);
        }
    }

    private static string Version(StackSummary summary) => Version(summary.LastUpdatedTime ?? summary.CreationTime, summary.StackStatus);

    private static string Version(DateTime changed, string status) => changed.ToString("O", CultureInfo.InvariantCulture) + "/" + status;

    private async Task<RuntimeStack> DeployAndSeedAsync(CancellationToken cancellationToken)
    {
        var template = TemplateReader.Load(options.TemplatePath);
        TemplateDependencies.Validate(template);
        var settings = new StackSettings(options.Environment, options.AccountId, options.Region, options.EffectiveParameters());
        var delay = TimeSpan.FromSeconds(1);
        while (true)
        {
            try
            {
                await UploadPackageAsync(template, settings, cancellationToken).ConfigureAwait(false);
                var uploaded = await UploadStateMachinesAsync(template, settings, cancellationToken).ConfigureAwait(false);
                var stack = await deployment.DeployAsync(uploaded, cancellationToken).ConfigureAwait(false);
                await seeder.SeedAsync(stack.Resolved, cancellationToken).ConfigureAwait(false);
                WriteStackFile(stack.Resolved);
                return stack;
            }
            catch (Exception ex) when (IsUnreachable(ex) && !cancellationToken.IsCancellationRequested)
            {
                _logger.LogWarning("The backend at {Endpoint} is not reachable yet ({Error}); retrying in {Delay} s.", options.EndpointUrl?.ToString() ?? "AWS", ex.Message, delay.TotalSeconds);
                await Task.Delay(delay, time, cancellationToken).ConfigureAwait(false);
                delay = TimeSpan.FromSeconds(Math.Min(10, delay.TotalSeconds * 2));
            }
        }
    }

    /// <summary>Puts the functions' package where the template's <c>Code</c> points (only against a local endpoint).</summary>
    private async Task UploadPackageAsync(TemplateDocument template, StackSettings settings, CancellationToken cancellationToken)
    {
        if (options.EndpointUrl is null || !template.OfType("AWS::Lambda::Function").Any())
        {
            return;
        }

        var parameters = settings.TemplateParameters();
        string Parameter(string name) => template.ParameterValue(name, parameters);
        var runtime = Parameter("FunctionRuntime");
        var key = Parameter("CodeKey") is { Length: > 0 } explicitKey ? explicitKey : $"SesMail.Functions-{runtime}.zip";
        byte[] zip;
        if (options.Functions.Package is { Length: > 0 } path)
        {
            zip = await File.ReadAllBytesAsync(path, cancellationToken).ConfigureAwait(false);
        }
        else if (runtime == "dotnet10")
        {
            zip = FunctionPackage.ManagedZip();
        }
        else
        {
            throw new InvalidOperationException(
                $"FunctionRuntime is {runtime}, which needs the Native AOT package: run 'dotnet publish src/SesMail.Functions.Bootstrap -c Release -r linux-x64' and set SesMail:Functions:Package to artifacts/functions/SesMail.Functions-provided.al2023.zip.");
        }

        var bucket = Parameter("CodeBucket");
        if (await FunctionPackage.UploadAsync(clients.S3, bucket, key, zip, cancellationToken).ConfigureAwait(false))
        {
            _logger.LogInformation("Uploaded the functions' package ({Bytes} bytes) to s3://{Bucket}/{Key}.", zip.Length, bucket, key);
        }
    }

    /// <summary>
    /// Puts <c>statemachines/</c> (the recovery workflows' snippet and definitions) under its content hash in the code
    /// bucket (only against a local endpoint, as the package) and returns the <c>StateMachinesKey</c> parameter for it.
    /// </summary>
    private async Task<IReadOnlyDictionary<string, string>> UploadStateMachinesAsync(TemplateDocument template, StackSettings settings, CancellationToken cancellationToken)
    {
        var directory = StateMachineFiles.Directory(options.TemplatePath);
        if (options.EndpointUrl is null || !template.Parameters.ContainsKey(StateMachineFiles.KeyParameter) || !Directory.Exists(directory))
        {
            return new Dictionary<string, string>();
        }

        var bucket = template.ParameterValue("CodeBucket", settings.TemplateParameters());
        await FunctionPackage.EnsureBucketAsync(clients.S3, bucket, cancellationToken).ConfigureAwait(false);
        var key = await StateMachineFiles.UploadAsync(clients.S3, bucket, directory, null, cancellationToken).ConfigureAwait(false);
        _logger.LogInformation("State machines and their resources are in s3://{Bucket}/{Key}/.", bucket, key);
        return new Dictionary<string, string> { [StateMachineFiles.KeyParameter] = key };
    }

    private void WriteStackFile(ResolvedStack resolved)
    {
        var path = options.StackFile ?? Path.Combine(".sesmail", $"stack-{options.Environment}.json");
        if (path.Length == 0)
        {
            return;
        }

        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        File.WriteAllText(path, resolved.ToJson());
        _logger.LogInformation("Resolved stack written to {Path}.", Path.GetFullPath(path));
    }

    private static bool IsUnreachable(Exception ex) => ex switch
    {
        HttpRequestException or SocketException => true,
        TaskCanceledException { InnerException: TimeoutException } => true,
        Amazon.Runtime.AmazonServiceException { ErrorCode: "ServiceUnavailable" } => true,
        Amazon.Runtime.AmazonServiceException { InnerException: { } inner } => IsUnreachable(inner),
        Amazon.Runtime.AmazonClientException { InnerException: { } inner } => IsUnreachable(inner),
        _ => ex.InnerException is { } inner2 && IsUnreachable(inner2),
    };
}
