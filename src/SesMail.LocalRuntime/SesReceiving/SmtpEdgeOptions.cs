namespace SesMail.LocalRuntime.SesReceiving;

/// <summary>
/// Settings of the SES receiving edge, bound from <c>SesMail:Smtp</c> (e.g. <c>SesMail:Smtp:Port=2525</c>).
/// </summary>
public sealed class SmtpEdgeOptions
{
    /// <summary>The configuration section.</summary>
    public const string SectionName = "SesMail:Smtp";

    /// <summary>SES's receiving limit: 40 MB including headers (https://docs.aws.amazon.com/ses/latest/dg/quotas.html, "Email receiving quotas").</summary>
    public const int SesMaxMessageSize = 40 * 1024 * 1024;

    /// <summary>SES's limit of recipients per received message: 50 (https://docs.aws.amazon.com/ses/latest/dg/quotas.html, "Email receiving quotas").</summary>
    public const int SesMaxRecipients = 50;

    /// <summary>Address the SMTP listener binds to; loopback unless told otherwise.</summary>
    public string BindAddress { get; set; } = "127.0.0.1";

    /// <summary>TCP port; <c>0</c> picks a free port (tests).</summary>
    public int Port { get; set; } = 2525;

    /// <summary>Whether the edge runs at all.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>The SES region whose active receipt rule set applies (defaults to <c>SesMail:Region</c>, else ap-southeast-2).</summary>
    public string? Region { get; set; }

    /// <summary>Host name in the greeting and in <c>Received</c>; default <c>inbound-smtp.{region}.amazonaws.com</c>.</summary>
    public string? ServerName { get; set; }

    /// <summary>Maximum message size in bytes (SIZE); larger mail gets 552.</summary>
    public int MaxMessageSize { get; set; } = SesMaxMessageSize;

    /// <summary>Maximum recipients per message; more get 452 4.5.3.</summary>
    public int MaxRecipients { get; set; } = SesMaxRecipients;

    /// <summary>
    /// Maximum SMTP connections open at once; one more is answered <c>421 4.7.0 … Too many connections</c> and closed
    /// before its session starts (RFC 5321 §3.8, §4.5.3.2). Default 100. Each connection may buffer up to
    /// <see cref="MaxMessageSize"/> while it receives DATA, so this bounds the edge's memory.
    /// </summary>
    public int MaxConnections { get; set; } = 100;

    /// <summary>
    /// Maximum commands one connection may issue in any minute; the next gets <c>421 4.7.0 … Too many commands</c>
    /// and the connection is closed (the rate limit Postfix calls <c>smtpd_client_event_limit_exceeded</c>). Default
    /// 60,000 (1,000 a second): a message takes three commands, so one connection of a load test sending 50 messages a
    /// second stays far below it, while a client flooding commands is still cut off. (It was 600, which closed the
    /// connections of any <c>sesmail load</c> run sending over about 200 messages a minute on each.)
    /// </summary>
    public int MaxCommandsPerMinute { get; set; } = 60_000;

    /// <summary>
    /// Maximum length in octets of one line (a command, or a line of DATA) before its CRLF. A longer line is answered
    /// <c>500 5.5.2 Line too long</c> and the connection closed, without buffering the rest. RFC 5321 §4.5.3.1.4–6 give
    /// 512 (commands) and 1000 (text) as the minimum a server must accept; the default, 64 KiB, takes real-world mail
    /// that exceeds 1000 while keeping a line without end from filling memory.
    /// </summary>
    public int MaxLineLength { get; set; } = 64 * 1024;

    /// <summary>
    /// Flow control: while the pipeline's working queues (the sources of its pipe and event source mappings) hold this
    /// many messages or more, each new transaction's <c>MAIL FROM</c> waits (up to <see cref="InFlowDelay"/>) for the
    /// backlog to drop, so mail is not accepted faster than it is delivered for long. Default 500; <c>0</c> turns flow
    /// control off (docs/DELIVERY.md, "When mail arrives faster than it is delivered").
    /// </summary>
    public int BacklogLimit { get; set; } = 500;

    /// <summary>
    /// The longest a <c>MAIL FROM</c> waits while the backlog is at <see cref="BacklogLimit"/>; it is then accepted
    /// anyway (Postfix's <c>in_flow_delay</c>, whose default is also 1 s).
    /// </summary>
    public TimeSpan InFlowDelay { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Whether STARTTLS is offered, with a self-signed certificate generated at start.</summary>
    public bool StartTls { get; set; } = true;

    /// <summary>How often the active receipt rule set is re-read through SES.</summary>
    public TimeSpan RuleRefreshInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>DNS for SPF, DKIM and DMARC: <c>system</c> (the machine's resolvers), <c>zone</c> (answers only from
    /// <see cref="DnsZoneFile"/>) or <c>offline</c> (every lookup fails: verdicts GRAY/PROCESSING_FAILED).</summary>
    public string DnsMode { get; set; } = "system";

    /// <summary>For <see cref="DnsMode"/> <c>zone</c>: a file of lines <c>name TYPE value</c> (A, AAAA, MX, TXT, PTR).</summary>
    public string? DnsZoneFile { get; set; }

    /// <summary>Per-query DNS timeout for <c>system</c> mode.</summary>
    public TimeSpan DnsTimeout { get; set; } = TimeSpan.FromSeconds(2);
}
