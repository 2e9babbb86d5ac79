using System.Text.Json.Nodes;
using SesMail.Emulator.StepFunctions.Asl;

namespace SesMail.Tests.Emulator.StepFunctions;

/// <summary>
/// JSONPath input and output processing, with expected outputs from the examples of the Step Functions developer
/// guide ("Processing input and output", the InputPath/Parameters/ResultSelector/ResultPath/OutputPath pages, the
/// context object page, and the Pass, Choice, Map and Parallel state pages).
/// </summary>
[Trait("Kind", "Unit")]
public sealed class AslInputOutputTests
{
    private readonly AslHarness _asl = new();

    private static void ShouldBeJson(JsonNode? actual, string expected) =>
        JsonNode.DeepEquals(actual, JsonNode.Parse(expected)).Should().BeTrue($"{actual?.ToJsonString() ?? "null"} should equal {expected}");

    [Fact]
    public async Task InputPath_SelectsPartOfTheInput_AsTheDocumentationExampleShows()
    {
        var outcome = await _asl.RunAsync("""{"StartAt":"P","States":{"P":{"Type":"Pass","InputPath":"$.dataset2","End":true}}}""",
            """{"comment":"Example for InputPath.","dataset1":{"val1":1,"val2":2,"val3":3},"dataset2":{"val1":"a","val2":"b","val3":"c"}}""");

        ShouldBeJson(outcome.Output, """{"val1":"a","val2":"b","val3":"c"}""");
    }

    [Fact]
    public async Task Parameters_WithPathsAndContextObject_BuildsTheEffectiveInput()
    {
        var outcome = await _asl.RunAsync("""
            {"StartAt":"P","States":{"P":{"Type":"Pass","Parameters":{
              "comment":"Selecting what I care about.",
              "MyDetails":{"size.$":"$.product.details.size","exists.$":"$.product.availability","StaticValue":"foo"},
              "execution.$":"$$.Execution.Name","state.$":"$$.State.Name"},"End":true}}}
            """, """{"comment":"Example for Parameters.","product":{"details":{"color":"blue","size":"small","material":"cotton"},"availability":"in stock","sku":"2317","cost":"$23"}}""");

        ShouldBeJson(outcome.Output, """{"comment":"Selecting what I care about.","MyDetails":{"size":"small","exists":"in stock","StaticValue":"foo"},"execution":"run-1","state":"P"}""");
    }

    [Fact]
    public async Task ResultPath_AddsTheResultToTheRawInput()
    {
        _asl.Tasks.Handler = (_, _) => Task.FromResult<JsonNode?>(JsonValue.Create("Hello, AWS Step Functions!"));

        var outcome = await _asl.RunAsync("""
            {"StartAt":"T","States":{"T":{"Type":"Task","Resource":"arn:aws:lambda:ap-southeast-2:000000000000:function:HelloFunction","ResultPath":"$.taskresult","End":true}}}
            """, """{"comment":"This is a test of the input and output of a Task state.","details":"Default example","who":"AWS Step Functions"}""");

        ShouldBeJson(outcome.Output, """{"comment":"This is a test of the input and output of a Task state.","details":"Default example","who":"AWS Step Functions","taskresult":"Hello, AWS Step Functions!"}""");
    }

    [Fact]
    public async Task ResultPathNull_DiscardsTheResult_AndOutputPathSelects()
    {
        var outcome = await _asl.RunAsync("""
            {"StartAt":"A","States":{
              "A":{"Type":"Pass","Result":"ignored","ResultPath":null,"Next":"B"},
              "B":{"Type":"Pass","Result":{"x":1},"ResultPath":"$.deep.inside","OutputPath":"$.deep","End":true}}}
            """, """{"keep":true}""");

        ShouldBeJson(outcome.Output, """{"inside":{"x":1}}""");
    }

    [Fact]
    public async Task Pass_ResultWithResultPath_AsThePassStateExampleShows()
    {
        var outcome = await _asl.RunAsync("""
            {"StartAt":"No-op","States":{"No-op":{"Type":"Pass","Result":{"x-datum":0.381018,"y-datum":622.2269926397355},"ResultPath":"$.coords","End":true}}}
            """, """{"georefOf":"Home"}""");

        ShouldBeJson(outcome.Output, """{"georefOf":"Home","coords":{"x-datum":0.381018,"y-datum":622.2269926397355}}""");
    }

