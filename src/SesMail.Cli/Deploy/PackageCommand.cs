using System.CommandLine;
using System.Globalization;
using System.Text;
using System.Text.Json.Serialization;
using SesMail.Cli.Hosting;
using SesMail.Infrastructure.Provisioning;
using SesMail.Infrastructure.Template;
using Spectre.Console;

namespace SesMail.Cli.Deploy;

/// <summary>
/// <c>sesmail package</c>: the deployable artifacts in one folder (<c>.sesmail/package</c> of the repository by default):
/// the functions' deployment zip (<see cref="FunctionPackage.BuildAsync"/>) and beside it the template as minified JSON
/// (<see cref="TemplateJson.FileName"/>, <see cref="TemplateJson"/>), which <c>aws cloudformation deploy --template-file</c>
/// accepts up to 51,200 bytes, and the <c>statemachines</c> folder the template includes from the code bucket
/// (<see cref="StateMachineFiles"/>). <c>sesmail deploy</c> writes and deploys the same files.
/// </summary>
internal static class PackageCommand
{
    public static Command Create(GlobalOptions global, CliConsole console)
    {
        var command = new Command("package", $"Build the functions' deployment zip and write the template beside it as minified JSON ({TemplateJson.FileName}), ready for sesmail deploy or aws cloudformation deploy --template-file.");
        var template = new Option<string?>("--template") { Description = "The template. Default: src/SesMail.Infrastructure/template.yaml of the repository, else the one installed with sesmail." };
        var output = new Option<string?>("--output-dir") { Description = "Where the zip and template.json go. Default: .sesmail/package of the repository." };
        var templateOnly = new Option<bool>("--template-only") { Description = "Write template.json only; do not publish the functions." };
        foreach (var option in new Option[] { template, output, templateOnly })
        {
            command.Options.Add(option);
        }

        CliRun.Bind(command, global, console, (result, run, ct) => PackageAsync(run, result.GetValue(template), result.GetValue(output), result.GetValue(templateOnly), ct));
        return command;
    }

    /// <summary>Packages; see the class summary.</summary>
    public static async Task<int> PackageAsync(CliRun run, string? templatePath, string? outputDirectory, bool templateOnly, CancellationToken cancellationToken)
    {
        var (path, body) = DeployCommand.ReadTemplate(templatePath);
        var template = Parse(path, body);
        var root = FunctionPackage.FindRepositoryRoot(Directory.GetCurrentDirectory());
        var folder = outputDirectory ?? (root is null
            ? throw new CliException($"{FunctionPackage.ProjectPath} is not under the current folder.", "Run sesmail package from the SesMail repository, or pass --output-dir.")
            : DefaultFolder(root));
        string? zip = null;
        if (!templateOnly)
        {
            zip = await DeployCommand.BuildPackageAsync(run, root ?? throw new CliException($"{FunctionPackage.ProjectPath} is not under the current folder.", "Run sesmail package from the SesMail repository, or pass --template-only."), folder, cancellationToken).ConfigureAwait(false);
        }

        var (jsonPath, bytes) = await WriteTemplateAsync(template, folder, cancellationToken).ConfigureAwait(false);
        var (machines, machinesKey) = CopyStateMachines(path, folder);
        var result = new PackageResult(zip, zip is null ? null : FunctionPackage.Key(zip), jsonPath, bytes, TemplateUpload.MaxBodyBytes, machines, machinesKey);
        if (run.Json)
        {
            run.WriteJson(result, CliJsonContext.Default.PackageResult);
            return 0;
        }

        if (zip is not null)
        {
            run.Console.Ansi.MarkupLine($"Package: [bold]{Markup.Escape(zip)}[/] (S3 key {Markup.Escape(result.Key!)})");
        }

        run.Console.Ansi.MarkupLine($"Template: [bold]{Markup.Escape(jsonPath)}[/] ({bytes.ToString("N0", CultureInfo.InvariantCulture)} of the {TemplateUpload.MaxBodyBytes.ToString("N0", CultureInfo.InvariantCulture)} bytes CloudFormation accepts as TemplateBody)");
        if (machines is not null)
        {
            run.Console.Ansi.MarkupLine($"State machines: [bold]{Markup.Escape(machines)}[/] (the template includes them from s3://CodeBucket/{Markup.Escape(machinesKey!)}/; sesmail deploy uploads them, for aws cloudformation deploy copy the folder there and pass --parameter-overrides {StateMachineFiles.KeyParameter}={Markup.Escape(machinesKey!)})");
        }

        if (bytes > TemplateUpload.MaxBodyBytes)
        {
            run.Console.Error.WriteLine($"warning: {jsonPath} is larger than {TemplateUpload.MaxBodyBytes} bytes: aws cloudformation deploy needs --s3-bucket for it (sesmail deploy uploads it itself).");
        }

        return 0;
    }

