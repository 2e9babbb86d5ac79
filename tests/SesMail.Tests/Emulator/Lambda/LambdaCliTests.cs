using System.Text;
using System.Text.Json.Nodes;
using SesMail.Tests.Support;
using static SesMail.Tests.Emulator.Lambda.LambdaTestFunctions;

namespace SesMail.Tests.Emulator.Lambda;

/// <summary>The Lambda API through the AWS CLI v2 (<c>/usr/bin/aws lambda …</c>).</summary>
[Collection(EmulatorCollection.Name)]
[Trait("Kind", "Contract")]
public sealed class LambdaCliTests(EmulatorFixture emulator)
{
    [Fact]
    public async Task CreateInvokeListGet_WithCli_RunTheFunction()
    {
        var name = Name("cli-fn");
        var folder = Directory.CreateTempSubdirectory("sesmail-lambda-cli").FullName;
        await File.WriteAllBytesAsync(Path.Combine(folder, "fn.zip"), BootstrapZip(), TestContext.Current.CancellationToken);

        var created = await RunAsync(folder, "lambda", "create-function", "--function-name", name, "--runtime", "provided.al2023",
            "--role", "arn:aws:iam::000000000000:role/cli", "--handler", "echo.handler", "--zip-file", "fileb://fn.zip", "--timeout", "9");
        var invoked = await RunAsync(folder, "lambda", "invoke", "--function-name", name, "--cli-binary-format", "raw-in-base64-out",
            "--payload", """{"from":"cli"}""", "--log-type", "Tail", "out.json");
        var listed = await RunAsync(folder, "lambda", "list-functions");
        var got = await RunAsync(folder, "lambda", "get-function", "--function-name", name);
        var missing = await AwsCli.RunAsync(emulator.BaseUrl, "lambda", "get-function", "--function-name", "cli-missing-function");

        created.Json["FunctionArn"]!.GetValue<string>().Should().EndWith($":function:{name}");
        created.Json["Timeout"]!.GetValue<int>().Should().Be(9);
        invoked.Json["StatusCode"]!.GetValue<int>().Should().Be(200);
        Encoding.UTF8.GetString(Convert.FromBase64String(invoked.Json["LogResult"]!.GetValue<string>())).Should().Contain("REPORT RequestId");
        JsonNode.Parse(await File.ReadAllTextAsync(Path.Combine(folder, "out.json"), TestContext.Current.CancellationToken))!["event"]!["from"]!.GetValue<string>().Should().Be("cli");
        listed.Json["Functions"]!.AsArray().Select(f => f!["FunctionName"]!.GetValue<string>()).Should().Contain(name);
        got.Json["Configuration"]!["State"]!.GetValue<string>().Should().Be("Active");
        missing.ExitCode.Should().NotBe(0);
        missing.Error.Should().Contain("ResourceNotFoundException");
    }

    [Fact]
    public async Task CreateEventSourceMapping_WithCli_ListsGetsAndDeletesIt()
    {
        var name = Name("cli-esm");
        using var lambda = Client(emulator);
        await CreateShellFunctionAsync(lambda, name);
        var queue = await RunAsync(null, "sqs", "create-queue", "--queue-name", Name("cli-esm-queue"));
        var queueArn = (await RunAsync(null, "sqs", "get-queue-attributes", "--queue-url", queue.Json["QueueUrl"]!.GetValue<string>(), "--attribute-names", "QueueArn"))
            .Json["Attributes"]!["QueueArn"]!.GetValue<string>();

        var created = await RunAsync(null, "lambda", "create-event-source-mapping", "--function-name", name, "--event-source-arn", queueArn,
            "--batch-size", "5", "--function-response-types", "ReportBatchItemFailures", "--scaling-config", "MaximumConcurrency=3",
            "--filter-criteria", """{"Filters":[{"Pattern":"{\"body\":{\"kind\":[\"mail\"]}}"}]}""");
        var uuid = created.Json["UUID"]!.GetValue<string>();
        var listed = await RunAsync(null, "lambda", "list-event-source-mappings", "--function-name", name);
        var got = await RunAsync(null, "lambda", "get-event-source-mapping", "--uuid", uuid);
        var deleted = await RunAsync(null, "lambda", "delete-event-source-mapping", "--uuid", uuid);
        var gone = await AwsCli.RunAsync(emulator.BaseUrl, "lambda", "get-event-source-mapping", "--uuid", uuid);

        created.Json["State"]!.GetValue<string>().Should().Be("Creating");
        created.Json["BatchSize"]!.GetValue<int>().Should().Be(5);
        listed.Json["EventSourceMappings"]!.AsArray().Should().ContainSingle().Which!["UUID"]!.GetValue<string>().Should().Be(uuid);
        got.Json["State"]!.GetValue<string>().Should().Be("Enabled");
        got.Json["ScalingConfig"]!["MaximumConcurrency"]!.GetValue<int>().Should().Be(3);
        got.Json["FilterCriteria"]!["Filters"]![0]!["Pattern"]!.GetValue<string>().Should().Contain("mail");
        deleted.Json["State"]!.GetValue<string>().Should().Be("Deleting");
        gone.Error.Should().Contain("ResourceNotFoundException");
    }

    private async Task<AwsCli.Result> RunAsync(string? folder, params string[] args)
    {
        var result = await AwsCli.RunAsync(emulator.BaseUrl, args, folder, TimeSpan.FromMinutes(2));
        result.ExitCode.Should().Be(0, result.Error);
        return result;
    }
}
