using System.Buffers;
using System.Net;
using System.Net.Sockets;
using SmtpServer;
using SmtpServer.Protocol;
using SmtpServer.Storage;

namespace SesMail.Cli.Load;

/// <summary>
/// The floor <c>sesmail load --compare-sink</c> measures the pipeline against: an SMTP server on the same library as
/// the SES edge (SmtpServer) that writes each message to its own file with <see cref="FileOptions.WriteThrough"/>
/// (on disk before the reply, as the edge's <c>250</c> promises) and answers <c>250</c>. It does nothing else: no
/// parsing, no verdicts, no AWS calls. Listens on 127.0.0.1 on a free port; files go to a temporary folder that
/// <see cref="DisposeAsync"/> deletes.
/// </summary>
internal sealed class BareSmtpSink : IAsyncDisposable
{
    private readonly CancellationTokenSource _stop;
    private readonly Task _running;

    private BareSmtpSink(int port, string directory, CancellationTokenSource stop, Task running)
    {
        Port = port;
        Directory = directory;
        _stop = stop;
        _running = running;
    }

    /// <summary>The loopback port it listens on.</summary>
    public int Port { get; }

    /// <summary>The folder the messages are written to.</summary>
    public string Directory { get; }

    /// <summary>Where a client sends to.</summary>
    public SesMail.Cli.Send.SmtpTarget Target => new("127.0.0.1", Port);

    /// <summary>Starts listening and returns once a connection is accepted.</summary>
    /// <param name="maxMessageSize">The largest message in bytes (the SES edge's limit is 40 MB).</param>
    /// <param name="cancellationToken">Stops waiting for the listener.</param>
    public static async Task<BareSmtpSink> StartAsync(int maxMessageSize, CancellationToken cancellationToken)
    {
        var directory = Path.Combine(Path.GetTempPath(), "sesmail-sink-" + Guid.NewGuid().ToString("N")[..8]);
        System.IO.Directory.CreateDirectory(directory);
        int port;
        using (var probe = new TcpListener(IPAddress.Loopback, 0))
        {
            probe.Start();
            port = ((IPEndPoint)probe.LocalEndpoint).Port;
        }

        var options = new SmtpServerOptionsBuilder()
            .ServerName("sink.localhost")
            .MaxMessageSize(maxMessageSize, MaxMessageSizeHandling.Strict)
            .Endpoint(e => e.Endpoint(new IPEndPoint(IPAddress.Loopback, port)).IsSecure(false))
            .Build();
        var provider = new SmtpServer.ComponentModel.ServiceProvider();
        provider.Add(new WriteThroughStore(directory));
        var server = new SmtpServer.SmtpServer(options, provider);
        var stop = new CancellationTokenSource();
        var running = server.StartAsync(stop.Token);
        var sink = new BareSmtpSink(port, directory, stop, running);
        try
        {
            await WaitListeningAsync(sink.Port, running, cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            await sink.DisposeAsync().ConfigureAwait(false);
            throw;
        }

        return sink;
    }

    private static async Task WaitListeningAsync(int port, Task running, CancellationToken cancellationToken)
    {
        for (var attempt = 0; attempt < 100; attempt++)
        {
            if (running.IsFaulted)
            {
                await running.ConfigureAwait(false);
            }

            try
            {
                using var client = new TcpClient();
                await client.ConnectAsync(IPAddress.Loopback, port, cancellationToken).ConfigureAwait(false);
                return;
            }
            catch (SocketException)
            {
                await Task.Delay(20, cancellationToken).ConfigureAwait(false);
            }
        }

        throw new InvalidOperationException($"the bare SMTP sink did not listen on 127.0.0.1:{port}");
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        try
        {
            await _running.ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
        }

        _stop.Dispose();
        try
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    /// <summary>One file per message, written through to the disk before the <c>250</c>.</summary>
    private sealed class WriteThroughStore(string directory) : MessageStore
    {
        public override async Task<SmtpResponse> SaveAsync(ISessionContext context, IMessageTransaction transaction, ReadOnlySequence<byte> buffer, CancellationToken cancellationToken)
        {
            var path = Path.Combine(directory, Guid.NewGuid().ToString("N") + ".eml");
            var file = new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.None, 64 * 1024, FileOptions.WriteThrough | FileOptions.Asynchronous);
            await using (file.ConfigureAwait(false))
            {
                foreach (var segment in buffer)
                {
                    await file.WriteAsync(segment, cancellationToken).ConfigureAwait(false);
                }
            }

            return SmtpResponse.Ok;
        }
    }
}