    /// <summary>The folder <c>sesmail package</c> and <c>sesmail deploy</c> write to: <c>{repository}/.sesmail/package</c>.</summary>
    /// <param name="repositoryRoot">The repository.</param>
    /// <returns>The folder.</returns>
    public static string DefaultFolder(string repositoryRoot) => Path.Combine(repositoryRoot, ".sesmail", "package");

    /// <summary>
    /// Reads a template, refusing one that does not parse or whose dependencies do not resolve once its
    /// <c>AWS::Include</c> snippets (read from the files beside it) are in.
    /// </summary>
    /// <param name="path">Its path (for the message, and where its snippets are).</param>
    /// <param name="body">Its text.</param>
    /// <returns>The template as written, includes unexpanded: CloudFormation reads them from S3 at deployment.</returns>
    /// <exception cref="CliException">The template is malformed.</exception>
    public static TemplateDocument Parse(string path, string body)
    {
        try
        {
            var template = TemplateReader.Parse(body);
            TemplateDependencies.Validate(TemplateIncludes.ExpandFromDirectory(template, Path.GetDirectoryName(Path.GetFullPath(path))!));
            return template;
        }
        catch (TemplateException ex)
        {
            throw new CliException($"{path}: {ex.Message}");
        }
    }

    /// <summary>
    /// Copies the <c>statemachines</c> folder beside the template (the AWS::Include snippets, recovery.yaml and sending.yaml, and
    /// the state machine definitions) into <paramref name="folder"/>, where it sits beside <c>template.json</c>.
    /// </summary>
    /// <param name="templatePath">The template's path.</param>
    /// <param name="folder">The package folder.</param>
    /// <returns>The copy's path and the content-hash key <c>sesmail deploy</c> uploads it under, or nulls when the template has none.</returns>
    public static (string? Path, string? Key) CopyStateMachines(string templatePath, string folder)
    {
        var source = StateMachineFiles.Directory(templatePath);
        if (!Directory.Exists(source))
        {
            return (null, null);
        }

        var target = Path.Combine(folder, StateMachineFiles.Folder);
        Directory.CreateDirectory(target);
        foreach (var file in StateMachineFiles.Files(source))
        {
            File.Copy(file, Path.Combine(target, Path.GetFileName(file)), overwrite: true);
        }

        return (target, StateMachineFiles.ContentKey(source));
    }

    /// <summary>Writes <see cref="TemplateJson.FileName"/> (UTF-8, no BOM) into <paramref name="folder"/>.</summary>
    /// <param name="template">The template.</param>
    /// <param name="folder">The folder (created).</param>
    /// <param name="cancellationToken">Cancels the write.</param>
    /// <returns>The file's path and size in bytes.</returns>
    public static async Task<(string Path, int Bytes)> WriteTemplateAsync(TemplateDocument template, string folder, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(folder);
        var path = Path.Combine(folder, TemplateJson.FileName);
        var bytes = new UTF8Encoding(false).GetBytes(TemplateJson.Write(template));
        await File.WriteAllBytesAsync(path, bytes, cancellationToken).ConfigureAwait(false);
        return (path, bytes.Length);
    }
}

/// <summary>The outcome of <c>sesmail package</c> (<c>--output json</c>).</summary>
/// <param name="Package">The zip's path, or <c>null</c> with <c>--template-only</c>.</param>
/// <param name="Key">The S3 key <c>sesmail deploy</c> uploads the zip under, or <c>null</c>.</param>
/// <param name="Template">The path of <c>template.json</c>.</param>
/// <param name="TemplateBytes">Its size in bytes.</param>
/// <param name="TemplateBodyLimit">The most CloudFormation accepts as <c>TemplateBody</c> (51,200).</param>
/// <param name="StateMachines">The copy of the <c>statemachines</c> folder beside <c>template.json</c>, or <c>null</c>.</param>
/// <param name="StateMachinesKey">The <c>StateMachinesKey</c> value <c>sesmail deploy</c> uploads that folder under, or <c>null</c>.</param>
internal sealed record PackageResult(
    [property: JsonPropertyName("package")] string? Package,
    [property: JsonPropertyName("key")] string? Key,
    [property: JsonPropertyName("template")] string Template,
    [property: JsonPropertyName("templateBytes")] int TemplateBytes,
    [property: JsonPropertyName("templateBodyLimit")] int TemplateBodyLimit,
    [property: JsonPropertyName("stateMachines")] string? StateMachines,
    [property: JsonPropertyName("stateMachinesKey")] string? StateMachinesKey);
