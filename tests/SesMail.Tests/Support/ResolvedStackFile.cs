using SesMail.Infrastructure.Provisioning;
using SesMail.Tests.Infrastructure;

namespace SesMail.Tests.Support;

/// <summary>
/// A resolved stack file for the CLI, computed from template.yaml without any backend (every resource is skipped, so
/// only its names, ARNs and the outputs are computed, exactly as provisioning computes them), written once per
/// environment to a temporary folder.
/// </summary>
internal static class ResolvedStackFile
{
    private static readonly Dictionary<string, Lazy<string>> Files = new(StringComparer.Ordinal)
    {
        ["test"] = new(() => Write("test")),
        ["prod"] = new(() => Write("prod")),
    };

    /// <summary>The path of the file for an environment.</summary>
    public static string For(string environment = "test") => Files[environment].Value;

    /// <summary>The file for the environment a CLI command line names with <c>--env</c> (default <c>test</c>).</summary>
    public static string ForArguments(IReadOnlyList<string> args)
    {
        var at = args.ToList().IndexOf("--env");
        return For(at >= 0 && at + 1 < args.Count ? args[at + 1] : "test");
    }

    private static string Write(string environment)
    {
        var provisioner = new StackProvisioner([], null);
        var stack = provisioner.ProvisionAsync(TemplateYamlTests.Load(), new StackSettings(environment, "000000000000", EmulatorFixture.Region, new Dictionary<string, string>()))
            .GetAwaiter().GetResult();
        var folder = Path.Combine(Path.GetTempPath(), "sesmail-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        var path = Path.Combine(folder, $"stack-{environment}.json");
        File.WriteAllText(path, stack.ToJson());
        return path;
    }
}
