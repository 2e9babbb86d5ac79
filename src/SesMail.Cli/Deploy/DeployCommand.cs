using System.CommandLine;
using System.Globalization;
using System.Text.Json.Serialization;
using Amazon.CloudFormation.Model;
using Amazon.S3;
using Amazon.S3.Model;
using Amazon.SecurityToken.Model;
using SesMail.Cli.Hosting;
using SesMail.Infrastructure.Provisioning;
using SesMail.Infrastructure.Template;
using Spectre.Console;

namespace SesMail.Cli.Deploy;

/// <summary>
/// <c>sesmail deploy --env test|prod</c>: package the functions (as <c>sesmail package</c> does: the zip, and the
/// template as minified JSON beside it, which is the body deployed), upload the package to the code bucket (created if
/// missing; the key carries the package's content hash, so an unchanged package changes nothing), create a change set
/// for <c>ses-mail-{env}</c>, show it, execute it while following the stack's events, and print the outputs. The same
/// command targets the local stack (the default endpoint) and AWS (<c>--profile</c>).
/// </summary>
internal static class DeployCommand
{
    public static Command Create(GlobalOptions global, CliConsole console)
    {
        var command = new Command("deploy", "Package the functions, upload them and create or update the environment's stack (ses-mail-{env}) through CloudFormation: the local stack by default, AWS with --profile.");
        var parameters = new Option<string[]>("--parameter", "-p") { Description = "A template parameter as Key=Value (repeatable), e.g. -p Domains=example.com,example.org. Parameters not given keep the stack's current values." };
        var dryRun = new Option<bool>("--dry-run") { Description = "Create the change set, show it, delete it: nothing is changed." };
        var package = new Option<string?>("--package") { Description = "A built deployment zip to upload instead of publishing src/SesMail.Functions." };
        var template = new Option<string?>("--template") { Description = "The template. Default: src/SesMail.Infrastructure/template.yaml of the repository, else the one installed with sesmail." };
        var codeBucket = new Option<string?>("--code-bucket") { Description = "The S3 bucket for packages, created if missing. Default: ses-mail-artifacts-{account}-{region}." };
        foreach (var option in new Option[] { parameters, dryRun, package, template, codeBucket })
        {
            command.Options.Add(option);
        }

        CliRun.Bind(command, global, console, (result, run, ct) => DeployAsync(
            run,
            new DeployOptions(ParseParameters(result.GetValue(parameters) ?? []), result.GetValue(dryRun), result.GetValue(package), result.GetValue(template), result.GetValue(codeBucket)),
            ct));
        return command;
    }

