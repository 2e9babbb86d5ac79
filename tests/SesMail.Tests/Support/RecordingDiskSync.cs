using System.Collections.Concurrent;
using SesMail.Emulator.Persistence;

namespace SesMail.Tests.Support;

/// <summary>
/// An <see cref="IDiskSync"/> that flushes nothing and records each flush as <c>file {path}</c> or <c>folder {path}</c>;
/// it can hold the asynchronous folder flushes (to see that a call waits for them) or fail every folder flush (to see
/// that the call is then not acknowledged). Replaces the emulator's through <c>EmulatorApp.StartAsync</c>'s
/// <c>services</c>, or is passed to a store built by hand.
/// </summary>
internal sealed class RecordingDiskSync : IDiskSync
{
    private readonly TaskCompletionSource<string> _held = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private TaskCompletionSource? _gate;
    private volatile bool _fail;

    /// <summary>Every flush so far, in order.</summary>
    public ConcurrentQueue<string> Events { get; } = new();

    /// <summary>Completes with the folder of the first flush held by <see cref="Hold"/>.</summary>
    public Task<string> Held => _held.Task;

    /// <summary>From now on <see cref="SyncDirectoryAsync"/> waits until <see cref="Release"/>.</summary>
    public void Hold() => _gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Lets the held folder flushes (and later ones) complete.</summary>
    public void Release() => _gate?.TrySetResult();

    /// <summary>From now on every folder flush fails with an <see cref="IOException"/>, as <c>fsync</c> fails with <c>EIO</c>.</summary>
    public void FailFolders() => _fail = true;

    /// <summary>Folder flushes succeed again.</summary>
    public void Heal() => _fail = false;

    /// <summary>The folders flushed so far, in order.</summary>
    public IReadOnlyList<string> Folders => [.. Events.Where(e => e.StartsWith("folder ", StringComparison.Ordinal)).Select(e => e["folder ".Length..])];

    public void FlushFile(FileStream file) => Events.Enqueue("file " + file.Name);

    public async Task SyncDirectoryAsync(string directory)
    {
        SyncDirectory(directory);
        if (_gate is { } gate)
        {
            _held.TrySetResult(directory);
            await gate.Task.ConfigureAwait(false);
        }
    }

    /// <summary>Runs at each folder flush, before it is recorded: to look at the disk as the flush finds it.</summary>
    public Action<string>? OnFolder { get; set; }

    public void SyncDirectory(string directory)
    {
        OnFolder?.Invoke(directory);
        Events.Enqueue("folder " + directory);
        if (_fail)
        {
            throw new IOException($"fsync of the folder {directory} failed: Input/output error");
        }
    }
}
