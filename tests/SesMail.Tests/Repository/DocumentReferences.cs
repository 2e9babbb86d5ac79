using System.Text;
using System.Text.RegularExpressions;

namespace SesMail.Tests.Repository;

/// <summary>
/// Finds references to Markdown files (<c>docs/ARCHITECTURE.md#the-flow</c>, <c>[setup](SETUP.md)</c>) in source,
/// build and documentation text, and says which do not resolve to a file of the repository, or to a heading of it.
/// </summary>
/// <remarks>
/// A reference resolves when the file exists relative to the referencing file's folder (Markdown links) or to the
/// repository root (comments write <c>docs/OPERATIONS.md</c>). An anchor must be the GitHub slug of a heading of that
/// file: lower-cased, punctuation other than <c>-</c> and <c>_</c> dropped, spaces turned into <c>-</c>. URLs are not
/// references. In code (<c>.cs</c>, <c>.js</c>, <c>.css</c>) only comments are read, so data such as a file name
/// <c>"notes.md"</c> in a test is not taken for a citation. Any mention of <c>../shared/</c> or <c>/work/shared</c> is reported too: those documents are outside the
/// repository.
/// </remarks>
internal static partial class DocumentReferences
{
    /// <summary>The file endings scanned.</summary>
    public static readonly IReadOnlySet<string> Extensions = new HashSet<string>(StringComparer.OrdinalIgnoreCase)
    {
        ".cs", ".md", ".yaml", ".yml", ".json", ".csproj", ".props", ".targets", ".xml", ".html", ".js", ".css", ".sh", ".txt",
    };

    /// <summary>One broken reference.</summary>
    /// <param name="File">The referencing file, relative to the root.</param>
    /// <param name="Line">1-based line.</param>
    /// <param name="Reference">The reference as written.</param>
    /// <param name="Problem">What is wrong.</param>
    public sealed record Broken(string File, int Line, string Reference, string Problem)
    {
        public override string ToString() => $"{File}:{Line}: {Reference} — {Problem}";
    }

    /// <summary>Every text file below the given folders of <paramref name="root"/>, skipping build output.</summary>
    public static IEnumerable<string> Files(string root, params string[] folders) =>
        folders.Select(f => Path.Combine(root, f)).Where(Directory.Exists)
            .SelectMany(f => Directory.EnumerateFiles(f, "*", SearchOption.AllDirectories))
            .Where(p => Extensions.Contains(Path.GetExtension(p)))
            .Where(p => !p.Split(Path.DirectorySeparatorChar).Any(part => part is "bin" or "obj" or "node_modules" or "TestResults" or ".git"));

    /// <summary>The broken references in one file's text.</summary>
    /// <param name="root">The repository root.</param>
    /// <param name="file">The file's full path.</param>
    /// <param name="text">Its text.</param>
    public static IEnumerable<Broken> Check(string root, string file, string text)
    {
        var relative = Path.GetRelativePath(root, file).Replace(Path.DirectorySeparatorChar, '/');
        var lines = text.Split('\n');
        var code = Path.GetExtension(file) is ".cs" or ".js" or ".css";
        var inBlock = false;
        for (var i = 0; i < lines.Length; i++)
        {
            var line = Url().Replace(code ? CommentOf(lines[i], ref inBlock) : lines[i], " ");
            foreach (Match shared in Shared().Matches(line))
            {
                yield return new Broken(relative, i + 1, shared.Value, "documents outside the repository cannot be cited; cite docs/ or state the rule");
            }

            foreach (Match reference in Reference().Matches(line))
            {
                var path = reference.Groups["path"].Value;
                var target = Resolve(root, Path.GetDirectoryName(file)!, path);
                if (target is null)
                {
                    yield return new Broken(relative, i + 1, reference.Value, "no such file in the repository");
                    continue;
                }

                if (reference.Groups["anchor"].Success && !AnchorsOf(target).Contains(reference.Groups["anchor"].Value))
                {
                    yield return new Broken(relative, i + 1, reference.Value, $"no heading of {Path.GetRelativePath(root, target)} has that anchor");
                }
            }
        }
    }