    /// <summary>Deploys; see the class summary.</summary>
    public static async Task<int> DeployAsync(CliRun run, DeployOptions options, CancellationToken cancellationToken)
    {
        var env = run.Settings.Environment;
        var stackName = $"ses-mail-{env}";
        var (templatePath, source) = ReadTemplate(options.Template);
        var template = PackageCommand.Parse(templatePath, source);
        var body = TemplateJson.Write(template); // the deployable form: what sesmail package writes as template.json

        var account = (await run.Aws.Sts.GetCallerIdentityAsync(new GetCallerIdentityRequest(), cancellationToken).ConfigureAwait(false)).Account;
        var bucket = options.CodeBucket ?? $"ses-mail-artifacts-{account}-{run.Settings.Region}";
        var zip = options.Package ?? await PackageAsync(run, template, cancellationToken).ConfigureAwait(false);
        if (!File.Exists(zip))
        {
            throw new CliException($"the package {zip} does not exist.");
        }

        var key = FunctionPackage.Key(zip);
        var parameters = new Dictionary<string, string>(StringComparer.Ordinal) { ["Environment"] = env, ["CodeBucket"] = bucket, ["CodeKey"] = key };
        if (options.Package is null)
        {
            parameters["FunctionRuntime"] = "dotnet10"; // the package built here is the managed one; --parameter FunctionRuntime=… overrides
        }

        if (run.Settings.Endpoint is { } endpoint)
        {
            parameters["GmailApiBaseUrl"] = endpoint.ToString().TrimEnd('/'); // the emulator's Gmail stand-in
        }

        foreach (var undeclared in parameters.Keys.Where(k => !template.Parameters.ContainsKey(k)).ToList())
        {
            parameters.Remove(undeclared); // another template (--template) need not declare what SesMail's does
        }

        foreach (var (name, value) in options.Parameters)
        {
            if (!template.Parameters.ContainsKey(name))
            {
                throw new CliException($"--parameter {name}: the template has no such parameter.", $"Its parameters: {string.Join(", ", template.Parameters.Keys)}.");
            }

            parameters[name] = value;
        }

        if (template.Parameters.ContainsKey(ReceiptRuleSets.JoinParameter) && !options.Parameters.ContainsKey(ReceiptRuleSets.JoinParameter))
        {
            var own = ReceiptRuleSets.OwnRuleSet(template, new PseudoParameters(account, run.Settings.Region, stackName), parameters) ?? string.Empty;
            var (join, warning) = await ReceiptRuleSets.ChooseAsync(run.Aws.Ses, own, cancellationToken).ConfigureAwait(false);
            parameters[ReceiptRuleSets.JoinParameter] = join;
            if (join.Length > 0 && !run.Json)
            {
                run.Console.Ansi.MarkupLine($"[grey]{Markup.Escape(join)} is the active receipt rule set: {stackName} adds its rule to it (shared-account mode).[/]");
            }

            if (warning is not null)
            {
                run.Console.Error.WriteLine($"warning: {warning}");
            }
        }

        if (!options.DryRun)
        {
            await UploadAsync(run, bucket, key, zip, cancellationToken).ConfigureAwait(false);
        }

        if (template.Parameters.ContainsKey(StateMachineFiles.KeyParameter) && !options.Parameters.ContainsKey(StateMachineFiles.KeyParameter))
        {
            parameters[StateMachineFiles.KeyParameter] = await UploadStateMachinesAsync(run, bucket, StateMachineFiles.Directory(templatePath), options.DryRun, cancellationToken).ConfigureAwait(false);
        }

        var deployer = new StackDeployer(run.Aws.CloudFormation, TimeProvider.System, run.Settings.Endpoint is null ? TimeSpan.FromSeconds(2) : TimeSpan.FromMilliseconds(250));
        var existing = await deployer.DescribeAsync(stackName, cancellationToken).ConfigureAwait(false);
        var plan = await deployer.CreateChangeSetAsync(
            new DeployRequest(stackName, body, parameters, KeepPreviousValues: true)
            {
                Description = $"sesmail deploy --env {env}",
                TemplateUrl = options.DryRun ? null : await TemplateUpload.UploadAsync(run.Aws.S3, bucket, stackName, body, cancellationToken).ConfigureAwait(false),
            },
            cancellationToken).ConfigureAwait(false);
        if (plan.NoChanges)
        {
            await deployer.DeleteChangeSetAsync(plan, cancellationToken).ConfigureAwait(false);
            Report(run, new DeployResult(stackName, existing?.StackStatus ?? string.Empty, null, [], Outputs(existing), NoChanges: true, options.DryRun),
                $"No changes to deploy. Stack {stackName} is up to date.");
            return 0;
        }

        var changes = plan.Changes.Where(c => c.ResourceChange is not null).Select(c => new DeployChange(
            c.ResourceChange!.Action, c.ResourceChange.LogicalResourceId, c.ResourceChange.ResourceType, c.ResourceChange.Replacement)).ToList();
        if (!run.Json)
        {
            WriteChanges(run, stackName, plan.ChangeSetType, changes);
        }

        if (options.DryRun)
        {
            await deployer.DeleteChangeSetAsync(plan, cancellationToken).ConfigureAwait(false);
            if (existing is null || existing.StackStatus == "REVIEW_IN_PROGRESS")
            {
                await run.Aws.CloudFormation.DeleteStackAsync(new DeleteStackRequest { StackName = plan.StackId }, cancellationToken).ConfigureAwait(false);
            }

            Report(run, new DeployResult(stackName, existing?.StackStatus ?? string.Empty, plan.ChangeSetType, changes, Outputs(existing), NoChanges: false, DryRun: true),
                "Dry run: the change set was shown and deleted; nothing changed.");
            return 0;
        }

        var failures = new List<StackEvent>();
        var final = await StackProgress.FollowAsync(run, $"Deploying {stackName}", Math.Max(1, changes.Count), follow => deployer.ExecuteAsync(plan, e =>
        {
            if (e.ResourceStatus.EndsWith("_FAILED", StringComparison.Ordinal) && e.ResourceType != "AWS::CloudFormation::Stack")
            {
                failures.Add(e);
            }

            follow(e);
        }, cancellationToken)).ConfigureAwait(false);
        if (!StackDeployer.Succeeded(final.StackStatus))
        {
            StackProgress.WriteFailures(run, failures);
            throw new CliException(
                $"deploying {stackName} failed: {final.StackStatus}. {final.StackStatusReason}".TrimEnd(),
                $"Every event: aws cloudformation describe-stack-events --stack-name {stackName}{(run.Settings.Endpoint is { } e ? $" --endpoint-url {e.ToString().TrimEnd('/')}" : string.Empty)}");
        }

        var outputs = Outputs(final);
        if (parameters.GetValueOrDefault(ReceiptRuleSets.JoinParameter) is null or "" && outputs.TryGetValue("ReceiptRuleSetName", out var ruleSet))
        {
            var (active, activated) = await ReceiptRuleSets.ActivateAsync(run.Aws.Ses, ruleSet, cancellationToken).ConfigureAwait(false);
            if (activated && !run.Json)
            {
                run.Console.Ansi.MarkupLine($"Activated the receipt rule set [bold]{Markup.Escape(ruleSet)}[/].");
            }
            else if (active != ruleSet)
            {
                run.Console.Error.WriteLine($"warning: {active} is the active receipt rule set, not {ruleSet}: SES refuses mail for this stack's domains until its rule is in the active set.");
            }
        }

        if (run.Json)
        {
            run.WriteJson(new DeployResult(stackName, final.StackStatus, plan.ChangeSetType, changes, outputs, NoChanges: false, DryRun: false), CliJsonContext.Default.DeployResult);
            return 0;
        }

        run.Console.Ansi.MarkupLine($"[green]{Markup.Escape(stackName)} is {Markup.Escape(final.StackStatus)}.[/]");
        var table = new Table().AddColumns("Output", "Value");
        foreach (var (name, value) in outputs)
        {
            table.AddRow(Markup.Escape(name), Markup.Escape(value));
        }

        run.Console.Ansi.Write(table);
        return 0;
    }

