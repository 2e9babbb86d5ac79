using System.IO.Compression;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using Amazon.Lambda;
using Amazon.Lambda.Model;
using SesMail.LambdaRuntime;
using SesMail.Tests.Support;

namespace SesMail.Tests.Emulator.Lambda;

/// <summary>
/// Test functions for the emulator's Lambda: <c>provided.al2023</c> packages whose <c>bootstrap</c> is a shell script
/// speaking the Runtime API with curl (so out-of-process behaviour is tested without publishing anything), and
/// in-process handlers attached through the emulator's attach endpoint (so mappings can be observed and steered).
/// </summary>
internal static class LambdaTestFunctions
{
    /// <summary>
    /// A shell runtime: answers <c>{"pid":…,"count":…,"event":…}</c> (count = invocations this process has served);
    /// an event containing <c>sleep</c> sleeps 20 s, <c>oom</c> allocates 400 MB, <c>fail</c> posts an error,
    /// <c>exit</c> exits with status 3. Prints <c>init …</c> once and <c>handling {id}</c> per invocation.
    /// </summary>
    public const string EchoBootstrap = """
        #!/bin/bash
        API="http://${AWS_LAMBDA_RUNTIME_API}/2018-06-01/runtime"
        echo "init pid $$ handler ${_HANDLER} memory ${AWS_LAMBDA_FUNCTION_MEMORY_SIZE}"
        COUNT=0
        while true; do
          HEADERS=$(mktemp)
          EVENT=$(curl -sS -D "$HEADERS" "$API/invocation/next") || exit 0
          ID=$(grep -i '^Lambda-Runtime-Aws-Request-Id:' "$HEADERS" | cut -d: -f2 | tr -d '[:space:]')
          TRACE=$(grep -i '^Lambda-Runtime-Trace-Id:' "$HEADERS" | cut -d: -f2- | tr -d '[:space:]')
          COUNT=$((COUNT + 1))
          echo "handling $ID"
          case "$EVENT" in
            *sleep*) sleep 20 ;;
            *oom*) perl -e '$x = "a" x 400_000_000; sleep 20' ;;
            *fail*) curl -sS -X POST "$API/invocation/$ID/error" -H "Lambda-Runtime-Function-Error-Type: Custom.Failure" \
                      -d '{"errorMessage":"asked to fail","errorType":"Custom.Failure"}' > /dev/null; continue ;;
            *exit*) exit 3 ;;
          esac
          curl -sS -X POST "$API/invocation/$ID/response" -d "{\"pid\":$$,\"count\":$COUNT,\"trace\":\"$TRACE\",\"key\":\"${AWS_ACCESS_KEY_ID}\",\"event\":$EVENT}" > /dev/null
        done
        """;

    /// <summary>A zip with one executable file <c>bootstrap</c>.</summary>
    /// <param name="script">The script.</param>
    /// <returns>The zip bytes.</returns>
    public static byte[] BootstrapZip(string script = EchoBootstrap)
    {
        using var buffer = new MemoryStream();
        using (var zip = new ZipArchive(buffer, ZipArchiveMode.Create, leaveOpen: true))
        {
            var entry = zip.CreateEntry("bootstrap");
            entry.ExternalAttributes = Convert.ToInt32("100755", 8) << 16;
            entry.LastWriteTime = new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero); // same script, same bytes
            using var writer = new StreamWriter(entry.Open(), new UTF8Encoding(false));
            writer.Write(script.Replace("\r\n", "\n", StringComparison.Ordinal));
        }

