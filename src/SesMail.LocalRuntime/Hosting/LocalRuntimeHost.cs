using System.Net.Sockets;
using SesMail.Infrastructure.Provisioning;
using SesMail.Infrastructure.Template;
using SesMail.LocalRuntime.Invocation;
using SesMail.LocalRuntime.Packaging;

namespace SesMail.LocalRuntime.Hosting;

/// <summary>
/// Start-up and run loop: read the template, upload the functions' package to the code bucket, provision the template
/// (retrying while the backend is not reachable yet; the backend then holds and runs the functions, their event source
/// mappings and the pipe), seed the local values, and, in the attached mode, run the handlers in this process as the
/// functions' runtime until shutdown. A template, provisioning or package error stops the process with a message that
/// names the cause.
/// </summary>
internal sealed class LocalRuntimeHost(
    LocalRuntimeOptions options,
    ProvisioningClients clients,
    LocalRuntimeState state,
    LocalSeeder seeder,
    ILoggerFactory loggerFactory,
    IHostApplicationLifetime lifetime,
    TimeProvider time) : BackgroundService
{
    private readonly ILogger _logger = loggerFactory.CreateLogger<LocalRuntimeHost>();

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        RuntimeStack stack;
        try
        {
            stack = await ProvisionAndSeedAsync(stoppingToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            return;
        }
        catch (Exception ex) when (ex is TemplateException or InvalidOperationException or Amazon.Runtime.AmazonServiceException or IOException or KeyNotFoundException)
        {
            _logger.LogCritical("SesMail.LocalRuntime cannot start: {Reason}", ex.Message);
            state.SetFailed(ex);
            Environment.ExitCode = 1;
            lifetime.StopApplication();
            return;
        }

        var functions = stack.Template.OfType("AWS::Lambda::Function").Count();
        if (!options.Functions.Attached || options.EndpointUrl is null)
        {
            state.SetStack(stack);
            _logger.LogInformation("Stack {Stack} ready: {Functions} function(s) run by the backend's Lambda service.", stack.Resolved.StackName, functions);
            return;
        }

        var attached = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var run = new AttachedFunctions(options.EndpointUrl, loggerFactory) { Pollers = options.Functions.Pollers }
            .RunAsync(stack.Template, stack.Resolved, attached, stoppingToken);
        await Task.WhenAny(attached.Task, run).ConfigureAwait(false);
        state.SetStack(stack);
        _logger.LogInformation("Stack {Stack} ready: {Functions} function(s) run in this process, attached to the emulator's Lambda service.", stack.Resolved.StackName, functions);
        await run.ConfigureAwait(false);
    }

    private async Task<RuntimeStack> ProvisionAndSeedAsync(CancellationToken cancellationToken)
    {
        var template = TemplateReader.Load(options.TemplatePath);
        TemplateDependencies.Validate(template);
        var settings = new StackSettings(options.Environment, options.AccountId, options.Region, options.EffectiveParameters());
        var provisioner = new StackProvisioner(clients, loggerFactory.CreateLogger<StackProvisioner>());
        var delay = TimeSpan.FromSeconds(1);
        while (true)
        {
            try
            {
                await UploadPackageAsync(template, settings, cancellationToken).ConfigureAwait(false);
                var resolved = await provisioner.ProvisionAsync(template, settings, cancellationToken).ConfigureAwait(false);
                await seeder.SeedAsync(resolved, cancellationToken).ConfigureAwait(false);
                WriteStackFile(resolved);
                return new RuntimeStack(template, resolved);
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
        string Parameter(string name) => parameters.TryGetValue(name, out var value) ? value : template.Parameters[name].Default ?? string.Empty;
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
        Amazon.Runtime.AmazonServiceException { InnerException: { } inner } => IsUnreachable(inner),
        Amazon.Runtime.AmazonClientException { InnerException: { } inner } => IsUnreachable(inner),
        _ => ex.InnerException is { } inner2 && IsUnreachable(inner2),
    };
}