    [Fact]
    public async Task ResultSelector_ShapesTheTaskResult_BeforeResultPath()
    {
        _asl.Tasks.Handler = (_, _) => Task.FromResult(JsonNode.Parse("""{"resourceType":"elasticmapreduce","resource":"createCluster.sync","output":{"SdkHttpMetadata":{"HttpStatusCode":200},"ClusterId":"AKIAIOSFODNN7EXAMPLE","Status":{"State":"RUNNING"}}}"""));

        var outcome = await _asl.RunAsync("""
            {"StartAt":"T","States":{"T":{"Type":"Task","Resource":"arn:aws:states:::lambda:invoke","Parameters":{"FunctionName":"f"},
              "ResultSelector":{"ClusterId.$":"$.output.ClusterId","ResourceType.$":"$.resourceType"},"ResultPath":"$.EMROutput","End":true}}}
            """, """{"Name":"cluster"}""");

        ShouldBeJson(outcome.Output, """{"Name":"cluster","EMROutput":{"ClusterId":"AKIAIOSFODNN7EXAMPLE","ResourceType":"elasticmapreduce"}}""");
    }

    [Fact]
    public async Task JsonPath_FiltersSlicesAndWildcards_ReturnArraysOfMatches()
    {
        var outcome = await _asl.RunAsync("""
            {"StartAt":"P","States":{"P":{"Type":"Pass","Parameters":{
              "cheap.$":"$.items[?(@.price < 10)].name",
              "firstTwo.$":"$.items[0:2].name",
              "all.$":"$..name",
              "last.$":"$.items[-1].name"},"End":true}}}
            """, """{"items":[{"name":"a","price":5},{"name":"b","price":15},{"name":"c","price":7}]}""");

        ShouldBeJson(outcome.Output, """{"cheap":["a","c"],"firstTwo":["a","b"],"all":["a","b","c"],"last":"c"}""");
    }

    [Fact]
    public async Task Parameters_PathMissing_FailsWithStatesRuntime()
    {
        var outcome = await _asl.RunAsync("""{"StartAt":"P","States":{"P":{"Type":"Pass","Parameters":{"x.$":"$.missing"},"End":true}}}""");

        outcome.Status.Should().Be("FAILED");
        outcome.Error.Should().Be("States.Runtime");
        outcome.Cause.Should().Contain("$.missing");
    }

    [Fact]
    public async Task Choice_AndNotRules_PickTheDocumentedBranch()
    {
        const string definition = """
            {"StartAt":"C","States":{
              "C":{"Type":"Choice","Choices":[
                {"Not":{"Variable":"$.type","StringEquals":"Private"},"Next":"Public"},
                {"And":[{"Variable":"$.value","IsPresent":true},{"Variable":"$.value","IsNumeric":true},{"Variable":"$.value","NumericGreaterThanEquals":20},{"Variable":"$.value","NumericLessThan":30}],"Next":"ValueInTwenties"},
                {"Variable":"$.rating","NumericGreaterThanPath":"$.auditThreshold","Next":"StartAudit"},
                {"Variable":"$.file","StringMatches":"log-*.txt","Next":"Log"},
                {"Variable":"$.when","TimestampLessThan":"2026-01-01T00:00:00Z","Next":"Old"}],
               "Default":"DefaultState"},
              "Public":{"Type":"Pass","Result":"Public","End":true},
              "ValueInTwenties":{"Type":"Pass","Result":"ValueInTwenties","End":true},
              "StartAudit":{"Type":"Pass","Result":"StartAudit","End":true},
              "Log":{"Type":"Pass","Result":"Log","End":true},
              "Old":{"Type":"Pass","Result":"Old","End":true},
              "DefaultState":{"Type":"Pass","Result":"Default","End":true}}}
            """;

        await ExpectBranch(definition, """{"type":"Public"}""", "Public");
        await ExpectBranch(definition, """{"type":"Private","value":25}""", "ValueInTwenties");
        await ExpectBranch(definition, """{"type":"Private","value":35,"rating":53,"auditThreshold":50}""", "StartAudit");
        await ExpectBranch(definition, """{"type":"Private","rating":1,"auditThreshold":50,"file":"log-2026.txt"}""", "Log");
        await ExpectBranch(definition, """{"type":"Private","rating":1,"auditThreshold":50,"file":"x.txt","when":"2025-06-01T10:00:00Z"}""", "Old");
        await ExpectBranch(definition, """{"type":"Private","rating":1,"auditThreshold":50,"file":"x.txt","when":"2026-06-01T10:00:00Z"}""", "Default");
    }

