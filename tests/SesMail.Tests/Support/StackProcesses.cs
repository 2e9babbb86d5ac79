using System.Collections.Concurrent;
using System.Diagnostics;

namespace SesMail.Tests.Support;

/// <summary>
/// The local stack as the separate processes a user runs — the emulator (<c>SesMail.Emulator.dll</c>) and the local
/// runtime (<c>SesMail.LocalRuntime.dll</c>, functions attached in its process) — started from their build output with
/// the environment the AppHost gives them, on fixed free loopback ports and one data folder, so that a test can kill
/// either with SIGKILL and start it again on the same state. Both stop (killed) on dispose; the folder is deleted.
/// </summary>
public sealed class StackProcesses : IAsyncDisposable
{
    private readonly ConcurrentQueue<string> _emulatorLog = new();
    private readonly ConcurrentQueue<string> _runtimeLog = new();
    private Process? _emulator;
    private Process? _runtime;

    /// <summary>Creates the stack (nothing started).</summary>
    /// <param name="environment">Extra emulator environment variables (e.g. <c>Emulator__EnforceIam</c>).</param>
    public StackProcesses(IReadOnlyDictionary<string, string>? environment = null)
    {
        EmulatorPort = LoopbackPort.Free();
        RuntimePort = LoopbackPort.Free();
        SmtpPort = LoopbackPort.Free();
        EmulatorEnvironment = environment ?? new Dictionary<string, string>();
    }

    /// <summary>The data folder both processes keep their state in (the emulator's <c>DataDirectory</c>, the stack file).</summary>
    public string DataDirectory { get; } = Path.Combine(Path.GetTempPath(), "sesmail-tests", "stack-" + Guid.NewGuid().ToString("N"));

    /// <summary>The emulator's port on 127.0.0.1.</summary>
    public int EmulatorPort { get; }

    /// <summary>The runtime's HTTP port (health) on 127.0.0.1.</summary>
    public int RuntimePort { get; }

    /// <summary>The SMTP edge's port on 127.0.0.1.</summary>
    public int SmtpPort { get; }

    /// <summary>The emulator's URL.</summary>
    public Uri EmulatorUrl => new($"http://127.0.0.1:{EmulatorPort}/");

    /// <summary>Extra environment variables of the emulator.</summary>
    public IReadOnlyDictionary<string, string> EmulatorEnvironment { get; }

    /// <summary>
    /// A folder to copy every output line of both processes to (<c>emulator.log</c>, <c>runtime.log</c>), from the
    /// environment variable <c>SESMAIL_STACK_LOGS</c>; <c>null</c> keeps only the last lines in memory. When it is set
    /// the data folder is kept too.
    /// </summary>
    public string? LogDirectory { get; } = Environment.GetEnvironmentVariable("SESMAIL_STACK_LOGS");

    /// <summary>Called with every output line of the runtime (the functions' log and metric lines among them), from its reader thread.</summary>
    public event Action<string>? RuntimeOutput;

    /// <summary>The emulator's last output lines (at most 400).</summary>
    public IReadOnlyList<string> EmulatorLog => [.. _emulatorLog];

    /// <summary>The runtime's last output lines (at most 400).</summary>
    public IReadOnlyList<string> RuntimeLog => [.. _runtimeLog];

    /// <summary>Where the build of this test run put a project's entry assembly (<c>src/{project}/bin/{configuration}/net10.0</c>).</summary>
    public static string EntryAssembly(string project)
    {
        var configuration = new DirectoryInfo(AppContext.BaseDirectory).Parent?.Name ?? "Debug";
        return Path.Combine(AotFunctionPackage.RepositoryRoot, "src", project, "bin", configuration, "net10.0", project + ".dll");
    }

    /// <summary>Starts the emulator and waits for its health endpoint.</summary>
    public async Task StartEmulatorAsync(CancellationToken cancellationToken)
    {
        var environment = new Dictionary<string, string>(EmulatorEnvironment)
        {
            ["Emulator__BindAddress"] = "127.0.0.1",
            ["Emulator__Port"] = EmulatorPort.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Emulator__DataDirectory"] = DataDirectory,
            ["Emulator__Persistence"] = "true",
            ["Emulator__DefaultRegion"] = "ap-southeast-2",
        };
        _emulator = Start("SesMail.Emulator", environment, _emulatorLog, "emulator.log");
        await WaitForAsync(new Uri(EmulatorUrl, "/_sesmail/health"), _emulator, "emulator", TimeSpan.FromSeconds(60), cancellationToken);
    }

