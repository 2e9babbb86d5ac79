using System.Text.RegularExpressions;
using System.Xml.Linq;
using SesMail.Tests.Support;

namespace SesMail.Tests.Repository;

/// <summary>The project graph drawn in docs/ARCHITECTURE.md is the one the <c>.csproj</c> files declare.</summary>
[Trait("Kind", "Unit")]
public sealed partial class ProjectGraphTests
{
    [Fact]
    public void ProjectReferences_AreTheGraphInArchitectureDoc()
    {
        var declared = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var project in Directory.EnumerateFiles(RepositoryFiles.Root, "*.csproj", SearchOption.AllDirectories)
                     .Where(p => !p.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal)))
        {
            var from = ShortName(Path.GetFileNameWithoutExtension(project));
            foreach (var reference in XDocument.Load(project).Descendants("ProjectReference"))
            {
                var to = Path.GetFileNameWithoutExtension(reference.Attribute("Include")!.Value.Replace('\\', '/'));
                declared.Add($"{from} --> {ShortName(to)}");
            }
        }

        var drawn = new SortedSet<string>(
            Edge().Matches(File.ReadAllText(RepositoryFiles.PathOf("docs/ARCHITECTURE.md"))).Select(m => $"{m.Groups[1].Value} --> {m.Groups[2].Value}"),
            StringComparer.Ordinal);

        declared.Should().BeEquivalentTo(drawn, "docs/ARCHITECTURE.md#project-dependencies must draw every ProjectReference and no other");
    }

    [Fact]
    public void ProjectReferences_IntoFunctions_OnlyFromProjectsThatRunOrExplainHandlers()
    {
        var intoProduct = Directory.EnumerateFiles(RepositoryFiles.PathOf("src"), "*.csproj", SearchOption.AllDirectories)
            .Where(p => File.ReadAllText(p).Contains(@"SesMail.Functions\SesMail.Functions.csproj", StringComparison.Ordinal))
            .Select(p => ShortName(Path.GetFileNameWithoutExtension(p)));

        intoProduct.Should().BeEquivalentTo("LocalRuntime", "Cli", "Functions.Bootstrap");
    }

    private static string ShortName(string project) => project switch
    {
        "sesmail" => "Cli",
        _ when project.StartsWith("SesMail.", StringComparison.Ordinal) => project["SesMail.".Length..],
        _ => project,
    };

    [GeneratedRegex(@"^\s+([\w.]+) --> ([\w.]+)\s*$", RegexOptions.Multiline)]
    private static partial Regex Edge();
}
