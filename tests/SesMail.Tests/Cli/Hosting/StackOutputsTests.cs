using System.Net;
using System.Text;
using Amazon.CloudFormation;
using Amazon.Runtime;
using SesMail.Cli.Hosting;
using SesMail.Tests.Support;

namespace SesMail.Tests.Cli.Hosting;

[Trait("Kind", "Unit")]
public sealed class StackOutputsTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static CliSettings Local(string? stackFile = null) =>
        CliSettings.Resolve("http://127.0.0.1:4566", null, "test", "ap-southeast-2", OutputFormat.Table, null, stackFile);

    [Fact]
    public async Task ReadAsync_StackFileGiven_ReadsItsOutputs()
    {
        var names = await StackOutputs.ReadAsync(Local(ResolvedStackFile.For()), () => throw new InvalidOperationException("no AWS call"), Ct);

        names.RoutingTable.Should().Be("ses-mail-email-routing-test");
        names.Source.Should().Be(ResolvedStackFile.For());
    }

    [Fact]
    public async Task ReadAsync_LocalWithoutFile_FindsTheNearestInAParentFolder()
    {
        var root = Directory.CreateTempSubdirectory("sesmail-cli-");
        try
        {
            Directory.CreateDirectory(Path.Combine(root.FullName, ".sesmail"));
            File.Copy(ResolvedStackFile.For(), Path.Combine(root.FullName, ".sesmail", "stack-test.json"));
            var below = Directory.CreateDirectory(Path.Combine(root.FullName, "src", "SesMail.Cli")).FullName;

            var names = await StackOutputs.ReadAsync(Local(), () => throw new InvalidOperationException("no AWS call"), Ct, below);

            names.Source.Should().Be(Path.Combine(root.FullName, ".sesmail", "stack-test.json"));
        }
        finally
        {
            root.Delete(recursive: true);
        }
    }

    [Fact]
    public async Task ReadAsync_LocalAndNoFileAnywhere_SaysToStartTheStack()
    {
        var empty = Directory.CreateTempSubdirectory("sesmail-cli-");
        try
        {
            var act = () => StackOutputs.ReadAsync(Local(), () => throw new InvalidOperationException("no AWS call"), Ct, empty.FullName);

            (await act.Should().ThrowAsync<CliException>()).WithMessage($"no resolved stack for --env test: *stack-test.json is not in {empty.FullName} or any folder above it, and the endpoint has no stack ses-mail-test.")
                .Which.Hint.Should().Contain("dotnet run --project src/SesMail.AppHost").And.Contain("--stack-file");
        }
        finally
        {
            empty.Delete(recursive: true);
        }
    }

    [Fact]
    public async Task ReadAsync_LocalAndNoFileButTheEndpointHasTheStack_ReadsItsOutputsFromTheEndpoint()
    {
        // sesmail deploy --env prod against the local endpoint: the AppHost wrote no stack-prod.json.
        var empty = Directory.CreateTempSubdirectory("sesmail-cli-");
        try
        {
            using var handler = new DescribeStacksHandler();
            using var client = new AmazonCloudFormationClient(new BasicAWSCredentials("AKIDEXAMPLE", "secret"), new AmazonCloudFormationConfig { ServiceURL = "http://127.0.0.1:4566", AuthenticationRegion = "ap-southeast-2" }, handler);
            var settings = CliSettings.Resolve("http://127.0.0.1:4566", null, "prod", "ap-southeast-2", OutputFormat.Table, null);

            var names = await StackOutputs.ReadAsync(settings, () => client, Ct, empty.FullName);

            handler.Body.Should().Contain("Action=DescribeStacks").And.Contain("StackName=ses-mail-prod");
            names.RoutingTable.Should().Be("ses-mail-email-routing-prod");
            names.Source.Should().StartWith("stack ses-mail-prod at http://127.0.0.1:4566");
        }
        finally
        {
            empty.Delete(recursive: true);
        }
    }

    [Fact]
    public async Task ReadAsync_FileNotAStack_SaysHowToRewriteIt()
    {
        var path = Path.Combine(Path.GetTempPath(), $"sesmail-not-a-stack-{Guid.NewGuid():N}.json");
        await File.WriteAllTextAsync(path, """{"stackName":"x"}""", Ct);
        try
        {
            var act = () => StackOutputs.ReadAsync(Local(path), () => throw new InvalidOperationException(), Ct);

            (await act.Should().ThrowAsync<CliException>()).WithMessage($"{path} is not a resolved stack file*")
                .Which.Hint.Should().Contain("dotnet run --project src/SesMail.AppHost");
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public async Task ReadAsync_RealAws_AsksCloudFormationForTheStacksOutputs()
    {
        using var handler = new DescribeStacksHandler();
        using var client = new AmazonCloudFormationClient(new BasicAWSCredentials("AKIDEXAMPLE", "secret"), new AmazonCloudFormationConfig { RegionEndpoint = Amazon.RegionEndpoint.APSoutheast2 }, handler);
        var settings = CliSettings.Resolve(null, "someone", "prod", "ap-southeast-2", OutputFormat.Table, null);

        var names = await StackOutputs.ReadAsync(settings, () => client, Ct);

        handler.Body.Should().Contain("Action=DescribeStacks").And.Contain("StackName=ses-mail-prod");
        names.RoutingTable.Should().Be("ses-mail-email-routing-prod");
        names.RetryQueue.DeadLetterQueue.Should().Be("ses-mail-gmail-forwarder-retry-dlq-prod");
        names.Source.Should().Be("stack ses-mail-prod");
    }

    [Fact]
    public async Task ReadAsync_NoSuchStack_SaysToDeployOrNameIt()
    {
        using var handler = new DescribeStacksHandler(missing: true);
        using var client = new AmazonCloudFormationClient(new BasicAWSCredentials("AKIDEXAMPLE", "secret"), new AmazonCloudFormationConfig { RegionEndpoint = Amazon.RegionEndpoint.APSoutheast2 }, handler);
        var settings = CliSettings.Resolve(null, "someone", "prod", "ap-southeast-2", OutputFormat.Table, null, stackName: "mail");

        var act = () => StackOutputs.ReadAsync(settings, () => client, Ct);

        (await act.Should().ThrowAsync<CliException>()).WithMessage("CloudFormation has no stack mail in ap-southeast-2: Stack with id mail does not exist")
            .Which.Hint.Should().Contain("--stack-name");
    }

    /// <summary>Answers DescribeStacks as CloudFormation does (API reference example), with the prod stack's outputs.</summary>
    private sealed class DescribeStacksHandler(bool missing = false) : HttpMessageHandler
    {
        public string Body { get; private set; } = string.Empty;

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            Body = await request.Content!.ReadAsStringAsync(cancellationToken);
            if (missing)
            {
                return Xml(HttpStatusCode.BadRequest, """
                    <ErrorResponse xmlns="http://cloudformation.amazonaws.com/doc/2010-05-15/">
                      <Error><Type>Sender</Type><Code>ValidationError</Code><Message>Stack with id mail does not exist</Message></Error>
                      <RequestId>b9b4b068-3a41-11e5-94eb-example</RequestId>
                    </ErrorResponse>
                    """);
            }

            var outputs = new StringBuilder();
            foreach (var (key, value) in StackOutputsFor("prod"))
            {
                outputs.Append($"<member><OutputKey>{key}</OutputKey><OutputValue>{value}</OutputValue></member>");
            }

            return Xml(HttpStatusCode.OK, $"""
                <DescribeStacksResponse xmlns="http://cloudformation.amazonaws.com/doc/2010-05-15/">
                  <DescribeStacksResult>
                    <Stacks>
                      <member>
                        <StackName>ses-mail-prod</StackName>
                        <StackId>arn:aws:cloudformation:ap-southeast-2:123456789012:stack/ses-mail-prod/aaf549a0-a413-11df-adb3-5081b3858e83</StackId>
                        <StackStatus>UPDATE_COMPLETE</StackStatus>
                        <Outputs>{outputs}</Outputs>
                      </member>
                    </Stacks>
                  </DescribeStacksResult>
                  <ResponseMetadata><RequestId>b9b4b068-3a41-11e5-94eb-example</RequestId></ResponseMetadata>
                </DescribeStacksResponse>
                """);
        }

        private static Dictionary<string, string> StackOutputsFor(string environment) =>
            System.Text.Json.Nodes.JsonNode.Parse(File.ReadAllText(ResolvedStackFile.For(environment)))!["outputs"]!.AsObject()
                .ToDictionary(p => p.Key, p => System.Security.SecurityElement.Escape(p.Value!.GetValue<string>())!, StringComparer.Ordinal);

        private static HttpResponseMessage Xml(HttpStatusCode status, string body) =>
            new(status) { Content = new StringContent(body, Encoding.UTF8, "text/xml") };
    }
}
