namespace SesMail.Emulator.Persistence;

/// <summary>
/// A store whose whole state can be taken as one snapshot and put back. <see cref="EmulatorPersistence"/> writes the
/// snapshot to <c>{DataDirectory}/{service}/state.json</c> after changes and restores it at start.
/// </summary>
/// <typeparam name="TSnapshot">The snapshot shape, serialized by a source-generated JSON context.</typeparam>
internal interface ISnapshotStore<TSnapshot>
    where TSnapshot : class
{
    /// <summary>Takes a consistent copy of the state (each part read under the lock that guards it).</summary>
    /// <returns>A snapshot that shares nothing mutable with the store.</returns>
    TSnapshot Capture();

    /// <summary>The snapshot of an empty store; restored when a saved snapshot fails halfway, so the service starts empty.</summary>
    TSnapshot Empty { get; }

    /// <summary>Replaces the state with <paramref name="snapshot"/>; called once, before the first request.</summary>
    /// <param name="snapshot">A snapshot read back from disk.</param>
    /// <exception cref="InvalidDataException">The snapshot is inconsistent (the file is then set aside).</exception>
    void Restore(TSnapshot snapshot);
}

/// <summary>Where in-process changes (not made by an AWS API call) report that a service's state changed.</summary>
internal interface IStateChanges
{
    /// <summary>Marks a service's state as changed; it is written within a fraction of a second.</summary>
    /// <param name="service">The service's SigV4 signing name, e.g. <c>sqs</c> (<c>email</c> for SES).</param>
    void Changed(string service);

    /// <summary>
    /// Completes once every change reported so far is on disk: what a write must wait for before it is acknowledged
    /// (docs/DELIVERY.md, "The emulator"). Completes at once when nothing is persisted.
    /// </summary>
    /// <returns>A task completing after the write.</returns>
    Task CommitAsync();
}

/// <summary>
/// A store that can also report what changed since the last call, as JSON lines, so that
/// <see cref="EmulatorPersistence"/> appends a write's own size to <c>{service}/journal.jsonl</c> instead of rewriting
/// the whole snapshot; the snapshot is rewritten (and the journal started afresh) when the journal outgrows it or the
/// store asks for it.
/// </summary>
internal interface ISnapshotJournal
{
    /// <summary>
    /// The changes since the previous call, one JSON object per line (each ending in <c>\n</c>; empty when nothing
    /// changed), or <c>null</c> when only a full snapshot can express them (the first call, or a change that is not
    /// journaled, such as a new table). From the first call on the store records its changes, so everything changed
    /// after a call is either in the next call's lines or in a snapshot captured after it.
    /// </summary>
    /// <returns>The lines, or <c>null</c>.</returns>
    byte[]? TakeChanges();

    /// <summary>Applies one journal line to the restored state; lines are replayed in the order written.</summary>
    /// <param name="line">One line, without its line feed.</param>
    /// <exception cref="System.Text.Json.JsonException">The line is not JSON.</exception>
    /// <exception cref="InvalidDataException">The line does not fit the state.</exception>
    void Replay(ReadOnlySpan<byte> line);
}
