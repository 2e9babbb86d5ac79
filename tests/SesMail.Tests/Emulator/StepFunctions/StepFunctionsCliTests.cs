using System.Text.Json.Nodes;
using SesMail.Tests.Support;

namespace SesMail.Tests.Emulator.StepFunctions;

/// <summary>The same definitions through <c>/usr/bin/aws stepfunctions …</c> against the emulator.</summary>
[Collection(StepFunctionsCollection.Name)]
[Trait("Kind", "Contract")]
public sealed class StepFunctionsCliTests(StepFunctionsEmulator emulator)
{
    private const string Definition = """
        {"Comment":"Parameters, intrinsic functions, Map and Choice","StartAt":"Prepare","States":{
          "Prepare":{"Type":"Pass","Parameters":{"greeting.$":"States.Format('Hello, {}!', $.name)","items.$":"$.items"},"Next":"Each"},
          "Each":{"Type":"Map","ItemsPath":"$.items","MaxConcurrency":2,"ItemSelector":{"n.$":"$$.Map.Item.Value"},
            "ItemProcessor":{"StartAt":"Double","States":{"Double":{"Type":"Pass","Parameters":{"v.$":"States.MathAdd($.n, $.n)"},"OutputPath":"$.v","End":true}}},
            "ResultPath":"$.doubled","Next":"Decide"},
          "Decide":{"Type":"Choice","Choices":[{"Variable":"$.doubled[0]","NumericGreaterThan":1,"Next":"Done"}],"Default":"Done"},
          "Done":{"Type":"Succeed","OutputPath":"$.doubled"}}}
        """;

    private Task<AwsCli.Result> Aws(params string[] args) => AwsCli.RunAsync(emulator.BaseUrl, args);

    private static string Unique(string prefix) => $"{prefix}-{Guid.NewGuid():N}"[..(prefix.Length + 13)];

    [Fact]
    public async Task CreateStartDescribeHistory_ThroughTheCli_RunTheDefinition()
    {
        var name = Unique("cli");

        var created = await Aws("stepfunctions", "create-state-machine", "--name", name, "--definition", Definition, "--role-arn", "arn:aws:iam::000000000000:role/sfn");
        var arn = created.Json["stateMachineArn"]!.GetValue<string>();
        var started = await Aws("stepfunctions", "start-execution", "--state-machine-arn", arn, "--name", "run-1", "--input", """{"name":"Ana","items":[1,2,3]}""");
        var executionArn = started.Json["executionArn"]!.GetValue<string>();
        var described = await emulator.WaitEndedAsync(executionArn);
        var cliDescribed = await Aws("stepfunctions", "describe-execution", "--execution-arn", executionArn);
        var history = await Aws("stepfunctions", "get-execution-history", "--execution-arn", executionArn);
        var listed = await Aws("stepfunctions", "list-executions", "--state-machine-arn", arn);
        var machine = await Aws("stepfunctions", "describe-state-machine", "--state-machine-arn", arn);

        created.ExitCode.Should().Be(0, created.Error);
        described["status"]!.GetValue<string>().Should().Be("SUCCEEDED");
        cliDescribed.Json["status"]!.GetValue<string>().Should().Be("SUCCEEDED");
        cliDescribed.Json["output"]!.GetValue<string>().Should().Be("[2,4,6]");
        var types = history.Json["events"]!.AsArray().Select(e => e!["type"]!.GetValue<string>()).ToList();
        types.Should().StartWith(["ExecutionStarted", "PassStateEntered", "PassStateExited", "MapStateEntered", "MapStateStarted"]);
        types.Should().EndWith(["ChoiceStateEntered", "ChoiceStateExited", "SucceedStateEntered", "SucceedStateExited", "ExecutionSucceeded"]);
        types.Count(t => t == "MapIterationSucceeded").Should().Be(3);
        listed.Json["executions"]!.AsArray().Single()!["name"]!.GetValue<string>().Should().Be("run-1");
        machine.Json["name"]!.GetValue<string>().Should().Be(name);
    }

