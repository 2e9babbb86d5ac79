using System.Text.Json.Nodes;
using SesMail.Emulator.StepFunctions.Asl;
using SesMail.Emulator.StepFunctions.Asl.Jsonata;

namespace SesMail.Tests.Emulator.StepFunctions;

/// <summary>The JSONata subset: expressions, JSONata states, and refusal of constructs outside the subset.</summary>
[Trait("Kind", "Unit")]
public sealed class JsonataTests
{
    private static readonly DateTimeOffset Now = new(2026, 3, 14, 1, 59, 0, TimeSpan.Zero);

    private static string Eval(string expression, string input = "{}", string? variables = null)
    {
        var vars = (JsonNode.Parse(variables ?? "{}") as JsonObject)!.ToDictionary(p => p.Key, p => p.Value);
        var result = JsonataExpression.Parse(expression).Evaluate(JsonNode.Parse(input), vars, Now);
        return result.IsDefined ? result.Node?.ToJsonString() ?? "null" : "undefined";
    }

    [Theory]
    [InlineData("1 + 2 * 3", "{}", "7")]
    [InlineData("(1 + 2) * 3", "{}", "9")]
    [InlineData("10 % 4 - -1", "{}", "3")]
    [InlineData("'a' & 1 & true", "{}", "\"a1true\"")]
    [InlineData("Account.Order.Product.Price", """{"Account":{"Order":[{"Product":[{"Price":34.45},{"Price":21.67}]},{"Product":[{"Price":34.45}]}]}}""", "[34.45,21.67,34.45]")]
    [InlineData("$sum(items.(price * qty))", """{"items":[{"price":2,"qty":3},{"price":1.5,"qty":2}]}""", "9")]
    [InlineData("items[price > 1].name", """{"items":[{"name":"a","price":2},{"name":"b","price":1}]}""", "\"a\"")]
    [InlineData("items[-1].name", """{"items":[{"name":"a"},{"name":"b"}]}""", "\"b\"")]
    [InlineData("x > 3 ? 'big' : 'small'", """{"x":5}""", "\"big\"")]
    [InlineData("x in [1, 2, 3] and not_there = null", """{"x":2}""", "false")]
    [InlineData("{ 'total': $count(a), 'list': [1..3] }", """{"a":[1,2]}""", """{"total":2,"list":[1,2,3]}""")]
    [InlineData("$uppercase($substring(name, 0, 3)) & $string($length(name))", """{"name":"hello"}""", "\"HEL5\"")]
    [InlineData("$join($split('a,b,c', ','), '-')", "{}", "\"a-b-c\"")]
    [InlineData("$exists(missing)", "{}", "false")]
    [InlineData("missing", "{}", "undefined")]
    [InlineData("$parse($states.input.text).n + 1", "{}", "42")]
    [InlineData("$millis()", "{}", "1773453540000")]
    [InlineData("$now()", "{}", "\"2026-03-14T01:59:00.000Z\"")]
    [InlineData("$partition([1,2,3], 2)", "{}", "[[1,2],[3]]")]
    [InlineData("$merge([{'a':1},{'b':2}])", "{}", """{"a":1,"b":2}""")]
    [InlineData("$round(2.5) + $floor(1.9) + $abs(-1)", "{}", "4")]
    [InlineData("[items.({'n': name})]", """{"items":[{"name":"a"},{"name":"b"}]}""", """[{"n":"a"},{"n":"b"}]""")]
    [InlineData("[items.name, 'c']", """{"items":[{"name":"a"},{"name":"b"}]}""", """["a","b","c"]""")]
    [InlineData("[[1, 2], [3]]", "{}", "[[1,2],[3]]")]
    [InlineData("$append([{'k': 0}], items.({'k': k}))", """{"items":[{"k":1},{"k":2}]}""", """[{"k":0},{"k":1},{"k":2}]""")]
    public void Evaluate_Expression_GivesJsonataResult(string expression, string input, string expected)
    {
        Eval(expression, input, """{"states":{"input":{"text":"{\"n\":41}"}}}""").Should().Be(expected);
    }

    [Theory]
    [InlineData("$map([1,2], function($v) { $v * 2 })", "$map")]
    [InlineData("$x := 1", ":=")]
    [InlineData("items ~> $count()", "~>")]
    [InlineData("(a; b)", "Blocks")]
    [InlineData("items^(price)", "order-by")]
    [InlineData("$match('a', /a/)", "$match")]
    [InlineData("**.price", "descendant")]
    public void Parse_ConstructOutsideTheSubset_IsRefusedNamingIt(string expression, string named)
    {
        var parse = () => JsonataExpression.Parse(expression);

        parse.Should().Throw<FormatException>().Which.Message.Should().Contain(named);
    }

