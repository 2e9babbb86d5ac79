using System.CommandLine;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace SesMail.Cli.Hosting;

/// <summary>Everything one command invocation needs: settings, console, clients.</summary>
internal sealed class CliRun : IDisposable
{
    private HttpClient? _http;
    private StackNames? _names;

    public CliRun(CliSettings settings, CliConsole console)
    {
        Settings = settings;
        Console = console;
        Aws = new AwsClients(settings);
    }

    public CliSettings Settings { get; }

    public CliConsole Console { get; }

    public AwsClients Aws { get; }

    /// <summary>An HTTP client for the emulator's own endpoints (the Gmail stand-in).</summary>
    public HttpClient Http => _http ??= new HttpClient { Timeout = TimeSpan.FromSeconds(60) };

    public bool Json => Settings.Output == OutputFormat.Json;

    /// <summary>The stack's resource names, from its outputs (read once per command; see <see cref="StackOutputs"/>).</summary>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The names.</returns>
    /// <exception cref="CliException">No stack file or stack was found, or it lacks an output.</exception>
    public async Task<StackNames> NamesAsync(CancellationToken cancellationToken) =>
        _names ??= await StackOutputs.ReadAsync(Settings, () => Aws.CloudFormation, cancellationToken).ConfigureAwait(false);

    /// <summary>
    /// Writes one indented JSON document to standard output. Only what JSON requires is escaped, so addresses such as
    /// <c>&lt;id@host&gt;</c> read as they are (the default encoder would write <c>\u003C</c>, meant for HTML pages).
    /// </summary>
    public void WriteJson<T>(T value, JsonTypeInfo<T> typeInfo)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            JsonSerializer.Serialize(writer, value, typeInfo);
        }

        Console.Out.WriteLine(Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length));
        Console.Out.Flush();
    }

    public void Dispose()
    {
        Aws.Dispose();
        _http?.Dispose();
    }

    /// <summary>Binds a command to an action that gets a <see cref="CliRun"/>; errors become a message, a hint and an exit code.</summary>
    public static void Bind(Command command, GlobalOptions global, CliConsole console, Func<ParseResult, CliRun, CancellationToken, Task<int>> action)
    {
        command.SetAction(async (result, cancellationToken) =>
        {
            CliSettings? settings = null;
            try
            {
                settings = global.Read(result, System.Environment.GetEnvironmentVariable("AWS_ENDPOINT_URL"));
                using var run = new CliRun(settings, console);
                return await action(result, run, cancellationToken).ConfigureAwait(false);
            }
#pragma warning disable CA1031 // every failure becomes a message for the user
            catch (Exception exception)
#pragma warning restore CA1031
            {
                var error = ErrorTranslator.Translate(exception, settings);
                console.Error.WriteLine($"error: {error.Message}");
                if (error.Hint is not null)
                {
                    console.Error.WriteLine($"hint: {error.Hint}");
                }

                if (System.Environment.GetEnvironmentVariable("SESMAIL_DEBUG") == "1" && error.InnerException is not null)
                {
                    console.Error.WriteLine(error.InnerException.ToString());
                }

                console.Error.Flush();
                return error.ExitCode;
            }
        });
    }
}
