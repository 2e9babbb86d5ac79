using System.Text.Json;
using Amazon.CloudFormation;
using Amazon.CloudFormation.Model;
using Amazon.Runtime;

namespace SesMail.Cli.Hosting;

/// <summary>
/// Finds the stack's outputs, which name every resource the CLI uses: the resolved stack file written by
/// SesMail.LocalRuntime when it provisions a local stack, or CloudFormation's <c>DescribeStacks</c> for a stack
/// deployed to AWS.
/// </summary>
/// <remarks>
/// Which: <c>--stack-file</c> when given; otherwise, with a local endpoint, <c>.sesmail/stack-{env}.json</c> in the
/// current directory or the nearest parent that has one (the AppHost writes it at the repository root), or, when there
/// is none (a stack <c>sesmail deploy</c> made on the local endpoint), the endpoint's <c>DescribeStacks</c>; otherwise
/// (real AWS) <c>DescribeStacks</c> on <c>--stack-name</c> (default <c>ses-mail-{env}</c>).
/// </remarks>
internal static class StackOutputs
{
    /// <summary>Reads the stack's names.</summary>
    /// <param name="settings">The CLI's settings (endpoint, environment, stack file, stack name).</param>
    /// <param name="cloudFormation">The CloudFormation client, asked only when no file applies.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <param name="searchFrom">Where the search for the stack file starts; the current directory when <c>null</c>.</param>
    /// <returns>The names.</returns>
    /// <exception cref="CliException">No stack file or stack was found, or it lacks an output.</exception>
    public static async Task<StackNames> ReadAsync(CliSettings settings, Func<IAmazonCloudFormation> cloudFormation, CancellationToken cancellationToken, string? searchFrom = null)
    {
        searchFrom ??= Directory.GetCurrentDirectory();
        if (settings.StackFile is { } given)
        {
            return FromFile(Path.GetFullPath(given), settings.Environment);
        }

        if (settings.Endpoint is not null)
        {
            var relative = Path.Combine(".sesmail", $"stack-{settings.Environment}.json");
            for (var dir = new DirectoryInfo(searchFrom); dir is not null; dir = dir.Parent)
            {
                var candidate = Path.Combine(dir.FullName, relative);
                if (File.Exists(candidate))
                {
                    return FromFile(candidate, settings.Environment);
                }
            }

            // A stack the AppHost did not provision (sesmail deploy --env prod against the local endpoint) has no file:
            // the endpoint's own CloudFormation knows its outputs. Any failure there keeps the file's message.
            var missing = new CliException(
                $"no resolved stack for --env {settings.Environment}: {relative} is not in {searchFrom} or any folder above it, and the endpoint has no stack {settings.StackName}.",
                $"{ErrorTranslator.StartHint} (it writes the file at the repository root), run the CLI inside the repository, pass --stack-file, or deploy the stack to the endpoint (sesmail deploy --env {settings.Environment}).");
            try
            {
                var found = (await cloudFormation().DescribeStacksAsync(new DescribeStacksRequest { StackName = settings.StackName }, cancellationToken).ConfigureAwait(false)).Stacks?.FirstOrDefault();
                return found is { Outputs.Count: > 0 } ? FromStack(found, settings.Environment, $" at {settings.Endpoint}") : throw missing;
            }
            catch (Exception error) when (error is AmazonServiceException or HttpRequestException or IOException or InvalidOperationException && !cancellationToken.IsCancellationRequested)
            {
                throw new CliException(missing.Message, missing.Hint, 1, error);
            }
        }

        DescribeStacksResponse response;
        try
        {
            response = await cloudFormation().DescribeStacksAsync(new DescribeStacksRequest { StackName = settings.StackName }, cancellationToken).ConfigureAwait(false);
        }
        catch (AmazonCloudFormationException error) when (error.ErrorCode == "ValidationError")
        {
            throw new CliException(
                $"CloudFormation has no stack {settings.StackName} in {settings.Region}: {error.Message}",
                "Deploy it first (docs/SETUP.md), or pass --stack-name and --region of the stack you deployed.",
                1,
                error);
        }

        var stack = response.Stacks.FirstOrDefault()
            ?? throw new CliException($"CloudFormation returned no stack named {settings.StackName}.", "Pass --stack-name of the stack you deployed.");
        return FromStack(stack, settings.Environment, string.Empty);
    }

    /// <summary>The names in a <c>DescribeStacks</c> stack's outputs; the source reads <c>stack {name}{where}</c>.</summary>
    private static StackNames FromStack(Stack stack, string environment, string where) =>
        StackNames.FromOutputs(stack.Outputs.ToDictionary(o => o.OutputKey, o => o.OutputValue, StringComparer.Ordinal), environment, $"stack {stack.StackName}{where}");

    /// <summary>Reads the <c>outputs</c> object of a resolved stack file.</summary>
    private static StackNames FromFile(string path, string environment)
    {
        string text;
        try
        {
            text = File.ReadAllText(path);
        }
        catch (Exception error) when (error is IOException or UnauthorizedAccessException)
        {
            throw new CliException($"cannot read the stack file {path}: {error.Message}", $"{ErrorTranslator.StartHint}, or pass --stack-file.", 1, error);
        }

        var outputs = new Dictionary<string, string>(StringComparer.Ordinal);
        try
        {
            using var document = JsonDocument.Parse(text);
            if (document.RootElement.ValueKind != JsonValueKind.Object || !document.RootElement.TryGetProperty("outputs", out var node) || node.ValueKind != JsonValueKind.Object)
            {
                throw new JsonException("it has no \"outputs\" object");
            }

            foreach (var output in node.EnumerateObject())
            {
                outputs[output.Name] = output.Value.ValueKind == JsonValueKind.String ? output.Value.GetString()! : output.Value.GetRawText();
            }
        }
        catch (JsonException error)
        {
            throw new CliException($"{path} is not a resolved stack file: {error.Message}", $"{ErrorTranslator.StartHint} (it rewrites the file).", 1, error);
        }

        return StackNames.FromOutputs(outputs, environment, path);
    }
}
