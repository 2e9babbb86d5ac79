namespace SesMail.Emulator.Hosting;

/// <summary>
/// Settings of one emulator process, bound from the configuration section <c>Emulator</c>
/// (for example <c>--Emulator:Port=4566</c> or the environment variable <c>Emulator__Port</c>).
/// </summary>
public sealed class EmulatorOptions
{
    /// <summary>The configuration section these options are bound from.</summary>
    public const string SectionName = "Emulator";

    /// <summary>Address the HTTP listener binds to. Loopback unless told otherwise.</summary>
    public string BindAddress { get; set; } = "127.0.0.1";

    /// <summary>TCP port of the HTTP listener; <c>0</c> picks a free port (tests).</summary>
    public int Port { get; set; } = 4566;

    /// <summary>
    /// Folder where durable state lives (S3 objects, KMS key material, Gmail maildirs).
    /// Relative paths are resolved against the current directory. Default <c>.sesmail/emulator</c>.
    /// </summary>
    public string DataDirectory { get; set; } = Path.Combine(".sesmail", "emulator");

    /// <summary>The AWS account id every resource belongs to (12 digits).</summary>
    public string AccountId { get; set; } = "000000000000";

    /// <summary>Region used when a request carries no SigV4 credential scope.</summary>
    public string DefaultRegion { get; set; } = "us-east-1";
}
