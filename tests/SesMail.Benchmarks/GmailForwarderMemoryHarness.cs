using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using SesMail.Functions;
using SesMail.Functions.Gmail;
using SesMail.Functions.GmailForwarder;
using SesMail.Testing.Functions.GmailForwarder;

namespace SesMail.Benchmarks;

/// <summary>
/// Forwards one large message (default 35 MB) through <see cref="GmailForwarderFunction"/> into the Gmail stand-in of an
/// emulator running in a separate process (so only the forwarder's heap is measured), and reports the peak managed-heap
/// growth (sampled <c>GC.GetTotalMemory(false)</c> above a post-GC baseline) and the bytes allocated
/// (<c>GC.GetTotalAllocatedBytes(true)</c>) during the call. The message comes from a non-seekable generated stream,
/// standing in for the S3 <c>GetObject</c> response stream; the stored copy is checked by SHA-256.
/// Run: <c>dotnet run -c Release --project tests/SesMail.Benchmarks -- gmail-memory [sizeInMB]</c>.
/// </summary>
internal static class GmailForwarderMemoryHarness
{
    private const string Mailbox = "bench@example.test";

    public static async Task<int> RunAsync(string[] args)
    {
        var megabytes = args.Length > 1 && int.TryParse(args[1], NumberStyles.None, CultureInfo.InvariantCulture, out var mb) ? mb : 35;
        var size = megabytes * 1_000_000L;
        await using var emulator = await EmulatorProcess.StartAsync().ConfigureAwait(false);
        using var function = Build(emulator.BaseUrl, size);

        // Warm-up: JIT, connection pool, token endpoint, with a small message.
        await ForwardAsync(function, "warmup-" + Guid.NewGuid().ToString("N")).ConfigureAwait(false);

        var messageId = "bench-" + Guid.NewGuid().ToString("N");
        GC.Collect(2, GCCollectionMode.Forced, blocking: true, compacting: true);
        GC.WaitForPendingFinalizers();
        GC.Collect(2, GCCollectionMode.Forced, blocking: true, compacting: true);
        var baseline = GC.GetTotalMemory(forceFullCollection: true);
        var allocatedBefore = GC.GetTotalAllocatedBytes(precise: true);
        var gen2Before = GC.CollectionCount(2);
        var peak = baseline;
        using var stop = new CancellationTokenSource();
        var sampler = new Thread(() =>
        {
            while (!stop.IsCancellationRequested)
            {
                var now = GC.GetTotalMemory(forceFullCollection: false);
                if (now > Interlocked.Read(ref peak))
                {
                    Interlocked.Exchange(ref peak, now);
                }

                Thread.Sleep(1);
            }
        }) { IsBackground = true, Priority = ThreadPriority.AboveNormal };
        sampler.Start();
        var clock = Stopwatch.StartNew();
        var failures = await ForwardAsync(function, messageId).ConfigureAwait(false);
        clock.Stop();
        await stop.CancelAsync().ConfigureAwait(false);
        sampler.Join();
        var allocated = GC.GetTotalAllocatedBytes(precise: true) - allocatedBefore;
        var growth = Interlocked.Read(ref peak) - baseline;

        var stored = await emulator.StoredSha256Async(Mailbox, size).ConfigureAwait(false);
        var expected = SyntheticMessageStream.Sha256(size);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"message size:               {size,14:N0} bytes ({megabytes} MB)"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"batchItemFailures:          {failures}"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"stored copy byte-identical: {stored == expected}"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"elapsed:                    {clock.Elapsed.TotalMilliseconds,14:N0} ms"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"peak managed-heap growth:   {growth,14:N0} bytes ({(double)growth / size:P1} of the message)"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"bytes allocated in call:    {allocated,14:N0} bytes ({(double)allocated / size:P1} of the message)"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"gen2 collections in call:   {GC.CollectionCount(2) - gen2Before}"));
        return failures == "[]" && stored == expected && growth < 2 * size ? 0 : 1;
    }

    private static GmailForwarderFunction Build(Uri emulator, long size)
    {
        var settings = new FunctionSettings(new Dictionary<string, string>
        {
            ["ENVIRONMENT"] = "test",
            ["AWS_REGION"] = "ap-southeast-2",
            ["AWS_ENDPOINT_URL"] = emulator.ToString(),
            ["EMAIL_BUCKET"] = "bench",
            ["RETRY_QUEUE_URL"] = new Uri(emulator, "/000000000000/unused").ToString(),
            ["RETRY_DLQ_URL"] = new Uri(emulator, "/000000000000/unused-dlq").ToString(),
            ["GMAIL_API_BASE_URL"] = emulator.ToString(),
            ["GMAIL_REFRESH_TOKEN_PARAMETER"] = "/ses-mail/test/gmail-forwarder/oauth/refresh-token",
            ["GMAIL_ACCOUNT_TOKEN_PARAMETER_PATH"] = "/ses-mail/test/gmail-forwarder/oauth/accounts",
            ["GMAIL_CLIENT_CREDENTIALS_PARAMETER"] = "/ses-mail/test/gmail-forwarder/oauth/client-credentials",
            ["ROUTING_TABLE_NAME"] = "bench",
        });
        var options = GmailForwarderOptions.From(settings);
        var secrets = GmailClientSecrets.Parse($$$"""{"installed":{"client_id":"sesmail-local","client_secret":"sesmail-local-secret","token_uri":"{{{new Uri(emulator, "/_sesmail/oauth2/token")}}}"}}""");
        return new GmailForwarderFunction(
            options,
            new FunctionServices(options.Aws, TextWriter.Null, TimeProvider.System, () => null),
            new FixedCredentialStore(secrets, "sesmail-local-refresh:" + Mailbox),
            new SyntheticObjects(size),
            new InMemoryGmailImportLedger(TimeProvider.System),
            new NoRetryQueue());
    }

    private static async Task<string> ForwardAsync(GmailForwarderFunction function, string messageId)
    {
        var body = new JsonObject
        {
            ["detail"] = new JsonObject
            {
                ["originalMessageId"] = messageId,
                ["ses"] = new JsonObject { ["notificationType"] = "Received", ["mail"] = new JsonObject { ["messageId"] = messageId, ["source"] = "big@sender.test" } },
                ["actions"] = new JsonObject
                {
                    ["store"] = Empty(), ["bounce"] = Empty(), ["spam"] = Empty(), ["silent-drop"] = Empty(),
                    ["forward-to-gmail"] = new JsonObject { ["count"] = 1, ["targets"] = new JsonArray(new JsonObject { ["target"] = "me@example.test", ["destination"] = "me@example.test", ["metadata"] = new JsonObject() }) },
                },
            },
        }.ToJsonString();
        var input = new JsonObject { ["Records"] = new JsonArray(new JsonObject { ["messageId"] = "sqs-" + messageId, ["body"] = body, ["eventSource"] = "aws:sqs" }) };
        await using var output = await function.HandleAsync(new MemoryStream(Encoding.UTF8.GetBytes(input.ToJsonString()))).ConfigureAwait(false);
        return JsonNode.Parse(output)!["batchItemFailures"]!.ToJsonString();

        static JsonObject Empty() => new() { ["count"] = 0, ["targets"] = new JsonArray() };
    }

    private sealed class NoRetryQueue : IRetryQueue
    {
        public Task<bool> ParkAsync(string body, RetryParking attributes, CancellationToken cancellationToken) => throw new InvalidOperationException("The benchmark never parks.");
    }

    /// <summary>Messages whose id starts with <c>warmup-</c> are 10 kB; others are the benchmark size.</summary>
    private sealed class SyntheticObjects(long size) : IEmailObjectReader
    {
        public Task<EmailObject> OpenAsync(string messageId, CancellationToken cancellationToken)
        {
            var length = messageId.StartsWith("warmup-", StringComparison.Ordinal) ? 10_000 : size;
            return Task.FromResult(new EmailObject(new GmailMessageSource(length, _ => Task.FromResult<Stream>(new SyntheticMessageStream(length)))));
        }
    }

    /// <summary>An emulator in its own process on a free loopback port.</summary>
    private sealed class EmulatorProcess : IAsyncDisposable
    {
        private readonly Process _process;
        private readonly string _data;

        private EmulatorProcess(Process process, Uri baseUrl, string data)
        {
            _process = process;
            BaseUrl = baseUrl;
            _data = data;
        }

        public Uri BaseUrl { get; }

        public static async Task<EmulatorProcess> StartAsync()
        {
            var dll = Path.Combine(AppContext.BaseDirectory, "SesMail.Emulator.dll");
            using var probe = new TcpListener(IPAddress.Loopback, 0);
            probe.Start();
            var port = ((IPEndPoint)probe.LocalEndpoint).Port;
            probe.Stop();
            var data = Path.Combine(Path.GetTempPath(), "sesmail-bench-" + Guid.NewGuid().ToString("N"));
            var info = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
            foreach (var argument in new[] { dll, $"--Emulator:Port={port}", $"--Emulator:DataDirectory={data}", "--Logging:LogLevel:Default=Warning" })
            {
                info.ArgumentList.Add(argument);
            }

            var process = Process.Start(info) ?? throw new InvalidOperationException("Cannot start the emulator.");
            process.OutputDataReceived += (_, _) => { };
            process.ErrorDataReceived += (_, _) => { };
            process.BeginOutputReadLine();
            process.BeginErrorReadLine();
            var baseUrl = new Uri($"http://127.0.0.1:{port}/");
            using var http = new HttpClient();
            for (var i = 0; i < 150; i++)
            {
                try
                {
                    using var health = await http.GetAsync(new Uri(baseUrl, "/_sesmail/health")).ConfigureAwait(false);
                    if (health.IsSuccessStatusCode)
                    {
                        return new EmulatorProcess(process, baseUrl, data);
                    }
                }
                catch (HttpRequestException)
                {
                }

                await Task.Delay(200).ConfigureAwait(false);
            }

            process.Kill();
            throw new InvalidOperationException($"The emulator ({dll}) did not become healthy on port {port}.");
        }

        public async Task<string> StoredSha256Async(string mailbox, long size)
        {
            using var http = new HttpClient { BaseAddress = BaseUrl };
            var list = JsonNode.Parse(await http.GetStringAsync(new Uri($"/_sesmail/gmail/mailboxes/{Uri.EscapeDataString(mailbox)}/messages", UriKind.Relative)).ConfigureAwait(false))!.AsArray();
            var id = list.First(m => m!["size"]!.GetValue<long>() == size)!["id"]!.GetValue<string>();
            await using var raw = await http.GetStreamAsync(new Uri($"/_sesmail/gmail/mailboxes/{Uri.EscapeDataString(mailbox)}/messages/{id}/raw", UriKind.Relative)).ConfigureAwait(false);
            return Convert.ToHexString(await SHA256.HashDataAsync(raw).ConfigureAwait(false));
        }

        public async ValueTask DisposeAsync()
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
                await _process.WaitForExitAsync().ConfigureAwait(false);
            }

            _process.Dispose();
            try
            {
                Directory.Delete(_data, recursive: true);
            }
            catch (IOException)
            {
            }
        }
    }
}
