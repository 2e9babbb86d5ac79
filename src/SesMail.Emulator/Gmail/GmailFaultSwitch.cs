namespace SesMail.Emulator.Gmail;

/// <summary>
/// Answers the next N Gmail API calls (paths under <c>/gmail/v1/</c> and <c>/upload/gmail/v1/</c>, not the token
/// endpoint or the control endpoints) with an injected error, e.g. <c>429</c> with <c>Retry-After</c> or <c>503</c>.
/// </summary>
internal sealed class GmailFaultSwitch
{
    private readonly Lock _gate = new();
    private GmailFaultRequest? _fault;
    private int _remaining;

    /// <summary>Calls still to be failed.</summary>
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
    /// <exception cref="ArgumentOutOfRangeException">Status outside 400–599 or a negative count.</exception>
    public void Set(GmailFaultRequest fault)
    {
        if (fault.Status is < 400 or > 599)
        {
            throw new ArgumentOutOfRangeException(nameof(fault), "status must be an HTTP error status between 400 and 599.");
        }

        if (fault.Count < 0 || fault.RetryAfterSeconds < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(fault), "count and retryAfterSeconds must not be negative.");
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

    /// <summary>Throws the injected error when calls remain to be failed, counting this call.</summary>
    /// <exception cref="GmailApiException">The injected error.</exception>
    public void ThrowIfFaulted()
    {
        GmailFaultRequest? fault;
        lock (_gate)
        {
            if (_remaining <= 0 || _fault is null)
            {
                return;
            }

            _remaining--;
            fault = _fault;
        }

        throw GmailApiException.Injected(fault.Status, fault.RetryAfterSeconds, fault.Reason);
    }
}
