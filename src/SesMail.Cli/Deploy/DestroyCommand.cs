using System.CommandLine;
using System.Text.Json.Serialization;
using Amazon.CloudFormation.Model;
using Amazon.S3;
using Amazon.S3.Model;
using Amazon.SecurityToken.Model;
using Amazon.SimpleEmail.Model;
using SesMail.Cli.Hosting;
using SesMail.Infrastructure.Provisioning;
using Spectre.Console;

namespace SesMail.Cli.Deploy;

/// <summary>
/// <c>sesmail destroy --env test|prod [--delete-mail]</c>: delete the environment's stack, following its events. The
/// mail bucket has <c>DeletionPolicy: Retain</c>, so it survives; <c>--delete-mail</c> empties and deletes it after the
/// stack. A stack that owns the active receipt rule set has it deactivated first (SES refuses to delete an active set),
/// unless another environment's rule joined that set: then nothing is deleted and the command says what to do.
/// </summary>
internal static class DestroyCommand
{
    public static Command Create(GlobalOptions global, CliConsole console)
    {
        var command = new Command("destroy", "Delete the environment's stack (ses-mail-{env}); the mail bucket is kept unless --delete-mail.");
        var deleteMail = new Option<bool>("--delete-mail") { Description = "Also empty and delete the mail bucket (every stored message, every version)." };
        command.Options.Add(deleteMail);
        CliRun.Bind(command, global, console, (result, run, ct) => DestroyAsync(run, result.GetValue(deleteMail), ct));
        return command;
    }

    /// <summary>Destroys; see the class summary.</summary>
    public static async Task<int> DestroyAsync(CliRun run, bool deleteMail, CancellationToken cancellationToken)
    {
        var env = run.Settings.Environment;
        var stackName = $"ses-mail-{env}";
        var deployer = new StackDeployer(run.Aws.CloudFormation, TimeProvider.System, run.Settings.Endpoint is null ? TimeSpan.FromSeconds(2) : TimeSpan.FromMilliseconds(250));
        var stack = await deployer.DescribeAsync(stackName, cancellationToken).ConfigureAwait(false);
        var outputs = stack?.Outputs.ToDictionary(o => o.OutputKey, o => o.OutputValue, StringComparer.Ordinal) ?? [];
        var bucket = outputs.GetValueOrDefault("EmailBucketName");
        if (stack is null)
        {
            if (!run.Json)
            {
                run.Console.Ansi.MarkupLine($"There is no stack {Markup.Escape(stackName)} at {Markup.Escape(run.Settings.Describe())}.");
            }

            if (deleteMail)
            {
                var account = (await run.Aws.Sts.GetCallerIdentityAsync(new GetCallerIdentityRequest(), cancellationToken).ConfigureAwait(false)).Account;
                bucket = $"ses-mail-storage-{account}-{run.Settings.Environment}"; // the template's BucketName; the stack that named it is gone
                await DeleteBucketAsync(run, bucket, cancellationToken).ConfigureAwait(false);
            }

            WriteResult(run, new DestroyResult(stackName, "DELETE_COMPLETE", bucket, deleteMail));
            return 0;
        }

        await ReleaseRuleSetAsync(run, stack, outputs, cancellationToken).ConfigureAwait(false);
        var failures = new List<StackEvent>();
        var final = await StackProgress.FollowAsync(run, $"Deleting {stackName}", Math.Max(1, stack.Outputs.Count), follow => deployer.DeleteAsync(stackName, e =>
        {
            if (e.ResourceStatus.EndsWith("_FAILED", StringComparison.Ordinal) && e.ResourceType != "AWS::CloudFormation::Stack")
            {
                failures.Add(e);
            }

            follow(e);
        }, cancellationToken)!).ConfigureAwait(false);
        if (final.StackStatus != "DELETE_COMPLETE")
        {
            StackProgress.WriteFailures(run, failures);
            throw new CliException($"deleting {stackName} failed: {final.StackStatus}. {final.StackStatusReason}".TrimEnd(), "Fix the cause, then run sesmail destroy again.");
        }

        if (deleteMail && bucket is not null)
        {
            await DeleteBucketAsync(run, bucket, cancellationToken).ConfigureAwait(false);
        }
        else if (bucket is not null && !run.Json)
        {
            run.Console.Ansi.MarkupLine($"Kept the mail bucket [bold]{Markup.Escape(bucket)}[/] (DeletionPolicy: Retain); sesmail destroy --env {env} --delete-mail deletes it.");
        }

        if (!run.Json)
        {
            run.Console.Ansi.MarkupLine($"[green]{Markup.Escape(stackName)} is deleted.[/]");
        }

        WriteResult(run, new DestroyResult(stackName, final.StackStatus, bucket, deleteMail && bucket is not null));
        return 0;
    }

