using System.Globalization;
using System.Text.Json;
using Amazon.StepFunctions;
using Amazon.StepFunctions.Model;
using SesMail.Cli.Hosting;

namespace SesMail.Cli.Recovery;

/// <summary>Starting, waiting for and reading executions of the stack's state machines (the retry processor, the token monitor).</summary>
internal static class StateMachineRuns
{
    /// <summary>The ARN of one of the stack's state machines, from the stack's outputs.</summary>
    /// <param name="run">The command's context.</param>
    /// <param name="pick">Which one: <see cref="StackNames.RetryProcessor"/> or <see cref="StackNames.TokenMonitor"/>.</param>
    /// <param name="cancellationToken">Cancels the calls.</param>
    /// <returns>The ARN.</returns>
    /// <exception cref="CliException">The stack's outputs cannot be read.</exception>
    public static async Task<string> ArnAsync(CliRun run, Func<StackNames, string> pick, CancellationToken cancellationToken) =>
        pick(await run.NamesAsync(cancellationToken).ConfigureAwait(false));

    /// <summary>Starts an execution.</summary>
    /// <param name="run">The command's context.</param>
    /// <param name="stateMachineArn">The state machine.</param>
    /// <param name="executionName">The execution name, e.g. <c>token-refresh-20260314-015900</c>.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <param name="account">For the retry processor: replay only the mail parked for this Gmail account (input
    /// <c>{"account": …}</c>); <c>null</c> replays everything (<c>{}</c>).</param>
    /// <returns>The execution ARN, or <c>null</c> when one of that name exists already.</returns>
    public static async Task<string?> StartAsync(CliRun run, string stateMachineArn, string executionName, CancellationToken cancellationToken, string? account = null)
    {
        var input = account is null ? "{}" : new System.Text.Json.Nodes.JsonObject { ["account"] = account }.ToJsonString();
        try
        {
            return (await run.Aws.StepFunctions.StartExecutionAsync(new StartExecutionRequest { StateMachineArn = stateMachineArn, Name = executionName, Input = input }, cancellationToken).ConfigureAwait(false)).ExecutionArn;
        }
        catch (AmazonStepFunctionsException error) when (error.ErrorCode == "ExecutionAlreadyExists")
        {
            return null;
        }
        catch (AmazonStepFunctionsException error) when (error.ErrorCode == "StateMachineDoesNotExist")
        {
            throw new CliException($"the state machine {stateMachineArn} does not exist.", "Is the stack provisioned with the retry processor (template RetryProcessorStateMachine)?", 1, error);
        }
    }

    /// <summary>Polls an execution until it is no longer running.</summary>
    /// <param name="run">The command's context.</param>
    /// <param name="executionArn">The execution.</param>
    /// <param name="cancellationToken">Stops waiting.</param>
    /// <returns>The final description.</returns>
    public static async Task<DescribeExecutionResponse> WaitAsync(CliRun run, string executionArn, CancellationToken cancellationToken)
    {
        while (true)
        {
            var described = await run.Aws.StepFunctions.DescribeExecutionAsync(new DescribeExecutionRequest { ExecutionArn = executionArn }, cancellationToken).ConfigureAwait(false);
            if (described.Status != "RUNNING")
            {
                return described;
            }

            await Task.Delay(TimeSpan.FromMilliseconds(500), cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Every history event of an execution, oldest first.</summary>
    /// <param name="run">The command's context.</param>
    /// <param name="executionArn">The execution.</param>
    /// <param name="cancellationToken">Cancels the calls.</param>
    /// <returns>The events.</returns>
    public static async Task<List<HistoryEvent>> HistoryAsync(CliRun run, string executionArn, CancellationToken cancellationToken)
    {
        var events = new List<HistoryEvent>();
        string? next = null;
        do
        {
            var page = await run.Aws.StepFunctions.GetExecutionHistoryAsync(new GetExecutionHistoryRequest { ExecutionArn = executionArn, MaxResults = 1000, NextToken = next }, cancellationToken).ConfigureAwait(false);
            events.AddRange(page.Events);
            next = page.NextToken;
        }
        while (next is not null);
        return events;
    }

    /// <summary>The execution name <c>sesmail token refresh</c> uses: <c>token-refresh-YYYYMMDD-HHMMSS</c> (UTC).</summary>
    /// <param name="now">The time of the refresh.</param>
    /// <returns>The name.</returns>
    public static string TokenRefreshName(DateTimeOffset now) => "token-refresh-" + now.UtcDateTime.ToString("yyyyMMdd-HHmmss", CultureInfo.InvariantCulture);

    /// <summary>A detail string member of a history event, e.g. <c>stateEnteredEventDetails.name</c>.</summary>
    /// <param name="evt">The event.</param>
    /// <param name="member">The detail member (<c>name</c>, <c>input</c>, <c>output</c>, <c>error</c>, <c>cause</c>).</param>
    /// <returns>The value, or <c>null</c>.</returns>
    public static string? Detail(HistoryEvent evt, string member)
    {
        foreach (var (_, details) in evt.Details ?? [])
        {
            if (details.ValueKind == JsonValueKind.Object && details.TryGetProperty(member, out var value))
            {
                return value.ValueKind == JsonValueKind.String ? value.GetString() : value.GetRawText();
            }
        }

        return null;
    }
}