    /// <summary>Starts the runtime (it deploys the stack into the emulator, seeds it and attaches the functions) and waits until it reports healthy.</summary>
    public async Task StartRuntimeAsync(CancellationToken cancellationToken)
    {
        var emulator = EmulatorUrl.ToString().TrimEnd('/');
        var environment = new Dictionary<string, string>
        {
            ["ASPNETCORE_URLS"] = $"http://127.0.0.1:{RuntimePort}",
            ["AWS_REGION"] = "ap-southeast-2",
            ["AWS_DEFAULT_REGION"] = "ap-southeast-2",
            ["AWS_ENDPOINT_URL"] = emulator,
            ["AWS_ACCESS_KEY_ID"] = "test",
            ["AWS_SECRET_ACCESS_KEY"] = "test",
            ["SesMail__Environment"] = "test",
            ["SesMail__Region"] = "ap-southeast-2",
            ["SesMail__TemplatePath"] = Path.Combine(AotFunctionPackage.RepositoryRoot, "src", "SesMail.Infrastructure", "template.yaml"),
            ["SesMail__StackFile"] = Path.Combine(DataDirectory, "stack-test.json"),
            ["SesMail__Smtp__BindAddress"] = "127.0.0.1",
            ["SesMail__Smtp__Port"] = SmtpPort.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["SesMail__Parameters__GmailApiBaseUrl"] = emulator,
            ["Logging__LogLevel__Default"] = "Warning",
            ["Logging__LogLevel__SesMail"] = "Information",
        };
        _runtime = Start("SesMail.LocalRuntime", environment, _runtimeLog, "runtime.log", line => RuntimeOutput?.Invoke(line));
        await WaitForAsync(new Uri($"http://127.0.0.1:{RuntimePort}/health"), _runtime, "runtime", TimeSpan.FromSeconds(240), cancellationToken);
    }

    /// <summary>Kills the emulator with SIGKILL (no shutdown, no final snapshot).</summary>
    public void KillEmulator() => Kill(ref _emulator);

    /// <summary>Kills the runtime with SIGKILL (in-flight invocations, SMTP sessions and all).</summary>
    public void KillRuntime() => Kill(ref _runtime);

    /// <summary>Whether the emulator process is running.</summary>
    public bool EmulatorRunning => _emulator is { HasExited: false };

    public async ValueTask DisposeAsync()
    {
        Kill(ref _runtime);
        Kill(ref _emulator);
        await Task.Delay(100, CancellationToken.None);
        if (LogDirectory is { Length: > 0 })
        {
            return; // kept for inspection beside the logs
        }

        TestFolders.DeleteQuietly(DataDirectory);
    }

    private Process Start(string project, Dictionary<string, string> environment, ConcurrentQueue<string> log, string logFile, Action<string>? observe = null)
    {
        StreamWriter? copy = null;
        if (LogDirectory is { Length: > 0 } folder)
        {
            Directory.CreateDirectory(folder);
            copy = new StreamWriter(Path.Combine(folder, logFile), append: true) { AutoFlush = true };
            copy.WriteLine($"==== {DateTime.UtcNow:O} start {project} (data {DataDirectory})");
        }

        var assembly = EntryAssembly(project);
        if (!File.Exists(assembly))
        {
            throw new InvalidOperationException($"{assembly} is missing: build the solution first (dotnet build SesMail.sln).");
        }

        Directory.CreateDirectory(DataDirectory);
        var start = new ProcessStartInfo("dotnet")
        {
            // Started from its own folder, as `dotnet SesMail.Emulator.dll` (its content root is then its build output).
            ArgumentList = { Path.GetFileName(assembly) },
            WorkingDirectory = Path.GetDirectoryName(assembly)!,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var (name, value) in environment)
        {
            start.Environment[name] = value;
        }

        start.Environment["DOTNET_NOLOGO"] = "1";
        var process = new Process { StartInfo = start };
        void Keep(object? sender, DataReceivedEventArgs line)
        {
            if (line.Data is { } text)
            {
                if (copy is not null)
                {
                    lock (copy)
                    {
                        copy.WriteLine($"{DateTime.UtcNow:HH:mm:ss.fff} {text}");
                    }
                }

                observe?.Invoke(text);
                log.Enqueue(text);
                while (log.Count > 400 && log.TryDequeue(out _))
                {
                }
            }
        }

        process.OutputDataReceived += Keep;
        process.ErrorDataReceived += Keep;
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    private static void Kill(ref Process? process)
    {
        var running = Interlocked.Exchange(ref process, null);
        if (running is null)
        {
            return;
        }

        try
        {
            if (!running.HasExited)
            {
                running.Kill(); // SIGKILL on Unix
                running.WaitForExit(10_000);
            }
        }
        catch (InvalidOperationException)
        {
            // exited meanwhile
        }
        finally
        {
            running.Dispose();
        }
    }

    private static async Task WaitForAsync(Uri health, Process process, string name, TimeSpan timeout, CancellationToken cancellationToken)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline)
        {
            if (process.HasExited)
            {
                throw new InvalidOperationException($"The {name} exited with code {process.ExitCode} before it was healthy.");
            }

            try
            {
                using var response = await http.GetAsync(health, cancellationToken);
                if (response.IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
            }
            catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
            }

            await Task.Delay(100, cancellationToken);
        }

        throw new TimeoutException($"The {name} was not healthy at {health} within {timeout.TotalSeconds:0} s.");
    }
}
