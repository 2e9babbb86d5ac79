namespace SesMail.Fuzzing;

/// <summary>
/// One fuzz target: a parser that reads input from outside, driven through the same entry point production uses.
/// <see cref="Run"/> returns normally for every input the parser handles as the protocol says (including refusing it
/// with the protocol's own error) and throws <see cref="FuzzFinding"/> (or lets any unexpected exception escape) when
/// it does not: that input is a finding.
/// </summary>
internal interface IFuzzTarget
{
    /// <summary>The name used on the command line and as the corpus folder (<c>Corpus/{Name}</c>).</summary>
    string Name { get; }

    /// <summary>What the target feeds and what counts as a finding, one line.</summary>
    string Description { get; }

    /// <summary>Runs one input.</summary>
    /// <param name="input">The raw input bytes.</param>
    void Run(ReadOnlySpan<byte> input);
}

/// <summary>An input broke a target's contract (wrong error, a crash turned into a 500, a hang, a lost byte).</summary>
internal sealed class FuzzFinding : Exception
{
    public FuzzFinding(string message)
        : base(message)
    {
    }

    public FuzzFinding(string message, Exception inner)
        : base(message, inner)
    {
    }

    public FuzzFinding()
    {
    }
}

/// <summary>Every target, by name.</summary>
internal static class FuzzTargets
{
    private static readonly Dictionary<string, Func<IFuzzTarget>> Factories = new(StringComparer.Ordinal)
    {
        ["smtp"] = () => new Targets.SmtpSessionTarget(),
        ["ses-receiving"] = () => new Targets.SesReceivingTarget(),
        ["router"] = () => new Targets.RouterTarget(),
        ["lambda-events"] = () => new Targets.LambdaEventsTarget(),
        ["dsn"] = () => new Targets.DsnTarget(),
        ["aws-query"] = () => new Targets.AwsQueryTarget(),
        ["aws-json"] = () => new Targets.AwsJsonTarget(),
        ["s3-rest"] = () => new Targets.S3RestTarget(),
        ["aws-chunked"] = () => new Targets.AwsChunkedTarget(),
        ["template"] = () => new Targets.TemplateTarget(),
        ["dynamodb-expression"] = () => new Targets.DynamoDbExpressionTarget(),
    };

    /// <summary>Target names in a stable order.</summary>
    public static IReadOnlyList<string> Names { get; } = [.. Factories.Keys];

    /// <summary>Creates a target.</summary>
    /// <exception cref="ArgumentException">No target has that name.</exception>
    public static IFuzzTarget Create(string name) =>
        Factories.TryGetValue(name, out var factory) ? factory() : throw new ArgumentException($"No fuzz target '{name}'. Targets: {string.Join(", ", Names)}", nameof(name));

    /// <summary>The folder holding the saved corpora and crashers (next to the assembly, else the source tree).</summary>
    public static string DataRoot
    {
        get
        {
            var beside = AppContext.BaseDirectory;
            if (Directory.Exists(Path.Combine(beside, "Corpus")))
            {
                return beside;
            }

            for (var dir = new DirectoryInfo(beside); dir is not null; dir = dir.Parent)
            {
                var candidate = Path.Combine(dir.FullName, "tests", "SesMail.Fuzzing");
                if (Directory.Exists(Path.Combine(candidate, "Corpus")))
                {
                    return candidate;
                }
            }

            return beside;
        }
    }

    /// <summary>The saved inputs of a target: its corpus and its crashers (each crasher is a fixed finding).</summary>
    public static IEnumerable<string> SavedInputs(string name, string kind) =>
        Directory.Exists(Path.Combine(DataRoot, kind, name))
            ? Directory.EnumerateFiles(Path.Combine(DataRoot, kind, name)).Order(StringComparer.Ordinal)
            : [];
}
