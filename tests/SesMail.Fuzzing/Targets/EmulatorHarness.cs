using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using SesMail.Emulator.Hosting;
using SesMail.Emulator.Protocols;

namespace SesMail.Fuzzing.Targets;

/// <summary>
/// The emulator's request pipeline in-process, without a socket: requests go to <see cref="AwsRequestDispatcher"/> as
/// Kestrel would hand them over. A finding is any request the dispatcher had to answer with its catch-all
/// (<c>500 InternalFailure</c>, S3's <c>500 InternalError</c>, logged as an unexpected failure), an exception escaping it, or an error response
/// without the protocol's error shape.
/// </summary>
internal sealed class EmulatorHarness : IDisposable
{
    private static readonly Lazy<EmulatorHarness> Instance = new(() => new EmulatorHarness());
    private readonly ErrorLog _errors = new();
    private ServiceProvider _provider;
    private AwsRequestDispatcher _dispatcher;
    private int _requests;

    private EmulatorHarness()
    {
        (_provider, _dispatcher) = Build();
    }

    /// <summary>One emulator per process, shared by the emulator targets.</summary>
    public static EmulatorHarness Shared => Instance.Value;

    /// <summary>State is wiped every so many requests, so that a long run neither fills the disk nor slows down.</summary>
    public int ResetEvery { get; set; } = 20_000;

    /// <summary>Runs once after each (re)start: create the bucket, table and queue the targets aim at.</summary>
    public event Action<EmulatorHarness>? Started;

    private static string DataDirectory => Path.Combine(Path.GetTempPath(), $"sesmail-fuzz-emulator-{Environment.ProcessId}");

    /// <summary>Sends one request and checks the answer's shape.</summary>
    /// <returns>The status and body.</returns>
    public (int Status, string Body) Send(string method, string pathAndQuery, IEnumerable<KeyValuePair<string, string>> headers, byte[] body)
    {
        if (++_requests % ResetEvery == 0)
        {
            Restart();
        }

        var http = new DefaultHttpContext();
        http.Request.Method = method;
        http.Request.Scheme = "http";
        http.Request.Host = new HostString("127.0.0.1", 4566);
        var query = pathAndQuery.IndexOf('?', StringComparison.Ordinal);
        var path = query < 0 ? pathAndQuery : pathAndQuery[..query];
        try
        {
            http.Request.Path = PathString.FromUriComponent(path.StartsWith('/') ? path : "/" + path);
        }
        catch (InvalidOperationException)
        {
            return (400, string.Empty); // Kestrel answers 400 to a path that decodes to NUL before any middleware runs.
        }

        http.Request.QueryString = query < 0 ? QueryString.Empty : new QueryString(pathAndQuery[query..]);
        foreach (var (name, value) in headers)
        {
            // Kestrel passes on only header names that are tokens and values without control characters (RFC 9110 §5).
            if (name.Length > 0 && name.All(IsTokenChar) && !value.Any(c => c < 0x20 && c != '\t' || c == 0x7f))
            {
                http.Request.Headers.Append(name, value);
            }
        }

        http.Request.Body = new MemoryStream(body, writable: false);
        http.Request.ContentLength = body.Length;
        var response = new MemoryStream();
        http.Response.Body = response;
        _errors.Clear();
        try
        {
            _dispatcher.DispatchAsync(http).GetAwaiter().GetResult();
        }
        catch (Exception error)
        {
            throw new FuzzFinding($"{method} {pathAndQuery}: an exception escaped the dispatcher", error);
        }

        var text = Encoding.UTF8.GetString(response.ToArray());
        if (_errors.First is { } logged)
        {
            throw new FuzzFinding($"{method} {pathAndQuery}: answered {http.Response.StatusCode} after an unexpected failure: {logged}");
        }

        if (http.Response.StatusCode >= 500 && (text.Contains("InternalFailure", StringComparison.Ordinal) || text.Contains("<Code>InternalError</Code>", StringComparison.Ordinal)))
        {
            throw new FuzzFinding($"{method} {pathAndQuery}: 500 after an unexpected failure: {text}");
        }

        if (http.Response.StatusCode >= 400 && !HttpMethods.IsHead(method) && !(text.Contains("<Code>", StringComparison.Ordinal) || text.Contains("\"__type\"", StringComparison.Ordinal)))
        {
            throw new FuzzFinding($"{method} {pathAndQuery}: error {http.Response.StatusCode} without an AWS error body: {text}");
        }

        return (http.Response.StatusCode, text);
    }

    /// <summary>A JSON-protocol request (<c>X-Amz-Target</c>).</summary>
    public (int Status, string Body) Json(string target, string body) =>
        Send("POST", "/", [new("X-Amz-Target", target), new("Content-Type", "application/x-amz-json-1.0")], Encoding.UTF8.GetBytes(body));

    public void Dispose() => _provider.Dispose();

    private static bool IsTokenChar(char c) => c is > ' ' and < (char)0x7f && "\"(),/:;<=>?@[\\]{}".IndexOf(c, StringComparison.Ordinal) < 0;

    private (ServiceProvider, AwsRequestDispatcher) Build()
    {
        if (Directory.Exists(DataDirectory))
        {
            Directory.Delete(DataDirectory, recursive: true);
        }

        Directory.CreateDirectory(DataDirectory);
        var options = new EmulatorOptions { Port = 0, DataDirectory = DataDirectory, Persistence = false, DefaultRegion = "ap-southeast-2" };
        var services = new ServiceCollection();
        services.AddLogging(b => b.ClearProviders().SetMinimumLevel(LogLevel.Error).AddProvider(_errors));
        services.AddEmulator(options);
        var provider = services.BuildServiceProvider();
        provider.GetRequiredService<SesMail.Emulator.Persistence.EmulatorPersistence>().Load();
        return (provider, provider.GetRequiredService<AwsRequestDispatcher>());
    }

    private void Restart()
    {
        _provider.Dispose();
        (_provider, _dispatcher) = Build();
        Started?.Invoke(this);
    }

    /// <summary>Error-level log entries with an exception: the dispatcher's "unexpected failure" and its kin.</summary>
    private sealed class ErrorLog : ILoggerProvider, ILogger
    {
        private string? _first;

        public string? First => _first;

        public void Clear() => _first = null;

        public ILogger CreateLogger(string categoryName) => this;

        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Error;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (logLevel >= LogLevel.Error && exception is not null)
            {
                _first ??= $"{formatter(state, exception)}: {exception}";
            }
        }

        public void Dispose()
        {
        }
    }
}
