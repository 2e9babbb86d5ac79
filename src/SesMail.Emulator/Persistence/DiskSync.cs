using System.Collections.Concurrent;
using System.ComponentModel;
using System.Runtime.InteropServices;

namespace SesMail.Emulator.Persistence;

/// <summary>
/// How a file store makes a write durable before it answers (docs/DELIVERY.md, "The emulator"): the written file is
/// flushed to the device before it is renamed into place (<see cref="FlushFile"/>), and the folder that received the
/// rename is flushed before the call answers (<see cref="SyncDirectoryAsync"/>), so that after the answer neither the
/// bytes nor the name can be lost, not even to a power cut. A killed process loses neither anyway (the kernel keeps
/// what was written); the flushes are what make the promise hold for the machine.
/// </summary>
/// <remarks>Tests replace it (<c>EmulatorApp.StartAsync</c>'s <c>services</c>) to see that a call answers only after its flushes, or to make one fail.</remarks>
internal interface IDiskSync
{
    /// <summary>Flushes a written file's content and size to the device (<c>fsync</c>); called before the file is renamed into place.</summary>
    /// <param name="file">The open file, all of it written.</param>
    /// <exception cref="IOException">The device refused the flush: the write must not be acknowledged.</exception>
    void FlushFile(FileStream file);

    /// <summary>
    /// Completes once the folder's entries — every rename, creation and deletion made in it before the call — are on
    /// the device (<c>fsync</c> of the folder). Callers arriving together share one flush. A no-op on Windows, where
    /// the folder entry is not flushed separately.
    /// </summary>
    /// <param name="directory">The folder's full path.</param>
    /// <returns>A task that completes after the flush, or fails with an <see cref="IOException"/> when it failed.</returns>
    Task SyncDirectoryAsync(string directory);

    /// <summary>
    /// Flushes the folder's entries now, on the calling thread, alone (<c>fsync</c> of the folder): for a synchronous
    /// writer that is the only one renaming into the folder (the snapshot writer, <see cref="EmulatorPersistence"/>).
    /// A no-op on Windows, as <see cref="SyncDirectoryAsync"/>.
    /// </summary>
    /// <param name="directory">The folder's full path.</param>
    /// <exception cref="IOException">The flush failed: the renames into the folder must not be acknowledged.</exception>
    void SyncDirectory(string directory);
}

/// <summary>
/// The real <see cref="IDiskSync"/>: <see cref="FileStream.Flush(bool)"/> for files, and for folders <c>open</c> +
/// <c>fsync</c> (.NET cannot open a folder as a file), grouped per folder: a caller that finds no flush of its folder
/// running does the flush itself; callers arriving while one runs share the next, which starts after it (a flush that
/// started before a caller's rename would not cover it). So a burst of concurrent writes into one folder costs about two
/// folder flushes, not one per write.
/// </summary>
internal sealed class DiskSync : IDiskSync
{
    private readonly ConcurrentDictionary<string, DirectoryFlush> _directories = new(StringComparer.Ordinal);

    /// <inheritdoc/>
    public void FlushFile(FileStream file) => file.Flush(flushToDisk: true);

    /// <inheritdoc/>
    public Task SyncDirectoryAsync(string directory) =>
        OperatingSystem.IsWindows() ? Task.CompletedTask : _directories.GetOrAdd(directory, static d => new DirectoryFlush(d)).RequestAsync();

    /// <inheritdoc/>
    public void SyncDirectory(string directory)
    {
        if (!OperatingSystem.IsWindows())
        {
            FlushDirectoryOrFail(directory);
        }
    }

    /// <summary>Opens a folder read-only and flushes it (<c>open(2)</c>, <c>fsync(2)</c>, <c>close(2)</c>).</summary>
    /// <param name="directory">The folder.</param>
    /// <exception cref="IOException">A call failed; the message names the folder and the error.</exception>
    internal static void FlushDirectory(string directory)
    {
        // O_RDONLY, plus O_CLOEXEC on Linux so that a process started meanwhile does not inherit the descriptor.
        var descriptor = Open(directory, OperatingSystem.IsLinux() ? 0x80000 : 0);
        if (descriptor < 0)
        {
            throw Failure("open", directory);
        }

        try
        {
            if (Fsync(descriptor) != 0)
            {
                throw Failure("fsync", directory);
            }
        }
        finally
        {
            _ = Close(descriptor);
        }
    }