        return buffer.ToArray();
    }

    /// <summary>A Lambda client pointed at the emulator.</summary>
    /// <param name="emulator">The emulator.</param>
    /// <returns>The client.</returns>
    public static AmazonLambdaClient Client(EmulatorFixture emulator) =>
        new(EmulatorFixture.Credentials, new AmazonLambdaConfig { ServiceURL = emulator.BaseUrl.ToString(), AuthenticationRegion = EmulatorFixture.Region });

    /// <summary>Creates a <c>provided.al2023</c> function running <paramref name="script"/>.</summary>
    /// <param name="lambda">The client.</param>
    /// <param name="name">The function name.</param>
    /// <param name="timeout">Seconds.</param>
    /// <param name="memory">MB.</param>
    /// <param name="script">The bootstrap.</param>
    /// <param name="role">The execution role's ARN (default: <c>test-function</c>, which may read any queue and stream).</param>
    /// <returns>The function ARN.</returns>
    public static async Task<string> CreateShellFunctionAsync(IAmazonLambda lambda, string name, int timeout = 10, int memory = 128, string script = EchoBootstrap, string? role = null)
    {
        var created = await lambda.CreateFunctionAsync(
            new CreateFunctionRequest
            {
                FunctionName = name,
                Runtime = "provided.al2023",
                Role = role ?? "arn:aws:iam::000000000000:role/test-function",
                Handler = "echo.handler",
                Timeout = timeout,
                MemorySize = memory,
                Code = new FunctionCode { ZipFile = new MemoryStream(BootstrapZip(script)) },
            },
            TestContext.Current.CancellationToken);
        return created.FunctionArn!;
    }

    /// <summary>Invokes synchronously with a JSON event and the log tail.</summary>
    /// <param name="lambda">The client.</param>
    /// <param name="name">The function.</param>
    /// <param name="payload">The event.</param>
    /// <returns>The response, its payload as JSON text and the decoded log tail.</returns>
    public static async Task<(InvokeResponse Response, string Payload, string Log)> InvokeAsync(IAmazonLambda lambda, string name, string payload)
    {
        var response = await lambda.InvokeAsync(new InvokeRequest { FunctionName = name, Payload = payload, LogType = "Tail" }, TestContext.Current.CancellationToken);
        var text = Encoding.UTF8.GetString(response.Payload!.ToArray());
        var log = response.LogResult is null ? string.Empty : Encoding.UTF8.GetString(Convert.FromBase64String(response.LogResult));
        return (response, text, log);
    }

    /// <summary>Unique function names per test run.</summary>
    /// <param name="prefix">A readable prefix.</param>
    /// <returns>The name.</returns>
    public static string Name(string prefix) => $"{prefix}-{Guid.NewGuid().ToString("N")[..10]}";
}

/// <summary>
/// An in-process handler attached to an emulator function, polling its Runtime API with our runtime client (the way
/// the local runtime attaches), until disposed.
/// </summary>
internal sealed class AttachedHandler : IAsyncDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private readonly List<Task> _loops = [];

    private AttachedHandler()
    {
    }

    /// <summary>The events received, in order of arrival.</summary>
    public List<JsonNode> Events { get; } = [];

    /// <summary>The trace header of each invocation, in order of arrival.</summary>
    public List<string?> Traces { get; } = [];

    /// <summary>Attaches and starts polling.</summary>
    /// <param name="emulator">The emulator's base URL.</param>
    /// <param name="function">The function name.</param>
    /// <param name="respond">Builds the answer (or throws to fail the invocation) from the event and the call count so far.</param>
    /// <param name="pollers">How many invocations may run at once.</param>
    /// <param name="collectOutput">Whether each invocation's console output is posted with its answer, as the local runtime does.</param>
    /// <returns>The attached handler.</returns>
    public static async Task<AttachedHandler> AttachAsync(Uri emulator, string function, Func<JsonNode, int, string> respond, int pollers = 1, bool collectOutput = false)
    {
        using var http = new HttpClient { BaseAddress = emulator };
        using var response = await http.PostAsync($"/_sesmail/lambda/runtimes/{EmulatorFixture.Region}/{function}", null, TestContext.Current.CancellationToken);
        response.EnsureSuccessStatusCode();
        var attachment = (await response.Content.ReadFromJsonAsync<JsonObject>(TestContext.Current.CancellationToken))!;
        var runtimeApi = attachment["RuntimeApi"]!.GetValue<string>();
        var handler = new AttachedHandler();
        for (var i = 0; i < pollers; i++)
        {
            handler._loops.Add(Task.Run(() => LambdaBootstrap.RunAsync(
                runtimeApi,
                input =>
                {
                    var node = JsonNode.Parse(input)!;
                    int count;
                    lock (handler.Events)
                    {
                        handler.Events.Add(node);
                        count = handler.Events.Count;
                    }

                    return Task.FromResult<Stream?>(new MemoryStream(Encoding.UTF8.GetBytes(respond(node, count))));
                },
                trace =>
                {
                    lock (handler.Events)
                    {
                        handler.Traces.Add(trace);
                    }
                },
                handler._stop.Token,
                collectOutput)));
        }

        return handler;
    }

    /// <summary>A snapshot of the events so far.</summary>
    /// <returns>The events.</returns>
    public List<JsonNode> Snapshot()
    {
        lock (Events)
        {
            return [.. Events];
        }
    }

    /// <summary>Waits until at least <paramref name="count"/> events arrived (or 60 s passed).</summary>
    /// <param name="count">The number wanted.</param>
    /// <returns>The events so far.</returns>
    public async Task<List<JsonNode>> WaitForAsync(int count)
    {
        for (var i = 0; i < 600 && Snapshot().Count < count; i++)
        {
            await Task.Delay(100, TestContext.Current.CancellationToken);
        }

        return Snapshot();
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        try
        {
            await Task.WhenAll(_loops);
        }
        catch (OperationCanceledException)
        {
        }

        _stop.Dispose();
    }
}
