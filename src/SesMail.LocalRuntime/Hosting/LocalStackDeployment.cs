using Amazon.CloudFormation;
using Amazon.CloudFormation.Model;
using SesMail.Infrastructure.Provisioning;
using SesMail.Infrastructure.Template;

namespace SesMail.LocalRuntime.Hosting;

/// <summary>
/// The runtime's own stack, <c>ses-mail-{Environment}</c>, deployed at start-up through the backend's CloudFormation
/// exactly as <c>aws cloudformation deploy</c> would: a change set with the configured parameters (parameters not
/// configured keep the stack's previous values), executed and followed until it completes, then read back from
/// <c>DescribeStacks</c>, <c>DescribeStackResources</c> and <c>GetTemplate</c>. Around CloudFormation, the step a
/// deployment owes SES: the stack joins the active rule set of another SesMail environment or owns its set, and an owned
/// set is activated when none is (docs/SETUP.md, "Several environments").
/// </summary>
internal sealed class LocalStackDeployment(IAmazonCloudFormation cloudFormation, ProvisioningClients clients, LocalRuntimeOptions options, TimeProvider time, ILogger<LocalStackDeployment> logger)
{
    /// <summary>The deployer, polling every 250 ms locally and every second against AWS.</summary>
    public StackDeployer Deployer { get; } = new(cloudFormation, time, options.DeployPollInterval ?? (options.EndpointUrl is null ? TimeSpan.FromSeconds(1) : TimeSpan.FromMilliseconds(250)));

    /// <summary>Deploys the template and returns the stack as CloudFormation reports it.</summary>
    /// <param name="uploaded">Parameters naming what was uploaded for this deployment (<c>StateMachinesKey</c>); empty for none.</param>
    /// <param name="cancellationToken">Cancels the deployment (an operation already started goes on in CloudFormation).</param>
    /// <returns>The template and the resolved stack.</returns>
    /// <exception cref="TemplateException">The template file is invalid; the message names the place.</exception>
    /// <exception cref="InvalidOperationException">The deployment failed; the message names each failed resource with CloudFormation's reason.</exception>
    /// <exception cref="AmazonCloudFormationException">CloudFormation refused the change set.</exception>
    public async Task<RuntimeStack> DeployAsync(IReadOnlyDictionary<string, string> uploaded, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(uploaded);
        var body = await File.ReadAllTextAsync(options.TemplatePath, cancellationToken).ConfigureAwait(false);
        var template = TemplateReader.Load(options.TemplatePath); // with its AWS::Include snippets, read beside it
        TemplateDependencies.Validate(template);
        var name = options.StackName;
        await RemoveUnusableAsync(name, cancellationToken).ConfigureAwait(false);

        var parameters = new Dictionary<string, string>(options.EffectiveParameters(), StringComparer.Ordinal) { ["Environment"] = options.Environment };
        foreach (var (key, value) in uploaded)
        {
            parameters.TryAdd(key, value);
        }

        if (template.Parameters.ContainsKey(ReceiptRuleSets.JoinParameter) && !parameters.ContainsKey(ReceiptRuleSets.JoinParameter))
        {
            var own = ReceiptRuleSets.OwnRuleSet(template, new PseudoParameters(options.AccountId, options.Region, name), parameters) ?? string.Empty;
            var (join, warning) = await ReceiptRuleSets.ChooseAsync(clients.Ses, own, cancellationToken).ConfigureAwait(false);
            parameters[ReceiptRuleSets.JoinParameter] = join;
            if (join.Length > 0)
            {
                logger.LogInformation("SES receiving: {RuleSet} is active, so {Stack} adds its receipt rule to it (shared-account mode, one active rule set per region).", join, name);
            }

            if (warning is not null)
            {
                logger.LogWarning("SES receiving: {Warning}", warning);
            }
        }

        var plan = await Deployer.CreateChangeSetAsync(
            new DeployRequest(name, body, parameters, KeepPreviousValues: true)
            {
                Description = "SesMail.LocalRuntime start-up",
                TemplateUrl = await TemplateUpload.UploadAsync(clients.S3, template.ParameterValue("CodeBucket", parameters), name, body, cancellationToken).ConfigureAwait(false),
            },
            cancellationToken).ConfigureAwait(false);
        if (plan.NoChanges)
        {
            await Deployer.DeleteChangeSetAsync(plan, cancellationToken).ConfigureAwait(false);
            logger.LogInformation("Stack {Stack} is up to date.", name);
        }
        else
        {
            logger.LogInformation("Stack {Stack}: {Type} with {Count} change(s).", name, plan.ChangeSetType, plan.Changes.Count);
            var failures = new List<StackEvent>();
            var final = await Deployer.ExecuteAsync(plan, e =>
            {
                if (e.ResourceStatus.EndsWith("_FAILED", StringComparison.Ordinal) && e.ResourceType != "AWS::CloudFormation::Stack")
                {
                    failures.Add(e);
                }

                logger.LogDebug("{Stack} {LogicalId} {Status} {Reason}", name, e.LogicalResourceId, e.ResourceStatus, e.ResourceStatusReason);
            }, cancellationToken).ConfigureAwait(false);
            if (!StackDeployer.Succeeded(final.StackStatus))
            {
                throw new InvalidOperationException(
                    $"Deploying {name} ended in {final.StackStatus}: {final.StackStatusReason} " +
                    string.Join(" ", failures.Select(f => $"{f.LogicalResourceId} ({f.ResourceType}): {f.ResourceStatusReason}")));
            }

            logger.LogInformation("Stack {Stack} is {Status}.", name, final.StackStatus);
        }

        var (deployed, resolved) = await Deployer.ReadAsync(name, cancellationToken).ConfigureAwait(false);
        await ActivateRuleSetAsync(resolved, cancellationToken).ConfigureAwait(false);
        return new RuntimeStack(deployed, resolved);
    }

