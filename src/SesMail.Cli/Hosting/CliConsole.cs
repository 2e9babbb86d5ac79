using Spectre.Console;

namespace SesMail.Cli.Hosting;

/// <summary>Where a command writes: rich output for people, plain writers for JSON/raw bytes and for errors.</summary>
/// <param name="Ansi">Tables, progress bars and coloured text.</param>
/// <param name="Out">Standard output for JSON documents and raw message bytes.</param>
/// <param name="Error">Standard error for error messages and hints.</param>
/// <param name="RawOut">Standard output as a byte stream (for <c>mail get --raw</c>).</param>
internal sealed record CliConsole(IAnsiConsole Ansi, TextWriter Out, TextWriter Error, Func<Stream> RawOut)
{
    /// <summary>The process console.</summary>
    /// <remarks>Piped output gets 200 columns, not Spectre's 80, so tables of addresses are not broken mid-word.</remarks>
    public static CliConsole System
    {
        get
        {
            var ansi = AnsiConsole.Console;
            if (Console.IsOutputRedirected)
            {
                ansi.Profile.Width = 200;
            }

            return new(ansi, Console.Out, Console.Error, Console.OpenStandardOutput);
        }
    }

    /// <summary>A console that records everything as plain text (tests).</summary>
    public static CliConsole ForText(StringWriter output, StringWriter error, MemoryStream? raw = null)
    {
        var ansi = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Ansi = AnsiSupport.No,
            ColorSystem = ColorSystemSupport.NoColors,
            Interactive = InteractionSupport.No,
            Out = new AnsiConsoleOutput(output),
        });
        ansi.Profile.Width = 200;
        return new CliConsole(ansi, output, error, () => raw ?? new MemoryStream());
    }
}
