using SesMail.Fuzzing;

namespace SesMail.Tests.Fuzzing;

/// <summary>
/// CI's short fuzz run (docs/DEVELOPMENT.md, "Fuzzing"): every target of <c>tests/SesMail.Fuzzing</c> replays its saved
/// corpus and crashers (each crasher is a fixed finding, kept as a regression test), then a seeded batch of mutations.
/// Coverage-guided runs under afl-fuzz are long and run by hand (<c>tests/SesMail.Fuzzing/fuzz.sh</c>).
/// </summary>
[Trait("Kind", "Contract")]
public sealed class FuzzTargetTests
{
    /// <summary>Mutations per target and run; the SMTP and emulator targets cost milliseconds each, the rest microseconds.</summary>
    private const int Mutations = 150;

    public static TheoryData<string> Targets => [.. FuzzTargets.Names];

    [Theory]
    [MemberData(nameof(Targets))]
    public void Replay_SavedCorpusAndCrashers_NoFinding(string name)
    {
        var target = FuzzTargets.Create(name);
        var inputs = FuzzTargets.SavedInputs(name, "Corpus").Concat(FuzzTargets.SavedInputs(name, "Crashers")).ToList();
        inputs.Should().NotBeEmpty($"every target has a seed corpus under tests/SesMail.Fuzzing/Corpus/{name}");

        var findings = Findings(target, inputs.Select(path => (path, File.ReadAllBytes(path))));

        findings.Should().BeEmpty();
    }

    [Theory]
    [MemberData(nameof(Targets))]
    public void Mutate_SeededShortRun_NoFinding(string name)
    {
        var target = FuzzTargets.Create(name);
        var mutator = new Mutator(20, [.. FuzzTargets.SavedInputs(name, "Corpus").Select(File.ReadAllBytes)]);

        var findings = Findings(target, Enumerable.Range(0, Mutations).Select(i => ($"mutation {i} (seed 20)", mutator.Next())));

        findings.Should().BeEmpty("a finding here is replayed with: dotnet run --project tests/SesMail.Fuzzing -- {0} --mutate {1} --seed 20", name, Mutations);
    }

    private static List<string> Findings(IFuzzTarget target, IEnumerable<(string Name, byte[] Input)> inputs)
    {
        var findings = new List<string>();
        foreach (var (name, input) in inputs)
        {
            try
            {
                target.Run(input);
            }
            catch (Exception error)
            {
                findings.Add($"{name} ({Convert.ToBase64String(input.AsSpan(0, Math.Min(input.Length, 512)))}): {error}");
            }
        }

        return findings;
    }
}
