using System.Text.Json.Nodes;
using SesMail.Cli.Hosting;
using SesMail.Infrastructure.Template;
using SesMail.Tests.Infrastructure;

namespace SesMail.Tests.Cli.Deploy;

/// <summary><c>sesmail package --template-only</c>: <c>template.json</c>, the minified long-form JSON of the template, and what it reports.</summary>
[Trait("Kind", "Unit")]
public sealed class PackageCommandTests : IDisposable
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "sesmail-package-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(_folder))
        {
            Directory.Delete(_folder, recursive: true);
        }
    }

    private static async Task<(int Code, string Output, string Error)> RunAsync(params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var code = await CliApp.RunAsync(args, CliConsole.ForText(output, error), TestContext.Current.CancellationToken);
        return (code, output.ToString(), error.ToString());
    }

    [Fact]
    public async Task PackageTemplateOnly_SesMailTemplate_WritesMinifiedJsonAndReportsItsSize()
    {
        var (code, output, error) = await RunAsync("package", "--template", TemplateYamlTests.TemplatePath, "--template-only", "--output-dir", _folder, "--output", "json");

        code.Should().Be(0, error);
        var file = Path.Combine(_folder, "template.json");
        var written = await File.ReadAllTextAsync(file, TestContext.Current.CancellationToken);
        written.Should().Be(TemplateJson.Minify(await File.ReadAllTextAsync(TemplateYamlTests.TemplatePath, TestContext.Current.CancellationToken)));
        var report = JsonNode.Parse(output)!;
        report["template"]!.GetValue<string>().Should().Be(file);
        report["templateBytes"]!.GetValue<int>().Should().Be((int)new FileInfo(file).Length).And.BeLessThan(51_200);
        report["templateBodyLimit"]!.GetValue<int>().Should().Be(51_200);
        report["package"].Should().BeNull("--template-only publishes nothing");
    }

    [Fact]
    public async Task Package_MalformedTemplate_FailsNamingTheFileAndWritesNothing()
    {
        Directory.CreateDirectory(_folder);
        var template = Path.Combine(_folder, "bad.yaml");
        await File.WriteAllTextAsync(template, "Resources:\n  Queue:\n    Type: AWS::SQS::Queue\n    Properties:\n      QueueName: !Nope x\n", TestContext.Current.CancellationToken);

        var (code, _, error) = await RunAsync("package", "--template", template, "--template-only", "--output-dir", _folder);

        code.Should().NotBe(0);
        error.Should().Contain("bad.yaml").And.Contain("!Nope");
        File.Exists(Path.Combine(_folder, "template.json")).Should().BeFalse();
    }
}