    [Fact]
    public async Task StartSyncExecution_ThroughTheCli_ReturnsTheOutput()
    {
        var arn = await emulator.CreateAsync(Unique("sync"), Definition, type: "EXPRESS");

        // The CLI sends StartSyncExecution to the host "sync-{endpoint host}" (its hostPrefix), which does not resolve for
        // 127.0.0.1; an HTTP proxy pointing at the emulator carries the request there unchanged.
        var result = await AwsCli.RunAsync(emulator.BaseUrl, ["stepfunctions", "start-sync-execution", "--state-machine-arn", arn, "--input", """{"name":"Bo","items":[5]}"""],
            workingDirectory: null, timeout: null, environment: new Dictionary<string, string> { ["HTTP_PROXY"] = emulator.BaseUrl.ToString().TrimEnd('/'), ["NO_PROXY"] = string.Empty });

        result.ExitCode.Should().Be(0, result.Error);
        result.Json["status"]!.GetValue<string>().Should().Be("SUCCEEDED");
        result.Json["output"]!.GetValue<string>().Should().Be("[10]");
    }

    [Fact]
    public async Task StopUpdateDelete_ThroughTheCli_BehaveAsAws()
    {
        var name = Unique("wait");
        var arn = (await Aws("stepfunctions", "create-state-machine", "--name", name, "--definition", """{"StartAt":"W","States":{"W":{"Type":"Wait","Seconds":3600,"End":true}}}""", "--role-arn", "arn:aws:iam::000000000000:role/sfn")).Json["stateMachineArn"]!.GetValue<string>();
        var executionArn = (await Aws("stepfunctions", "start-execution", "--state-machine-arn", arn)).Json["executionArn"]!.GetValue<string>();

        var stopped = await Aws("stepfunctions", "stop-execution", "--execution-arn", executionArn, "--error", "Manual", "--cause", "test");
        var described = await Aws("stepfunctions", "describe-execution", "--execution-arn", executionArn);
        var updated = await Aws("stepfunctions", "update-state-machine", "--state-machine-arn", arn, "--definition", Definition);
        var duplicate = await Aws("stepfunctions", "create-state-machine", "--name", name, "--definition", Definition, "--role-arn", "arn:aws:iam::000000000000:role/other");
        var deleted = await Aws("stepfunctions", "delete-state-machine", "--state-machine-arn", arn);
        var missing = await Aws("stepfunctions", "describe-state-machine", "--state-machine-arn", arn);
        var badDefinition = await Aws("stepfunctions", "create-state-machine", "--name", Unique("bad"), "--definition", """{"QueryLanguage":"JSONata","StartAt":"A","States":{"A":{"Type":"Pass","Output":"{% $eval('1') %}","End":true}}}""", "--role-arn", "arn:aws:iam::000000000000:role/sfn");

        stopped.ExitCode.Should().Be(0, stopped.Error);
        described.Json["status"]!.GetValue<string>().Should().Be("ABORTED");
        updated.ExitCode.Should().Be(0, updated.Error);
        duplicate.Error.Should().Contain("StateMachineAlreadyExists");
        deleted.ExitCode.Should().Be(0);
        missing.Error.Should().Contain("StateMachineDoesNotExist");
        badDefinition.Error.Should().Contain("InvalidDefinition").And.Contain("$eval");
    }

    [Fact]
    public async Task ListStateMachinesAndTags_ThroughTheCli_BehaveAsAws()
    {
        var name = Unique("tags");
        var arn = (await Aws("stepfunctions", "create-state-machine", "--name", name, "--definition", Definition, "--role-arn", "arn:aws:iam::000000000000:role/sfn", "--tags", "key=stack,value=ses-mail-test")).Json["stateMachineArn"]!.GetValue<string>();

        var listed = await Aws("stepfunctions", "list-state-machines");
        var tagged = await Aws("stepfunctions", "tag-resource", "--resource-arn", arn, "--tags", "key=owner,value=ops");
        var untagged = await Aws("stepfunctions", "untag-resource", "--resource-arn", arn, "--tag-keys", "stack");
        var tags = await Aws("stepfunctions", "list-tags-for-resource", "--resource-arn", arn);
        var missing = await Aws("stepfunctions", "list-tags-for-resource", "--resource-arn", arn + "-gone");

        listed.ExitCode.Should().Be(0, listed.Error);
        listed.Json["stateMachines"]!.AsArray().Should().Contain(m => m!["stateMachineArn"]!.GetValue<string>() == arn && m["name"]!.GetValue<string>() == name && m["type"]!.GetValue<string>() == "STANDARD");
        tagged.ExitCode.Should().Be(0, tagged.Error);
        untagged.ExitCode.Should().Be(0, untagged.Error);
        tags.Json["tags"]!.AsArray().Select(t => $"{t!["key"]}={t["value"]}").Should().Equal("owner=ops");
        missing.Error.Should().Contain("ResourceNotFound");
    }
}
