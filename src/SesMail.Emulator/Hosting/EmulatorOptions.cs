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
    /// Folder where durable state lives: S3 objects, KMS key material, Gmail maildirs, the SES outbox, and (with
    /// <see cref="Persistence"/> on) one <c>state.json</c> snapshot per service under <c>sqs/</c>, <c>sns/</c>,
    /// <c>ssm/</c>, <c>dynamodb/</c>, <c>events/</c>, <c>ses/</c>, <c>logs/</c> and <c>cloudwatch/</c>. Relative paths are resolved against the current
    /// directory. Default <c>.sesmail/emulator</c>. To start from scratch, stop the emulator and delete this folder.
    /// </summary>
    public string DataDirectory { get; set; } = Path.Combine(".sesmail", "emulator");

    /// <summary>
    /// Whether SQS (queues and messages), SNS, SSM Parameter Store, DynamoDB (tables and items), EventBridge, SES
    /// (identities, receipt rule sets), CloudWatch Logs (bounded) and CloudWatch (metrics, alarms, dashboards) survive a restart: their state is restored from
    /// <c>{DataDirectory}/{service}/state.json</c> at start and written there within a fraction of a second of each
    /// change and at shutdown. Bound from <c>Emulator:Persistence</c> (environment <c>Emulator__Persistence</c>);
    /// default <c>true</c>. When <c>false</c> those services start empty and nothing is read or written for them
    /// (S3, KMS, the Gmail stand-in and the SES outbox are always on disk). An unreadable snapshot is renamed
    /// <c>state.json.corrupt-{timestamp}</c> with a warning in the log, and that service starts empty.
    /// </summary>
    public bool Persistence { get; set; } = true;

    /// <summary>
    /// Whether requests are authorized with IAM policies (docs/SECURITY.md): a caller using an access key the emulator
    /// issued (an IAM user's <c>AKIA…</c> key, or <c>ASIA…</c> credentials from STS) is allowed only what its policies and
    /// the resource's policy allow, and is refused with the service's own <c>AccessDenied</c> error otherwise. Root
    /// credentials (<c>test</c>/<c>test</c>, any key the emulator did not issue, unsigned requests) are always allowed.
    /// Bound from <c>Emulator:EnforceIam</c> (environment <c>Emulator__EnforceIam</c>); default <c>true</c>. When
    /// <c>false</c> every request is allowed and no signature is checked, but callers are still told apart
    /// (<c>sts get-caller-identity</c> answers for the key that signed).
    /// </summary>
    public bool EnforceIam { get; set; } = true;

    /// <summary>
    /// Largest body, in bytes, of a request to a JSON (<c>X-Amz-Target</c>) or Query (<c>Action=</c>) service; a larger
    /// one is refused with HTTP 413 <c>RequestEntityTooLarge</c> in the caller's protocol, before it is buffered.
    /// Default 16 MiB, DynamoDB's limit for one HTTP request (BatchWriteItem), the largest of the emulated JSON and
    /// Query services (https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/ServiceQuotas.html). S3 bodies
    /// have S3's own limits (<c>EntityTooLarge</c>). Bound from <c>Emulator:MaxRequestBodySize</c>.
    /// </summary>
    public long MaxRequestBodySize { get; set; } = 16 * 1024 * 1024;

    /// <summary>The AWS account id every resource belongs to (12 digits).</summary>
    public string AccountId { get; set; } = "000000000000";

    /// <summary>
    /// How many execution environments one Lambda function may run at once (out of process); beyond it synchronous
    /// invocations are throttled with <c>TooManyRequestsException</c>. Bound from <c>Emulator:LambdaConcurrencyLimit</c>;
    /// default 10 (AWS's account default is 1000; a laptop has fewer cores).
    /// </summary>
    public int LambdaConcurrencyLimit { get; set; } = 10;

    /// <summary>
    /// SES sending quota: the most recipients all sends of a region may have in any 24 hours (<c>Max24HourSend</c> of
    /// <c>GetSendQuota</c>); beyond it sends are refused with <c>Throttling</c> "Daily message quota exceeded." (SMTP
    /// <c>454</c>). Bound from <c>Emulator:SesMax24HourSend</c>; default 50,000 (SES's usual first production quota).
    /// </summary>
    public double SesMax24HourSend { get; set; } = 50_000;

    /// <summary>
    /// SES maximum send rate: recipients per second per region (<c>MaxSendRate</c>); beyond it sends are refused with
    /// <c>Throttling</c> "Maximum sending rate exceeded." (SMTP <c>454</c>) and the client retries. Bound from
    /// <c>Emulator:SesMaxSendRate</c>; default 14 (SES's usual first production rate).
    /// </summary>
    public double SesMaxSendRate { get; set; } = 14;

    /// <summary>
    /// Port of the local SES SMTP sending endpoint with STARTTLS (the counterpart of
    /// <c>email-smtp.{region}.amazonaws.com:587</c>, docs/SENDING.md). <c>null</c> (the default) means 2587, or a free port
    /// when <see cref="Port"/> is 0 (tests); 0 picks a free port; -1 turns the endpoint off. Bound from <c>Emulator:SesSmtpPort</c>.
    /// </summary>
    public int? SesSmtpPort { get; set; }

    /// <summary>
    /// Port of the local SES SMTP sending endpoint with implicit TLS (the counterpart of port 465). <c>null</c> (the default)
    /// means 2465, or a free port when <see cref="Port"/> is 0; 0 picks a free port; -1 turns it off. Bound from
    /// <c>Emulator:SesSmtpTlsPort</c>.
    /// </summary>
    public int? SesSmtpTlsPort { get; set; }

    /// <summary>Region used when a request carries no SigV4 credential scope.</summary>
    public string DefaultRegion { get; set; } = "us-east-1";
}