    private async Task ExpectBranch(string definition, string input, string branch)
    {
        var outcome = await _asl.RunAsync(definition, input);
        outcome.Status.Should().Be("SUCCEEDED", $"input {input} ended {outcome.Error} {outcome.Cause}");
        outcome.Output!.ToJsonString().Should().Be($"\"{branch}\"");
    }

    [Fact]
    public async Task Choice_VariableMissing_FailsWithStatesRuntimeAsInAws()
    {
        var outcome = await _asl.RunAsync("""
            {"StartAt":"C","States":{"C":{"Type":"Choice","Choices":[{"Variable":"$.absent","StringEquals":"x","Next":"S"}],"Default":"S"},"S":{"Type":"Succeed"}}}
            """);

        outcome.Error.Should().Be("States.Runtime");
    }

    [Fact]
    public async Task Choice_NoRuleMatchesAndNoDefault_FailsWithNoChoiceMatched()
    {
        var outcome = await _asl.RunAsync("""
            {"StartAt":"C","States":{"C":{"Type":"Choice","Choices":[{"Variable":"$.a","BooleanEquals":true,"Next":"S"}]},"S":{"Type":"Succeed"}}}
            """, """{"a":false}""");

        outcome.Error.Should().Be("States.NoChoiceMatched");
    }

    [Fact]
    public async Task Map_ItemsPathAndItemSelector_PassIndexAndValueFromTheContextObject()
    {
        var outcome = await _asl.RunAsync("""
            {"StartAt":"ExampleMapState","States":{"ExampleMapState":{"Type":"Map","ItemsPath":"$.detail.shipped",
              "ItemSelector":{"ContextIndex.$":"$$.Map.Item.Index","ContextValue.$":"$$.Map.Item.Value","partner.$":"$.detail.delivery-partner"},
              "ItemProcessor":{"StartAt":"TestPass","States":{"TestPass":{"Type":"Pass","End":true}}},"End":true}}}
            """, """{"ship-date":"2016-03-14T01:59:00Z","detail":{"delivery-partner":"UQS","shipped":[{"prod":"R31","dest-code":9511,"quantity":1344},{"prod":"S39","dest-code":9511,"quantity":40}]}}""");

        ShouldBeJson(outcome.Output, """
            [{"ContextIndex":0,"ContextValue":{"prod":"R31","dest-code":9511,"quantity":1344},"partner":"UQS"},
             {"ContextIndex":1,"ContextValue":{"prod":"S39","dest-code":9511,"quantity":40},"partner":"UQS"}]
            """);
        _asl.Listener.Types.Should().Contain(["MapStateEntered", "MapStateStarted", "MapIterationStarted", "MapIterationSucceeded", "MapStateSucceeded", "MapStateExited"]);
    }

    [Fact]
    public async Task Map_MaxConcurrency_NeverRunsMoreIterationsAtOnce()
    {
        var release = new TaskCompletionSource();
        _asl.Tasks.Handler = async (r, ct) =>
        {
            await release.Task.WaitAsync(ct);
            return r.Parameters;
        };

        var run = _asl.StartAsync("""
            {"StartAt":"M","States":{"M":{"Type":"Map","MaxConcurrency":2,"ItemProcessor":{"StartAt":"T","States":{
              "T":{"Type":"Task","Resource":"arn:aws:states:::lambda:invoke","Parameters":{"FunctionName":"f","Payload.$":"$"},"OutputPath":"$.FunctionName","End":true}}},"End":true}}}
            """, "[1,2,3,4,5,6]");
        await AslHarness.WaitUntilAsync(() => _asl.Tasks.Calls.Count == 2, "two iterations run");
        await Task.Delay(50, TestContext.Current.CancellationToken); // give a third iteration the chance to start, if the gate were broken
        var activeBeforeRelease = _asl.Tasks.Calls.Count;
        release.SetResult();
        var outcome = await run.WaitAsync(TimeSpan.FromSeconds(30), TestContext.Current.CancellationToken);

        activeBeforeRelease.Should().Be(2);
        _asl.Tasks.MaxActive.Should().Be(2);
        _asl.Tasks.Calls.Should().HaveCount(6);
        ShouldBeJson(outcome.Output, """["f","f","f","f","f","f"]""");
    }

    [Fact]
    public async Task Parallel_BranchesResults_AreInBranchOrder()
    {
        var outcome = await _asl.RunAsync("""
            {"StartAt":"P","States":{"P":{"Type":"Parallel","Branches":[
              {"StartAt":"A","States":{"A":{"Type":"Pass","Parameters":{"sum.$":"States.MathAdd($.a, $.b)"},"End":true}}},
              {"StartAt":"B","States":{"B":{"Type":"Pass","Result":"second","End":true}}}],
              "ResultPath":"$.results","End":true}}}
            """, """{"a":3,"b":4}""");

        ShouldBeJson(outcome.Output, """{"a":3,"b":4,"results":[{"sum":7},"second"]}""");
    }

