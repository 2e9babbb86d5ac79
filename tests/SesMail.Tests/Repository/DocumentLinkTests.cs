using SesMail.Tests.Support;

namespace SesMail.Tests.Repository;

/// <summary>
/// Every reference to a Markdown file in src/, tests/, docs/ and the README names a file of the repository (and a heading
/// of it, when it gives an anchor), and nothing cites the documents outside the repository (<c>../shared/</c>).
/// </summary>
[Trait("Kind", "Unit")]
public sealed class DocumentLinkTests
{
    [Fact]
    public void References_InSourceTestsAndDocs_AllResolve()
    {
        var root = RepositoryFiles.Root;
        var checker = Path.Combine("tests", "SesMail.Tests", "Repository") + Path.DirectorySeparatorChar; // its test data is broken on purpose
        var files = DocumentReferences.Files(root, "src", "tests", "docs").Append(RepositoryFiles.PathOf("README.md"))
            .Where(f => !Path.GetRelativePath(root, f).StartsWith(checker, StringComparison.Ordinal))
            .ToList();

        var broken = files.SelectMany(f => DocumentReferences.Check(root, f, File.ReadAllText(f))).Select(b => b.ToString()).Distinct().ToList();

        files.Should().Contain(f => f.EndsWith("ARCHITECTURE.md", StringComparison.Ordinal), "the scan must reach docs/");
        broken.Should().BeEmpty("a comment or page must cite a page of docs/ that exists (or state the rule itself):\n{0}", string.Join("\n", broken));
    }

    [Theory]
    [InlineData("/// See routing.md §3.", "routing.md")]
    [InlineData("// docs/NOPE.md says so", "docs/NOPE.md")]
    [InlineData("[setup](SETUPP.md)", "SETUPP.md")]
    [InlineData("(docs/OPERATIONS.md#no-such-section)", "docs/OPERATIONS.md#no-such-section")]
    [InlineData("shapes per ../shared/spec/index.md", "../shared/")]
    public void Check_BrokenReference_IsReported(string text, string reported)
    {
        var root = RepositoryFiles.Root;

        var broken = DocumentReferences.Check(root, RepositoryFiles.PathOf("docs/Example.md"), text);

        broken.Should().Contain(b => b.Reference == reported);
    }

    [Theory]
    [InlineData("/// (docs/OPERATIONS.md#routing-rules)")]
    [InlineData("[operations](OPERATIONS.md#the-gmail-token)")]
    [InlineData("see https://github.com/aws/aws-sdk-net/blob/main/README.md for more")]
    [InlineData("README.md and docs/ARCHITECTURE.md#project-dependencies")]
    public void Check_GoodReferenceOrUrl_IsNotReported(string text)
    {
        var root = RepositoryFiles.Root;

        var broken = DocumentReferences.Check(root, RepositoryFiles.PathOf("docs/Example.md"), text);

        broken.Should().BeEmpty();
    }

    [Theory]
    [InlineData("var name = \"notes.md\"; // data, not a citation", false)]
    [InlineData("var name = 1; // see nothing.md", true)]
    [InlineData("/* see nothing.md */ var x = 1;", true)]
    public void Check_Code_ReadsOnlyComments(string line, bool reported)
    {
        var broken = DocumentReferences.Check(RepositoryFiles.Root, RepositoryFiles.PathOf("src/SesMail.Functions/Example.cs"), line);

        broken.Any().Should().Be(reported);
    }

    [Fact]
    public void Anchors_Headings_AreGitHubSlugs()
    {
        var anchors = DocumentReferences.Anchors("# Title\n## Logs, metrics and traces\n```\n## not a heading\n```\n### 5. Store the `token`\n## Logs, metrics and traces\n");

        anchors.Should().BeEquivalentTo("title", "logs-metrics-and-traces", "5-store-the-token", "logs-metrics-and-traces-1");
    }
}
