using System.Diagnostics;
using SesMail.Fuzzing;

// SesMail fuzz targets (docs/DEVELOPMENT.md, "Fuzzing").
//   SesMail.Fuzzing list                          the targets
//   SesMail.Fuzzing <target>                      under afl-fuzz: SharpFuzz's fork server; otherwise one input from stdin
//   SesMail.Fuzzing <target> --replay <path>...   every file under each path (default: the saved corpus and crashers)
//   SesMail.Fuzzing <target> --mutate <n> [--seed <s>] [--seconds <t>]
//                                                 n random mutations of the saved corpus, uninstrumented (CI's short run)
if (args.Length == 0 || args[0] is "-h" or "--help")
{
    Console.Error.WriteLine("usage: SesMail.Fuzzing list | <target> [--replay <path>... | --mutate <n> [--seed <s>] [--seconds <t>]]");
    return 2;
}

if (args[0] == "list")
{
    foreach (var name in FuzzTargets.Names)
    {
        Console.WriteLine($"{name,-20} {FuzzTargets.Create(name).Description}");
    }

    return 0;
}

IFuzzTarget target;
try
{
    target = FuzzTargets.Create(args[0]);
}
catch (ArgumentException error)
{
    Console.Error.WriteLine(error.Message);
    return 2;
}

if (args.Length > 1 && args[1] == "--replay")
{
    var paths = args.Length > 2
        ? args[2..].SelectMany(p => Directory.Exists(p) ? Directory.EnumerateFiles(p, "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal) : (IEnumerable<string>)[p])
        : FuzzTargets.SavedInputs(target.Name, "Corpus").Concat(FuzzTargets.SavedInputs(target.Name, "Crashers"));
    var failed = 0;
    var count = 0;
    foreach (var path in paths)
    {
        count++;
        try
        {
            target.Run(File.ReadAllBytes(path));
        }
        catch (Exception error)
        {
            failed++;
            Console.Error.WriteLine($"FINDING {path}: {error}");
        }
    }

    Console.WriteLine($"{target.Name}: replayed {count} inputs, {failed} findings");
    return failed == 0 ? 0 : 1;
}

if (args.Length > 1 && args[1] == "--mutate")
{
    var iterations = args.Length > 2 ? int.Parse(args[2], System.Globalization.CultureInfo.InvariantCulture) : 1000;
    var seed = Option("--seed") is { } s ? int.Parse(s, System.Globalization.CultureInfo.InvariantCulture) : Environment.TickCount;
    var seconds = Option("--seconds") is { } t ? double.Parse(t, System.Globalization.CultureInfo.InvariantCulture) : double.PositiveInfinity;
    var seeds = FuzzTargets.SavedInputs(target.Name, "Corpus").Select(File.ReadAllBytes).ToList();
    var mutator = new Mutator(seed, seeds);
    var clock = Stopwatch.StartNew();
    var done = 0;
    for (; done < iterations && clock.Elapsed.TotalSeconds < seconds; done++)
    {
        var input = mutator.Next();
        try
        {
            target.Run(input);
        }
        catch (Exception error)
        {
            var folder = Path.Combine(Path.GetTempPath(), "sesmail-fuzz", target.Name);
            Directory.CreateDirectory(folder);
            var file = Path.Combine(folder, $"crash-seed{seed}-{done}");
            File.WriteAllBytes(file, input);
            Console.Error.WriteLine($"FINDING after {done + 1} executions (seed {seed}), input saved to {file}: {error}");
            return 1;
        }
    }

    Console.WriteLine($"{target.Name}: {done} mutated inputs in {clock.Elapsed.TotalSeconds:F1} s (seed {seed}), no finding");
    return 0;
}

// Under afl-fuzz (fuzz.sh): SharpFuzz's out-of-process fork server, so a stack overflow or a hang in one input
// is reported as a crash or a timeout instead of ending the run. Without afl-fuzz: one input from stdin.
SharpFuzz.Fuzzer.OutOfProcess.Run(stream =>
{
    using var copy = new MemoryStream();
    stream.CopyTo(copy);
    target.Run(copy.GetBuffer().AsSpan(0, (int)copy.Length));
});
return 0;

string? Option(string name)
{
    var index = Array.IndexOf(args, name);
    return index >= 0 && index + 1 < args.Length ? args[index + 1] : null;
}