    private static readonly System.Collections.Concurrent.ConcurrentDictionary<string, IReadOnlySet<string>> AnchorCache = new(StringComparer.Ordinal);

    private static IReadOnlySet<string> AnchorsOf(string path) => AnchorCache.GetOrAdd(path, p => Anchors(File.ReadAllText(p)));

    /// <summary>The anchors GitHub gives the headings of a Markdown text (duplicates get <c>-1</c>, <c>-2</c>, …).</summary>
    public static IReadOnlySet<string> Anchors(string markdown)
    {
        var anchors = new HashSet<string>(StringComparer.Ordinal);
        var inFence = false;
        foreach (var raw in markdown.Split('\n'))
        {
            var line = raw.TrimEnd('\r');
            if (line.TrimStart().StartsWith("```", StringComparison.Ordinal))
            {
                inFence = !inFence;
                continue;
            }

            var heading = inFence ? null : Heading().Match(line);
            if (heading is not { Success: true })
            {
                continue;
            }

            var slug = Slug(heading.Groups[1].Value);
            var unique = slug;
            for (var n = 1; !anchors.Add(unique); n++)
            {
                unique = $"{slug}-{n}";
            }
        }

        return anchors;
    }

    /// <summary>GitHub's heading slug.</summary>
    public static string Slug(string heading)
    {
        var builder = new StringBuilder();
        foreach (var c in heading.Trim().ToLowerInvariant())
        {
            if (char.IsLetterOrDigit(c) || c is '-' or '_')
            {
                builder.Append(c);
            }
            else if (c == ' ')
            {
                builder.Append('-');
            }
        }

        return builder.ToString();
    }

    /// <summary>The comment text of one line of C-like code (<c>//</c> to the end, or inside <c>/* … */</c>).</summary>
    private static string CommentOf(string line, ref bool inBlock)
    {
        var comment = new StringBuilder();
        var rest = line;
        while (rest.Length > 0)
        {
            if (inBlock)
            {
                var end = rest.IndexOf("*/", StringComparison.Ordinal);
                comment.Append(end < 0 ? rest : rest[..end]).Append(' ');
                if (end < 0)
                {
                    break;
                }

                inBlock = false;
                rest = rest[(end + 2)..];
                continue;
            }

            var lineComment = rest.IndexOf("//", StringComparison.Ordinal);
            var blockComment = rest.IndexOf("/*", StringComparison.Ordinal);
            if (blockComment >= 0 && (lineComment < 0 || blockComment < lineComment))
            {
                inBlock = true;
                rest = rest[(blockComment + 2)..];
                continue;
            }

            if (lineComment >= 0)
            {
                comment.Append(rest[(lineComment + 2)..]);
            }

            break;
        }

        return comment.ToString();
    }

    private static string? Resolve(string root, string folder, string path)
    {
        foreach (var candidate in new[] { Path.Combine(folder, path), Path.Combine(root, path) })
        {
            var full = Path.GetFullPath(candidate);
            if (full.StartsWith(Path.GetFullPath(root), StringComparison.Ordinal) && File.Exists(full))
            {
                return full;
            }
        }

        return null;
    }

    [GeneratedRegex(@"https?://\S+")]
    private static partial Regex Url();

    [GeneratedRegex(@"\.\./shared/|/work/shared")]
    private static partial Regex Shared();

    [GeneratedRegex(@"(?<![\w./-])(?<path>(?:\.{1,2}/)*[\w.-]+(?:/[\w.-]+)*\.md)(?:#(?<anchor>[\w-]+))?")]
    private static partial Regex Reference();

    [GeneratedRegex(@"^#{1,6}\s+(.+?)\s*#*\s*$")]
    private static partial Regex Heading();
}
