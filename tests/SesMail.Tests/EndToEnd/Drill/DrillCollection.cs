namespace SesMail.Tests.EndToEnd.Drill;

/// <summary>
/// The drills that kill processes or time the pipeline (durability, fault and snapshot-kill drills): run one after
/// another and apart from every other test, so that a busy machine stretches nothing they wait for.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class DrillCollection
{
    public const string Name = "drills";
}
