using System.Text.Json.Nodes;
using SesMail.Emulator.Protocols;

namespace SesMail.Emulator.StepFunctions;

/// <summary>Binds <see cref="StepFunctionsProvider"/> to JSON 1.0 (<c>X-Amz-Target: AWSStepFunctions.{Operation}</c>, signing name <c>states</c>).</summary>
internal sealed class StepFunctionsService(StepFunctionsProvider provider) : IJsonService
{
    /// <inheritdoc />
    public string TargetPrefix => "AWSStepFunctions";

    /// <inheritdoc />
    public string SigningName => "states";

    /// <inheritdoc />
    public string JsonVersion => "1.0";

    /// <inheritdoc />
    public string ErrorNamespace => "com.amazonaws.states";

    /// <inheritdoc />
    public ValueTask<JsonNode?> InvokeAsync(string operation, JsonObject input, AwsRequestContext context, CancellationToken cancellationToken)
    {
        var json = StepFunctionsJsonContext.Default;
        const string invalid = "ValidationException";
        return operation switch
        {
            "CreateStateMachine" => AwsOperation.Invoke(input, json.CreateStateMachineRequest, json.CreateStateMachineResult, r => provider.CreateStateMachine(r, context), invalid),
            "UpdateStateMachine" => AwsOperation.Invoke(input, json.UpdateStateMachineRequest, json.UpdateStateMachineResult, r => provider.UpdateStateMachine(r, context), invalid),
            "DescribeStateMachine" => AwsOperation.Invoke(input, json.StateMachineRequest, json.DescribeStateMachineResult, r => provider.DescribeStateMachine(r, context), invalid),
            "ListStateMachines" => AwsOperation.Invoke(input, json.ListStateMachinesRequest, json.ListStateMachinesResult, r => provider.ListStateMachines(r, context), invalid),
            "DeleteStateMachine" => AwsOperation.InvokeAsync(input, json.StateMachineRequest, json.EmptyResult, async r => await provider.DeleteStateMachineAsync(r, context).ConfigureAwait(false), invalid),
            "StartExecution" => AwsOperation.Invoke(input, json.StartExecutionRequest, json.StartExecutionResult, r => provider.StartExecution(r, context), invalid),
            "StartSyncExecution" => AwsOperation.InvokeAsync(input, json.StartExecutionRequest, json.StartSyncExecutionResult, async r => await provider.StartSyncExecutionAsync(r, context).ConfigureAwait(false), invalid),
            "DescribeExecution" => AwsOperation.Invoke(input, json.ExecutionRequest, json.DescribeExecutionResult, r => provider.DescribeExecution(r, context), invalid),
            "ListExecutions" => AwsOperation.Invoke(input, json.ListExecutionsRequest, json.ListExecutionsResult, r => provider.ListExecutions(r, context), invalid),
            "GetExecutionHistory" => AwsOperation.Invoke(input, json.GetExecutionHistoryRequest, json.GetExecutionHistoryResult, r => provider.GetExecutionHistory(r, context), invalid),
            "StopExecution" => AwsOperation.InvokeAsync(input, json.StopExecutionRequest, json.StopExecutionResult, async r => await provider.StopExecutionAsync(r, context).ConfigureAwait(false), invalid),
            "ValidateStateMachineDefinition" => AwsOperation.Invoke(input, json.ValidateStateMachineDefinitionRequest, json.ValidateStateMachineDefinitionResult, StepFunctionsProvider.ValidateStateMachineDefinition, invalid),
            "TagResource" => AwsOperation.Invoke(input, json.SfnTagResourceRequest, json.EmptyResult, r => provider.TagResource(r, context), invalid),
            "UntagResource" => AwsOperation.Invoke(input, json.SfnUntagResourceRequest, json.EmptyResult, r => provider.UntagResource(r, context), invalid),
            "ListTagsForResource" => AwsOperation.Invoke(input, json.SfnListTagsRequest, json.SfnListTagsResult, r => provider.ListTagsForResource(r, context), invalid),
            _ => throw StepFunctionsErrors.UnknownOperation(operation),
        };
    }
}