    /// <summary>Parses <c>Key=Value</c> pairs.</summary>
    /// <exception cref="CliException">A pair has no <c>=</c> or no key.</exception>
    internal static Dictionary<string, string> ParseParameters(IEnumerable<string> pairs)
    {
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var pair in pairs)
        {
            var equals = pair.IndexOf('=', StringComparison.Ordinal);
            if (equals <= 0)
            {
                throw new CliException($"--parameter '{pair}' is not Key=Value.", "Example: --parameter Domains=example.com,example.org");
            }

            result[pair[..equals]] = pair[(equals + 1)..];
        }

        return result;
    }

    /// <summary>The template's path and text: <paramref name="path"/>, else the repository's, else the one installed with <c>sesmail</c>.</summary>
    /// <exception cref="CliException">The file does not exist.</exception>
    internal static (string Path, string Body) ReadTemplate(string? path)
    {
        path ??= FunctionPackage.FindRepositoryRoot(Directory.GetCurrentDirectory()) is { } root
            ? Path.Combine(root, "src", "SesMail.Infrastructure", "template.yaml")
            : Path.Combine(AppContext.BaseDirectory, "template.yaml");
        return File.Exists(path)
            ? (path, File.ReadAllText(path))
            : throw new CliException($"the template {path} does not exist.", "Pass --template <path>.");
    }

    /// <summary>Builds the package into the repository's <c>.sesmail/package</c> and writes <c>template.json</c> beside it, as <c>sesmail package</c> does.</summary>
    private static async Task<string> PackageAsync(CliRun run, TemplateDocument template, CancellationToken cancellationToken)
    {
        var root = FunctionPackage.FindRepositoryRoot(Directory.GetCurrentDirectory())
            ?? throw new CliException($"{FunctionPackage.ProjectPath} is not under the current folder.", "Run sesmail deploy from the SesMail repository, or pass a built package with --package.");
        var folder = PackageCommand.DefaultFolder(root);
        var zip = await BuildPackageAsync(run, root, folder, cancellationToken).ConfigureAwait(false);
        await PackageCommand.WriteTemplateAsync(template, folder, cancellationToken).ConfigureAwait(false);
        return zip;
    }

    /// <summary>Publishes the functions into <paramref name="output"/> and zips them, with a status line on a terminal.</summary>
    internal static async Task<string> BuildPackageAsync(CliRun run, string root, string output, CancellationToken cancellationToken)
    {
        if (run.Json)
        {
            return await FunctionPackage.BuildAsync(root, output, cancellationToken).ConfigureAwait(false);
        }

        return await run.Console.Ansi.Status().StartAsync($"Publishing {FunctionPackage.ProjectPath} (Release)…", _ => FunctionPackage.BuildAsync(root, output, cancellationToken)).ConfigureAwait(false);
    }

    /// <summary>Creates the code bucket when missing and uploads the package unless its key is there already.</summary>
    private static async Task UploadAsync(CliRun run, string bucket, string key, string zip, CancellationToken cancellationToken)
    {
        try
        {
            await run.Aws.S3.GetObjectMetadataAsync(new GetObjectMetadataRequest { BucketName = bucket, Key = key }, cancellationToken).ConfigureAwait(false);
            if (!run.Json)
            {
                run.Console.Ansi.MarkupLine($"[grey]s3://{Markup.Escape(bucket)}/{Markup.Escape(key)} is there already (same content).[/]");
            }

            return;
        }
        catch (AmazonS3Exception ex) when (ex.StatusCode == System.Net.HttpStatusCode.NotFound)
        {
        }

        try
        {
            await run.Aws.S3.PutBucketAsync(new PutBucketRequest { BucketName = bucket, BucketRegion = run.Settings.Region }, cancellationToken).ConfigureAwait(false);
        }
        catch (AmazonS3Exception ex) when (ex.ErrorCode is "BucketAlreadyOwnedByYou")
        {
        }

        await run.Aws.S3.PutObjectAsync(new PutObjectRequest { BucketName = bucket, Key = key, FilePath = zip, ContentType = "application/zip" }, cancellationToken).ConfigureAwait(false);
        if (!run.Json)
        {
            run.Console.Ansi.MarkupLine($"Uploaded the package to [bold]s3://{Markup.Escape(bucket)}/{Markup.Escape(key)}[/] ({new FileInfo(zip).Length.ToString("N0", CultureInfo.InvariantCulture)} bytes).");
        }
    }

    /// <summary>
    /// Uploads <c>statemachines/</c> (the recovery workflows' snippet and definitions) under its content hash. A dry run
    /// uploads too when the bucket exists, because CloudFormation reads the snippet to compute the change set; the files
    /// are content-addressed, so this changes no stack.
    /// </summary>
    private static async Task<string> UploadStateMachinesAsync(CliRun run, string bucket, string directory, bool dryRun, CancellationToken cancellationToken)
    {
        if (!Directory.Exists(directory))
        {
            throw new CliException($"{directory} does not exist; the template includes the files in it.", "Run sesmail deploy from the SesMail repository, or pass --template with the template beside its statemachines folder.");
        }

        try
        {
            var key = await StateMachineFiles.UploadAsync(run.Aws.S3, bucket, directory, null, cancellationToken).ConfigureAwait(false);
            if (!run.Json)
            {
                run.Console.Ansi.MarkupLine($"[grey]State machines and their resources: s3://{Markup.Escape(bucket)}/{Markup.Escape(key)}/[/]");
            }

            return key;
        }
        catch (AmazonS3Exception ex) when (dryRun && ex.ErrorCode == "NoSuchBucket")
        {
            return StateMachineFiles.ContentKey(directory); // nothing deployed yet: the change set will say the snippet is missing
        }
    }

    private static void WriteChanges(CliRun run, string stackName, string type, IReadOnlyList<DeployChange> changes)
    {
        run.Console.Ansi.MarkupLine($"Change set for [bold]{Markup.Escape(stackName)}[/] ({(type == "CREATE" ? "new stack" : "update")}):");
        var table = new Table().AddColumns("Action", "Resource", "Type", "Replacement");
        foreach (var change in changes)
        {
            var colour = change.Action switch { "Add" => "green", "Remove" => "red", _ => "yellow" };
            table.AddRow($"[{colour}]{change.Action}[/]", Markup.Escape(change.LogicalId), Markup.Escape(change.Type), change.Replacement ?? string.Empty);
        }

        run.Console.Ansi.Write(table);
    }

    private static void Report(CliRun run, DeployResult result, string message)
    {
        if (run.Json)
        {
            run.WriteJson(result, CliJsonContext.Default.DeployResult);
        }
        else
        {
            run.Console.Ansi.MarkupLine(Markup.Escape(message));
        }
    }

    private static Dictionary<string, string> Outputs(Stack? stack) =>
        stack?.Outputs.ToDictionary(o => o.OutputKey, o => o.OutputValue, StringComparer.Ordinal) ?? [];
}