    /// <summary><see cref="FlushDirectory"/>, with a missing <c>libc</c> also reported as an <see cref="IOException"/>.</summary>
    private static void FlushDirectoryOrFail(string directory)
    {
        try
        {
            FlushDirectory(directory);
        }
        catch (Exception error) when (error is DllNotFoundException or EntryPointNotFoundException)
        {
            throw new IOException($"The folder {directory} cannot be flushed: {error.Message}", error);
        }
    }

    private static IOException Failure(string call, string directory) =>
        new($"{call} of the folder {directory} failed: {new Win32Exception(Marshal.GetLastPInvokeError()).Message}");

    [DllImport("libc", EntryPoint = "open", SetLastError = true)]
    private static extern int Open([MarshalAs(UnmanagedType.LPUTF8Str)] string path, int flags);

    [DllImport("libc", EntryPoint = "fsync", SetLastError = true)]
    private static extern int Fsync(int descriptor);

    [DllImport("libc", EntryPoint = "close", SetLastError = true)]
    private static extern int Close(int descriptor);

    /// <summary>The flushes of one folder: at most one runs; callers arriving meanwhile wait for the next.</summary>
    private sealed class DirectoryFlush(string path)
    {
        private readonly Lock _gate = new();
        private bool _running;

        /// <summary>The callers waiting for a flush that has not started yet; null when none waits.</summary>
        private TaskCompletionSource? _next;

        public Task RequestAsync()
        {
            Task waiting;
            lock (_gate)
            {
                _next ??= new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                waiting = _next.Task;
                if (_running)
                {
                    return waiting;
                }

                _running = true;
            }

            Run(inline: true); // the caller flushes for itself and whoever joined it before the flush started
            return waiting;
        }

        private void Run(bool inline)
        {
            while (true)
            {
                TaskCompletionSource batch;
                lock (_gate)
                {
                    if (_next is null)
                    {
                        _running = false;
                        return;
                    }

                    batch = _next;
                    _next = null;
                }

                try
                {
                    FlushDirectoryOrFail(path);
                    batch.SetResult();
                }
                catch (IOException error)
                {
                    batch.SetException(error);
                }

                lock (_gate)
                {
                    if (_next is null)
                    {
                        _running = false;
                        return;
                    }

                    if (inline)
                    {
                        // Callers joined during this flush: the next one runs on the thread pool, so that this caller's
                        // answer does not wait for flushes that are not its own.
                        _ = Task.Run(() => Run(inline: false));
                        return;
                    }
                }
            }
        }
    }
}

/// <summary>The file steps the emulator's file stores (the Gmail stand-in, the SES outbox) share around <see cref="IDiskSync"/>.</summary>
internal static class DurableFiles
{
    /// <summary>Writes <paramref name="bytes"/> to a new (or truncated) file and flushes it to the device (<see cref="IDiskSync.FlushFile"/>); the caller renames it into place.</summary>
    /// <param name="disk">The flusher.</param>
    /// <param name="path">The temporary file's path.</param>
    /// <param name="bytes">The whole content.</param>
    /// <param name="cancellationToken">Stops the write.</param>
    /// <exception cref="IOException">The write or the flush failed.</exception>
    public static async Task WriteFlushedAsync(this IDiskSync disk, string path, ReadOnlyMemory<byte> bytes, CancellationToken cancellationToken = default)
    {
        await using var file = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.None, bufferSize: 0, FileOptions.Asynchronous);
        await file.WriteAsync(bytes, cancellationToken).ConfigureAwait(false);
        disk.FlushFile(file);
    }

    /// <summary>
    /// Deletes a file if it can; a missing file is no error, and one that cannot be deleted is left behind. For the
    /// temporary files of a failed write (whose own error is the one reported) and for files whose removal only tidies
    /// (S3 content replaced by a newer object, removed again at start-up if it stays).
    /// </summary>
    /// <param name="path">The file.</param>
    public static void DeleteQuietly(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (Exception error) when (error is IOException or UnauthorizedAccessException)
        {
            // Left behind; the failure being reported is the one that matters.
        }
    }
}
