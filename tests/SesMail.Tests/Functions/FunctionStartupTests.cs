using Amazon.Lambda.Model;
using SesMail.Tests.Support;
using static SesMail.Tests.Emulator.Lambda.LambdaTestFunctions;

namespace SesMail.Tests.Functions;

/// <summary>
/// A function started as Lambda starts it (the managed package, out of process, through the Runtime API) without a
/// variable its options require fails at start-up: the invocation answers the init error, which names the variable
/// and the template resource that should set it, and the function's log records the failed init.
/// </summary>
[Collection(EmulatorCollection.Name)]
[Trait("Kind", "Contract")]
public sealed class FunctionStartupTests(EmulatorFixture emulator)
{
    [Fact]
    public async Task Invoke_RouterStartedWithoutRoutingTableName_FailsAtInitNamingTheVariable()
    {
        using var lambda = Client(emulator);
        var name = Name("startup-router");
        await lambda.CreateFunctionAsync(
            new CreateFunctionRequest
            {
                FunctionName = name,
                Runtime = "dotnet10",
                Role = "arn:aws:iam::000000000000:role/test-function",
                Handler = "SesMail.Functions::SesMail.Functions.Router.RouterFunction::HandleAsync",
                Timeout = 30,
                Code = new FunctionCode { ZipFile = new MemoryStream(SesMail.LocalRuntime.Packaging.FunctionPackage.ManagedZip()) },
                Environment = new Amazon.Lambda.Model.Environment
                {
                    Variables = new() { ["ENVIRONMENT"] = "test", ["EMAIL_BUCKET"] = "ses-mail-storage-test", ["INTEGRATION_TEST_TOKEN_PARAMETER"] = "/ses-mail/test/integration-test-token" },
                },
            },
            TestContext.Current.CancellationToken);

        var (response, payload, log) = await InvokeAsync(lambda, name, """{"Records":[]}""");

        response.FunctionError.Should().NotBeNull("the function could not start");
        payload.Should().Contain("ROUTING_TABLE_NAME is not set; set it in template.yaml: RouterFunction.Properties.Environment.Variables");
        log.Should().Contain("Phase: init").And.Contain("Status: error");
    }
}