/// <summary>What <c>sesmail deploy</c> was asked.</summary>
/// <param name="Parameters">Template parameters to set.</param>
/// <param name="DryRun">Show the change set only.</param>
/// <param name="Package">A built package, or <c>null</c> to build one.</param>
/// <param name="Template">The template path, or <c>null</c> for the repository's.</param>
/// <param name="CodeBucket">The code bucket, or <c>null</c> for <c>ses-mail-artifacts-{account}-{region}</c>.</param>
internal sealed record DeployOptions(IReadOnlyDictionary<string, string> Parameters, bool DryRun, string? Package, string? Template, string? CodeBucket);

/// <summary>One resource change of a deployment.</summary>
/// <param name="Action"><c>Add</c>, <c>Modify</c>, <c>Remove</c>.</param>
/// <param name="LogicalId">The template's logical id.</param>
/// <param name="Type">The resource type.</param>
/// <param name="Replacement">For <c>Modify</c>: <c>True</c>/<c>False</c>.</param>
internal sealed record DeployChange(
    [property: JsonPropertyName("action")] string Action,
    [property: JsonPropertyName("logicalId")] string LogicalId,
    [property: JsonPropertyName("type")] string Type,
    [property: JsonPropertyName("replacement")] string? Replacement);

/// <summary>The outcome of <c>sesmail deploy</c> (<c>--output json</c>).</summary>
/// <param name="StackName">The stack.</param>
/// <param name="Status">Its status afterwards (empty when it does not exist).</param>
/// <param name="ChangeSetType"><c>CREATE</c> or <c>UPDATE</c>; <c>null</c> when nothing changed.</param>
/// <param name="Changes">The resource changes.</param>
/// <param name="Outputs">The stack's outputs.</param>
/// <param name="NoChanges">Whether CloudFormation found nothing to change.</param>
/// <param name="DryRun">Whether the change set was only shown.</param>
internal sealed record DeployResult(
    [property: JsonPropertyName("stackName")] string StackName,
    [property: JsonPropertyName("status")] string Status,
    [property: JsonPropertyName("changeSetType")] string? ChangeSetType,
    [property: JsonPropertyName("changes")] IReadOnlyList<DeployChange> Changes,
    [property: JsonPropertyName("outputs")] IReadOnlyDictionary<string, string> Outputs,
    [property: JsonPropertyName("noChanges")] bool NoChanges,
    [property: JsonPropertyName("dryRun")] bool DryRun);
