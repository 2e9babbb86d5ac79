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