    [Fact]
    public void Definition_JsonataBeyondTheSubset_IsInvalidNamingTheConstruct()
    {
        var parse = () => StateMachineDefinition.Parse("""
            {"QueryLanguage":"JSONata","StartAt":"P","States":{"P":{"Type":"Pass","Output":{"x":"{% $sift($states.input, function($v){$v}) %}"},"End":true}}}
            """);

        parse.Should().Throw<AslDefinitionException>().WithMessage("*$sift is not part of the supported subset*at /States/P/Output/x*");
    }

    [Fact]
    public void Definition_JsonPathFieldInJsonataState_IsRefused()
    {
        var parse = () => StateMachineDefinition.Parse("""{"QueryLanguage":"JSONata","StartAt":"P","States":{"P":{"Type":"Pass","InputPath":"$.a","End":true}}}""");

        parse.Should().Throw<AslDefinitionException>().WithMessage("*InputPath*not supported in a JSONata state*");
    }

    [Fact]
    public async Task JsonataStates_ArgumentsOutputAssignAndCondition_ProcessDataAsStepFunctionsDoes()
    {
        var asl = new AslHarness();
        asl.Tasks.Handler = (request, _) => Task.FromResult<JsonNode?>(new JsonObject { ["Parameter"] = new JsonObject { ["Value"] = $"{{\"expires_at_epoch\":{Now.AddHours(5).ToUnixTimeSeconds()}}}" } });

        var outcome = await asl.RunAsync("""
            {"QueryLanguage":"JSONata","StartAt":"Get","States":{
              "Get":{"Type":"Task","Resource":"arn:aws:states:::aws-sdk:ssm:getParameter",
                "Arguments":{"Name":"{% '/ses-mail/' & $states.input.env & '/token' %}","WithDecryption":true},
                "Assign":{"secondsLeft":"{% $parse($states.result.Parameter.Value).expires_at_epoch - $millis() / 1000 %}"},
                "Output":{"name":"{% $states.input.env %}"},"Next":"Check"},
              "Check":{"Type":"Choice","Choices":[{"Condition":"{% $secondsLeft < 21600 %}","Next":"Critical","Output":{"level":"critical","left":"{% $secondsLeft %}"}}],"Default":"Fine"},
              "Critical":{"Type":"Succeed"},
              "Fine":{"Type":"Succeed","Output":"{% 'fine' %}"}}}
            """, """{"env":"test"}""");

        asl.Tasks.Calls.Single().Parameters!.ToJsonString().Should().Be("""{"Name":"/ses-mail/test/token","WithDecryption":true}""");
        outcome.Status.Should().Be("SUCCEEDED", outcome.Cause);
        JsonNode.DeepEquals(outcome.Output, JsonNode.Parse("""{"level":"critical","left":18000}""")).Should().BeTrue(outcome.Output?.ToJsonString());
    }

    [Fact]
    public async Task JsonataMap_ItemsAndItemSelector_UseStatesContext()
    {
        var outcome = await new AslHarness().RunAsync("""
            {"QueryLanguage":"JSONata","StartAt":"M","States":{"M":{"Type":"Map","Items":"{% $states.input.list %}",
              "ItemSelector":{"i":"{% $states.context.Map.Item.Index %}","v":"{% $states.context.Map.Item.Value * 10 %}"},
              "ItemProcessor":{"StartAt":"P","States":{"P":{"Type":"Pass","End":true}}},"Output":"{% $sum($states.result.v) %}","End":true}}}
            """, """{"list":[1,2,3]}""");

        outcome.Output!.ToJsonString().Should().Be("60");
    }

    [Fact]
    public async Task JsonataCatch_ErrorOutputIsAvailable()
    {
        var asl = new AslHarness();
        asl.Tasks.Handler = (_, _) => throw new AslRuntimeException("Sqs.QueueDoesNotExistException", "no queue");

        var outcome = await asl.RunAsync("""
            {"QueryLanguage":"JSONata","StartAt":"T","States":{
              "T":{"Type":"Task","Resource":"arn:aws:states:::aws-sdk:sqs:receiveMessage","Arguments":{"QueueUrl":"q"},
                "Catch":[{"ErrorEquals":["Sqs.QueueDoesNotExistException"],"Output":{"failed":"{% $states.errorOutput.Error %}"},"Next":"F"}],"End":true},
              "F":{"Type":"Fail","Error":"{% 'Wrapped.' & $states.input.failed %}","Cause":"{% 'x' %}"}}}
            """);

        outcome.Error.Should().Be("Wrapped.Sqs.QueueDoesNotExistException");
    }
}
