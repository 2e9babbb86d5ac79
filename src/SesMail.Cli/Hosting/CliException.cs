namespace SesMail.Cli.Hosting;

/// <summary>A failure the user can act on: what went wrong, and what to do about it.</summary>
internal sealed class CliException : Exception
{
    public CliException(string message, string? hint = null, int exitCode = 1, Exception? innerException = null)
        : base(message, innerException)
    {
        Hint = hint;
        ExitCode = exitCode;
    }

    public CliException()
        : this("sesmail failed")
    {
    }

    public CliException(string message)
        : this(message, hint: null)
    {
    }

    public CliException(string message, Exception innerException)
        : this(message, null, 1, innerException)
    {
    }

    /// <summary>What to do next, or null.</summary>
    public string? Hint { get; }

    /// <summary>The process exit code (1 for failures).</summary>
    public int ExitCode { get; }
}
