namespace SesMail.Emulator.Gmail;

/// <summary>
/// Disturbs the next N Gmail API calls (paths under <c>/gmail/v1/</c> and <c>/upload/gmail/v1/</c>, not the token
/// endpoint or the control endpoints), or only those of some methods: an error answer (e.g. <c>429</c> with
/// <c>Retry-After</c>, <c>503</c>), a late answer, a broken connection instead of an answer, a slowly read upload — each
/// either before the call does its work or after it (the import is stored, but the caller does not learn it: the
/// case the forwarder's <c>rfc822msgid:</c> check exists for).
/// </summary>
internal sealed class GmailFaultSwitch
{
    /// <summary>The methods a fault can be limited to: <c>users.messages.{import,insert,list,get}</c> and <c>users.labels.list</c>.</summary>
    public static readonly IReadOnlySet<string> Methods = new HashSet<string>(StringComparer.Ordinal) { "import", "insert", "list", "get", "labels" };

    private readonly Lock _gate = new();
    private GmailFaultRequest? _fault;
    private int _remaining;

    /// <summary>Calls still to be disturbed.</summary>
    public int Remaining
    {
        get
        {
            lock (_gate)
            {
                return _remaining;
            }
        }
    }

    /// <summary>The status being injected, or <c>null</c>.</summary>
    public int? Status
    {
        get
        {
            lock (_gate)
            {
                return _remaining > 0 ? _fault?.Status : null;
            }
        }
    }

    /// <summary>Replaces the current fault.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A status outside 400–599, a negative count or delay, a rate below 1, an unknown method, or a fault that disturbs nothing.</exception>
    public void Set(GmailFaultRequest fault)
    {
        if (fault.Status is { } status and (< 400 or > 599))
        {
            throw new ArgumentOutOfRangeException(null, "status must be an HTTP error status between 400 and 599.");
        }

        if (fault.Count < 0 || fault.RetryAfterSeconds < 0 || fault.DelayMilliseconds < 0)
        {
            throw new ArgumentOutOfRangeException(null, "count, retryAfterSeconds and delayMs must not be negative.");
        }

        if (fault.UploadBytesPerSecond is < 1)
        {
            throw new ArgumentOutOfRangeException(null, "uploadBytesPerSecond must be at least 1.");
        }

        if (fault.Methods?.FirstOrDefault(m => !Methods.Contains(m)) is { } unknown)
        {
            throw new ArgumentOutOfRangeException(null, $"methods: {unknown} is not one of {string.Join(", ", Methods.Order(StringComparer.Ordinal))}.");
        }

        if (fault.Status is null && !fault.Abort && fault.DelayMilliseconds is null or 0 && fault.UploadBytesPerSecond is null)
        {
            throw new ArgumentOutOfRangeException(null, "a fault needs status, abort, delayMs or uploadBytesPerSecond.");
        }

        if (fault.Status is not null && fault.Abort)
        {
            throw new ArgumentOutOfRangeException(null, "status and abort exclude each other: a broken connection has no status.");
        }

        lock (_gate)
        {
            _fault = fault;
            _remaining = fault.Count;
        }
    }

    /// <summary>Clears the fault.</summary>
    public void Clear()
    {
        lock (_gate)
        {
            _fault = null;
            _remaining = 0;
        }
    }

    /// <summary>Takes the fault for this call of <paramref name="method"/>, counting it, or <c>null</c> when it is left alone.</summary>
    /// <param name="method">One of <see cref="Methods"/>.</param>
    /// <returns>The fault to apply.</returns>
    public GmailFaultRequest? Take(string method)
    {
        lock (_gate)
        {
            if (_remaining <= 0 || _fault is null || (_fault.Methods is { Count: > 0 } only && !only.Contains(method, StringComparer.Ordinal)))
            {
                return null;
            }

            _remaining--;
            return _fault;
        }
    }
}