    [Fact]
    public async Task Parallel_BranchFails_TheStateFailsWithTheBranchError()
    {
        var outcome = await _asl.RunAsync("""
            {"StartAt":"P","States":{"P":{"Type":"Parallel","Branches":[
              {"StartAt":"A","States":{"A":{"Type":"Fail","Error":"Custom.Bad","Cause":"branch one"}}},
              {"StartAt":"B","States":{"B":{"Type":"Pass","End":true}}}],"End":true}}}
            """);

        outcome.Status.Should().Be("FAILED");
        outcome.Error.Should().Be("Custom.Bad");
        outcome.Cause.Should().Be("branch one");
    }

    [Fact]
    public async Task Fail_ErrorPathAndCausePath_TakeTheirValuesFromTheInput()
    {
        var outcome = await _asl.RunAsync("""
            {"StartAt":"F","States":{"F":{"Type":"Fail","ErrorPath":"$.code","CausePath":"States.Format('Item {} failed', $.id)"}}}
            """, """{"code":"Item.Failed","id":42}""");

        outcome.Status.Should().Be("FAILED");
        outcome.Error.Should().Be("Item.Failed");
        outcome.Cause.Should().Be("Item 42 failed");
    }

    [Fact]
    public async Task Assign_VariablesAreReadByLaterStates_AndRecordedOnExit()
    {
        var outcome = await _asl.RunAsync("""
            {"StartAt":"A","States":{
              "A":{"Type":"Pass","Assign":{"x":1,"y.$":"$.a"},"Next":"B"},
              "B":{"Type":"Pass","Parameters":{"sum.$":"States.MathAdd($x, $y)","name.$":"$$.Execution.Name"},"End":true}}}
            """, """{"a":41}""");

        ShouldBeJson(outcome.Output, """{"sum":42,"name":"run-1"}""");
        var exit = _asl.Listener.Events.First(e => e.Type == "PassStateExited");
        exit.Details!["assignedVariables"]!["y"]!.GetValue<string>().Should().Be("41");
    }

    [Fact]
    public async Task Definition_Invalid_IsRefusedNamingTheProblem()
    {
        Action unknownField = () => StateMachineDefinition.Parse("""{"StartAt":"A","States":{"A":{"Type":"Pass","Foo":1,"End":true}}}""");
        Action missingTarget = () => StateMachineDefinition.Parse("""{"StartAt":"A","States":{"A":{"Type":"Pass","Next":"B"}}}""");
        Action callback = () => StateMachineDefinition.Parse("""{"StartAt":"A","States":{"A":{"Type":"Task","Resource":"arn:aws:states:::lambda:invoke.waitForTaskToken","End":true}}}""");
        Action distributed = () => StateMachineDefinition.Parse("""{"StartAt":"M","States":{"M":{"Type":"Map","ItemProcessor":{"ProcessorConfig":{"Mode":"DISTRIBUTED","ExecutionType":"STANDARD"},"StartAt":"P","States":{"P":{"Type":"Pass","End":true}}},"End":true}}}""");
        Action unknownIntrinsic = () => StateMachineDefinition.Parse("""{"StartAt":"A","States":{"A":{"Type":"Pass","Parameters":{"x.$":"States.Nope(1)"},"End":true}}}""");
        Action unreachable = () => StateMachineDefinition.Parse("""{"StartAt":"A","States":{"A":{"Type":"Succeed"},"B":{"Type":"Succeed"}}}""");

        unknownField.Should().Throw<AslDefinitionException>().WithMessage("*SCHEMA_VALIDATION_FAILED: The field 'Foo' is not supported by state type 'Pass' at /States/A/Foo*");
        missingTarget.Should().Throw<AslDefinitionException>().WithMessage("*MISSING_TRANSITION_TARGET: Missing 'Next' target: B*");
        callback.Should().Throw<AslDefinitionException>().WithMessage("*waitForTaskToken*not emulated*");
        distributed.Should().Throw<AslDefinitionException>().WithMessage("*DISTRIBUTED Map is not emulated*");
        unknownIntrinsic.Should().Throw<AslDefinitionException>().WithMessage("*'States.Nope' is not an intrinsic function*");
        unreachable.Should().Throw<AslDefinitionException>().WithMessage("*State 'B' is not reachable*");
    }
}