    /// <summary>
    /// SES refuses to delete the active rule set: a stack that owns it gets it deactivated, unless another
    /// environment's rule is in it (that environment joined it), which would stop its mail.
    /// </summary>
    private static async Task ReleaseRuleSetAsync(CliRun run, Stack stack, IReadOnlyDictionary<string, string> outputs, CancellationToken cancellationToken)
    {
        var joined = stack.Parameters.FirstOrDefault(p => p.ParameterKey == ReceiptRuleSets.JoinParameter)?.ParameterValue;
        if (!string.IsNullOrEmpty(joined) || !outputs.TryGetValue("ReceiptRuleSetName", out var ruleSet))
        {
            return;
        }

        string? ownRule = null;
        try
        {
            ownRule = (await run.Aws.CloudFormation.DescribeStackResourceAsync(new DescribeStackResourceRequest { StackName = stack.StackId, LogicalResourceId = "ReceiptRule" }, cancellationToken).ConfigureAwait(false))
                .StackResourceDetail?.PhysicalResourceId;
        }
        catch (Amazon.CloudFormation.AmazonCloudFormationException)
        {
        }

        DescribeReceiptRuleSetResponse set;
        try
        {
            set = await run.Aws.Ses.DescribeReceiptRuleSetAsync(new DescribeReceiptRuleSetRequest { RuleSetName = ruleSet }, cancellationToken).ConfigureAwait(false);
        }
        catch (Amazon.SimpleEmail.AmazonSimpleEmailServiceException ex) when (ex.ErrorCode == "RuleSetDoesNotExist")
        {
            return;
        }

        var others = set.Rules.Where(r => r.Name != ownRule).Select(r => r.Name).ToList();
        if (others.Count > 0)
        {
            throw new CliException(
                $"the receipt rule set {ruleSet} of {stack.StackName} also holds {string.Join(", ", others)}: another environment joined it (shared-account mode), and deleting it would stop that environment's mail.",
                "Destroy that environment first (sesmail destroy --env …), then this one.");
        }

        var active = await run.Aws.Ses.DescribeActiveReceiptRuleSetAsync(new DescribeActiveReceiptRuleSetRequest(), cancellationToken).ConfigureAwait(false);
        if (active.Metadata?.Name == ruleSet)
        {
            await run.Aws.Ses.SetActiveReceiptRuleSetAsync(new SetActiveReceiptRuleSetRequest(), cancellationToken).ConfigureAwait(false);
            if (!run.Json)
            {
                run.Console.Ansi.MarkupLine($"Deactivated the receipt rule set [bold]{Markup.Escape(ruleSet)}[/] (SES does not delete an active set).");
            }
        }
    }

    /// <summary>Deletes every object (and every version) of the bucket, then the bucket.</summary>
    private static async Task DeleteBucketAsync(CliRun run, string bucket, CancellationToken cancellationToken)
    {
        var s3 = run.Aws.S3;
        var deleted = 0;
        try
        {
            ListObjectsV2Response page;
            do
            {
                page = await s3.ListObjectsV2Async(new ListObjectsV2Request { BucketName = bucket }, cancellationToken).ConfigureAwait(false);
                if (page.S3Objects is { Count: > 0 } objects)
                {
                    await s3.DeleteObjectsAsync(new DeleteObjectsRequest { BucketName = bucket, Objects = [.. objects.Select(o => new KeyVersion { Key = o.Key })] }, cancellationToken).ConfigureAwait(false);
                    deleted += objects.Count;
                }
            }
            while (page.IsTruncated == true);

            await DeleteVersionsAsync(s3, bucket, cancellationToken).ConfigureAwait(false);

            await s3.DeleteBucketAsync(new DeleteBucketRequest { BucketName = bucket }, cancellationToken).ConfigureAwait(false);
        }
        catch (AmazonS3Exception ex) when (ex.ErrorCode == "NoSuchBucket")
        {
            if (!run.Json)
            {
                run.Console.Ansi.MarkupLine($"The mail bucket {Markup.Escape(bucket)} does not exist.");
            }

            return;
        }

        if (!run.Json)
        {
            run.Console.Ansi.MarkupLine($"Deleted the mail bucket [bold]{Markup.Escape(bucket)}[/] and its {deleted} object(s).");
        }
    }

    /// <summary>Deletes the noncurrent versions a versioned bucket keeps (a backend without versioning has none to list).</summary>
    private static async Task DeleteVersionsAsync(IAmazonS3 s3, string bucket, CancellationToken cancellationToken)
    {
        try
        {
            ListVersionsResponse versions;
            do
            {
                versions = await s3.ListVersionsAsync(new ListVersionsRequest { BucketName = bucket }, cancellationToken).ConfigureAwait(false);
                var left = versions.Versions?.Where(v => v.VersionId is { Length: > 0 } and not "null").ToList() ?? [];
                if (left.Count == 0)
                {
                    return;
                }

                await s3.DeleteObjectsAsync(new DeleteObjectsRequest { BucketName = bucket, Objects = [.. left.Select(v => new KeyVersion { Key = v.Key, VersionId = v.VersionId })] }, cancellationToken).ConfigureAwait(false);
            }
            while (versions.IsTruncated == true);
        }
        catch (AmazonS3Exception ex) when (ex.ErrorCode == "NotImplemented")
        {
            // the backend keeps no versions
        }
    }

    private static void WriteResult(CliRun run, DestroyResult result)
    {
        if (run.Json)
        {
            run.WriteJson(result, CliJsonContext.Default.DestroyResult);
        }
    }
}

/// <summary>The outcome of <c>sesmail destroy</c> (<c>--output json</c>).</summary>
/// <param name="StackName">The stack.</param>
/// <param name="Status">Its final status.</param>
/// <param name="MailBucket">The mail bucket, if known.</param>
/// <param name="MailBucketDeleted">Whether the mail bucket was deleted.</param>
internal sealed record DestroyResult(
    [property: JsonPropertyName("stackName")] string StackName,
    [property: JsonPropertyName("status")] string Status,
    [property: JsonPropertyName("mailBucket")] string? MailBucket,
    [property: JsonPropertyName("mailBucketDeleted")] bool MailBucketDeleted);
