using System.Text.Json.Nodes;
using SesMail.Emulator.StepFunctions.Asl;

namespace SesMail.Tests.Emulator.StepFunctions;

/// <summary>Every intrinsic function, with the inputs and expected outputs of the "Intrinsic functions" page of the Step Functions developer guide.</summary>
[Trait("Kind", "Unit")]
public sealed class IntrinsicFunctionTests
{
    private static JsonNode? Evaluate(string call, string input)
    {
        var data = JsonNode.Parse(input);
        return IntrinsicFunction.Parse(call).Evaluate(path => path.TryEvaluate(data, out var value) ? value : throw AslRuntimeException.Runtime($"missing {path}"));
    }

    [Theory]
    [InlineData("States.Format('Hello, my name is {}.', $.name)", """{"name":"Arnav"}""", "\"Hello, my name is Arnav.\"")]
    [InlineData("States.Format('Curly \\{\\} and quote \\' kept, {}', $.n)", """{"n":3}""", "\"Curly {} and quote ' kept, 3\"")]
    [InlineData("States.StringToJson($.someString)", """{"someString":"{\"number\": 20}"}""", """{"number":20}""")]
    [InlineData("States.JsonToString($.someJson)", """{"someJson":{"name":"Foo","year":2020}}""", "\"{\\\"name\\\":\\\"Foo\\\",\\\"year\\\":2020}\"")]
    [InlineData("States.Array('Foo', 2020, $.someJson, null)", """{"someJson":{"random":"abcdefg"}}""", """["Foo",2020,{"random":"abcdefg"},null]""")]
    [InlineData("States.ArrayPartition($.inputArray,4)", """{"inputArray":[1,2,3,4,5,6,7,8,9]}""", "[[1,2,3,4],[5,6,7,8],[9]]")]
    [InlineData("States.ArrayContains($.inputArray, $.lookingFor)", """{"inputArray":[1,2,3,4,5,6,7,8,9],"lookingFor":5}""", "true")]
    [InlineData("States.ArrayRange(1, 9, 2)", "{}", "[1,3,5,7,9]")]
    [InlineData("States.ArrayGetItem($.inputArray, $.index)", """{"inputArray":[1,2,3,4,5,6,7,8,9],"index":5}""", "6")]
    [InlineData("States.ArrayLength($.inputArray)", """{"inputArray":[1,2,3,4,5,6,7,8,9]}""", "9")]
    [InlineData("States.ArrayUnique($.inputArray)", """{"inputArray":[1,2,3,3,3,3,3,3,4]}""", "[1,2,3,4]")]
    [InlineData("States.Base64Encode($.input)", """{"input":"Data to encode"}""", "\"RGF0YSB0byBlbmNvZGU=\"")]
    [InlineData("States.Base64Decode($.base64)", """{"base64":"RGF0YSB0byBlbmNvZGU="}""", "\"Data to encode\"")]
    [InlineData("States.Hash($.Data, $.Algorithm)", """{"Data":"input data","Algorithm":"SHA-1"}""", "\"aaff4a450a104cd177d28d18d74485e8cae074b7\"")]
    [InlineData("States.JsonMerge($.json1, $.json2, false)", """{"json1":{"a":{"a1":1,"a2":2},"b":2},"json2":{"a":{"a3":1,"a4":2},"c":3}}""", """{"a":{"a3":1,"a4":2},"b":2,"c":3}""")]
    [InlineData("States.MathAdd($.value1, $.step)", """{"value1":111,"step":-1}""", "110")]
    [InlineData("States.StringSplit($.inputString, $.splitter)", """{"inputString":"1,2,3,4,5","splitter":","}""", """["1","2","3","4","5"]""")]
    [InlineData("States.StringSplit($.inputString, $.splitter)", """{"inputString":"This.is+a,test=string","splitter":".+,="}""", """["This","is","a","test","string"]""")]
    [InlineData("States.ArrayLength(States.Array(1, 2, States.MathAdd(1, 2)))", "{}", "3")]
    public void Evaluate_DocumentedExample_GivesTheDocumentedResult(string call, string input, string expected)
    {
        var result = Evaluate(call, input);

        JsonNode.DeepEquals(result, JsonNode.Parse(expected)).Should().BeTrue($"{call} gave {result?.ToJsonString() ?? "null"}, expected {expected}");
    }

    [Fact]
    public void MathRandom_WithSeed_IsWithinRangeAndRepeatable()
    {
        var first = Evaluate("States.MathRandom($.start, $.end, 1234)", """{"start":1,"end":999}""")!.GetValue<long>();
        var second = Evaluate("States.MathRandom($.start, $.end, 1234)", """{"start":1,"end":999}""")!.GetValue<long>();

        first.Should().BeInRange(1, 998);
        second.Should().Be(first);
    }

    [Fact]
    public void Uuid_IsAVersion4Uuid()
    {
        var uuid = Evaluate("States.UUID()", "{}")!.GetValue<string>();

        Guid.TryParse(uuid, out var parsed).Should().BeTrue();
        parsed.Version.Should().Be(4);
    }

    [Theory]
    [InlineData("States.ArrayGetItem($.a, 5)", """{"a":[1]}""")]
    [InlineData("States.Format('{} {}', $.a)", """{"a":1}""")]
    [InlineData("States.StringToJson($.a)", """{"a":"not json"}""")]
    [InlineData("States.MathAdd($.a, 1)", """{"a":"one"}""")]
    [InlineData("States.Hash($.a, 'SHA-3')", """{"a":"x"}""")]
    public void Evaluate_InvalidArgument_FailsWithStatesRuntime(string call, string input)
    {
        var evaluate = () => Evaluate(call, input);

        evaluate.Should().Throw<AslRuntimeException>().Which.Error.Should().Be("States.Runtime");
    }

    [Theory]
    [InlineData("States.Format()")]
    [InlineData("States.UUID(1)")]
    [InlineData("States.Unknown($.a)")]
    [InlineData("States.Format('a', ")]
    public void Parse_MalformedCall_IsRefused(string call)
    {
        var parse = () => IntrinsicFunction.Parse(call);

        parse.Should().Throw<FormatException>();
    }
}