    /// <summary>
    /// A stack that can only be deleted (a failed first creation, <c>ROLLBACK_COMPLETE</c>, or a failed deletion) is
    /// deleted first locally, so the next start creates it again; against AWS that is left to the operator.
    /// </summary>
    private async Task RemoveUnusableAsync(string name, CancellationToken cancellationToken)
    {
        var existing = await Deployer.DescribeAsync(name, cancellationToken).ConfigureAwait(false);
        if (existing is null || existing.StackStatus is "REVIEW_IN_PROGRESS" or "CREATE_COMPLETE" or "UPDATE_COMPLETE" or "UPDATE_ROLLBACK_COMPLETE")
        {
            return;
        }

        if (StackDeployer.IsInProgress(existing.StackStatus))
        {
            existing = await Deployer.WaitAsync(existing.StackId, new HashSet<string>(), null, cancellationToken).ConfigureAwait(false);
            if (existing.StackStatus is "CREATE_COMPLETE" or "UPDATE_COMPLETE" or "UPDATE_ROLLBACK_COMPLETE" or "DELETE_COMPLETE")
            {
                return;
            }
        }

        if (options.EndpointUrl is null)
        {
            throw new InvalidOperationException(
                $"The stack {name} is {existing.StackStatus} ({existing.StackStatusReason}) and cannot be updated; delete it (sesmail destroy --env {options.Environment}) or repair it in the CloudFormation console, then start again.");
        }

        logger.LogWarning("Stack {Stack} is {Status} ({Reason}); deleting it to create it again.", name, existing.StackStatus, existing.StackStatusReason);
        var deleted = await Deployer.DeleteAsync(name, null, cancellationToken).ConfigureAwait(false);
        if (deleted is not null && deleted.StackStatus != "DELETE_COMPLETE")
        {
            throw new InvalidOperationException($"The stack {name} is {existing.StackStatus} and could not be deleted: {deleted.StackStatusReason}");
        }
    }

    private async Task ActivateRuleSetAsync(ResolvedStack stack, CancellationToken cancellationToken)
    {
        if (stack.Parameters.GetValueOrDefault(ReceiptRuleSets.JoinParameter) is { Length: > 0 }
            || !stack.Outputs.TryGetValue("ReceiptRuleSetName", out var ruleSet) || ruleSet.Length == 0)
        {
            return;
        }

        var (active, activated) = await ReceiptRuleSets.ActivateAsync(clients.Ses, ruleSet, cancellationToken).ConfigureAwait(false);
        if (activated)
        {
            logger.LogInformation("SES receiving: activated the receipt rule set {RuleSet}.", ruleSet);
        }
        else if (active != ruleSet)
        {
            logger.LogWarning("SES receiving: {Active} is the active receipt rule set, not {RuleSet}; mail for {Stack}'s domains is refused until its rule is in the active set.", active, ruleSet, stack.StackName);
        }
    }
}
