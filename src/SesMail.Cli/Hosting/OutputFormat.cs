namespace SesMail.Cli.Hosting;

/// <summary>How a command writes its result.</summary>
internal enum OutputFormat
{
    /// <summary>Tables and text for people (Spectre.Console).</summary>
    Table,

    /// <summary>One JSON document on standard output, for scripts.</summary>
    Json,
}
