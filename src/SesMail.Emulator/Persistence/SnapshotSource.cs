using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace SesMail.Emulator.Persistence;

/// <summary>One persisted service as <see cref="EmulatorPersistence"/> sees it: a folder name and bytes in, bytes out.</summary>
internal interface ISnapshotSource
{
    /// <summary>The folder under the data directory: <c>sqs</c>, <c>dynamodb</c>, <c>ses</c>, ….</summary>
    string Service { get; }

    /// <summary>The SigV4 signing name of the service's API, which change reports use (<c>email</c> for SES).</summary>
    string SigningName { get; }

    /// <summary>The current state as UTF-8 JSON.</summary>
    /// <returns>The snapshot bytes.</returns>
    byte[] Capture();

    /// <summary>Restores the state from UTF-8 JSON.</summary>
    /// <param name="json">The file's bytes.</param>
    /// <exception cref="JsonException">The bytes are not a valid snapshot.</exception>
    /// <exception cref="InvalidDataException">The snapshot is inconsistent.</exception>
    void Restore(byte[] json);

    /// <summary>Empties the store (after a restore that failed halfway).</summary>
    void Reset();

    /// <summary>The store's change journal, or <c>null</c> when it is only ever written whole.</summary>
    ISnapshotJournal? Journal => null;
}

/// <summary>
/// Binds a store to its snapshot type and source-generated JSON metadata. The metadata is taken on the first capture or
/// restore: a context's type information is built for the whole snapshot graph when first asked for, a few to tens of
/// milliseconds each, and a fresh emulator needs none of it before its first change.
/// </summary>
/// <typeparam name="TSnapshot">The snapshot shape.</typeparam>
internal sealed class SnapshotSource<TSnapshot>(string service, string signingName, ISnapshotStore<TSnapshot> store, Func<JsonTypeInfo<TSnapshot>> type) : ISnapshotSource
    where TSnapshot : class
{
    private readonly Lazy<JsonTypeInfo<TSnapshot>> _type = new(type);

    /// <summary>Binds a store to metadata already at hand.</summary>
    public SnapshotSource(string service, string signingName, ISnapshotStore<TSnapshot> store, JsonTypeInfo<TSnapshot> type)
        : this(service, signingName, store, () => type)
    {
    }

    public string Service { get; } = service;

    public string SigningName { get; } = signingName;

    public byte[] Capture() => JsonSerializer.SerializeToUtf8Bytes(store.Capture(), _type.Value);

    public void Restore(byte[] json) =>
        store.Restore(JsonSerializer.Deserialize(json, _type.Value) ?? throw new JsonException("The snapshot is the JSON literal null."));

    public void Reset() => store.Restore(store.Empty);

    public ISnapshotJournal? Journal => store as ISnapshotJournal;
}

/// <summary>Registration of persisted stores, one line per service in <c>AddEmulator</c>.</summary>
internal static class SnapshotServiceCollectionExtensions
{
    /// <summary>Persists <typeparamref name="TStore"/> (already registered as a singleton) under <c>{DataDirectory}/{service}/state.json</c>.</summary>
    /// <typeparam name="TStore">The store.</typeparam>
    /// <typeparam name="TSnapshot">Its snapshot shape.</typeparam>
    /// <param name="services">The service collection.</param>
    /// <param name="type">Gives the source-generated metadata of the snapshot shape (called once, when first needed), e.g. <c>() => SqsSnapshotJsonContext.Default.SqsSnapshot</c>.</param>
    /// <param name="service">The folder name under the data directory.</param>
    /// <param name="signingName">The SigV4 signing name of the service's API when it differs from <paramref name="service"/>.</param>
    /// <returns>The same collection.</returns>
    public static IServiceCollection AddSnapshot<TStore, TSnapshot>(this IServiceCollection services, Func<JsonTypeInfo<TSnapshot>> type, string service, string? signingName = null)
        where TStore : class, ISnapshotStore<TSnapshot>
        where TSnapshot : class =>
        services.AddSingleton<ISnapshotSource>(s => new SnapshotSource<TSnapshot>(service, signingName ?? service, s.GetRequiredService<TStore>(), type));

    /// <summary>
    /// The same with metadata already taken (the caller pays for building it at registration); prefer the overload
    /// taking a function, which defers that to the first capture or restore.
    /// </summary>
    /// <typeparam name="TStore">The store.</typeparam>
    /// <typeparam name="TSnapshot">Its snapshot shape.</typeparam>
    /// <param name="services">The service collection.</param>
    /// <param name="type">Source-generated metadata of the snapshot shape.</param>
    /// <param name="service">The folder name under the data directory.</param>
    /// <param name="signingName">The SigV4 signing name of the service's API when it differs from <paramref name="service"/>.</param>
    /// <returns>The same collection.</returns>
    public static IServiceCollection AddSnapshot<TStore, TSnapshot>(this IServiceCollection services, JsonTypeInfo<TSnapshot> type, string service, string? signingName = null)
        where TStore : class, ISnapshotStore<TSnapshot>
        where TSnapshot : class =>
        services.AddSnapshot<TStore, TSnapshot>(() => type, service, signingName);
}
