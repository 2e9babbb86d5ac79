using System.Net;
using ARSoft.Tools.Net;
using ARSoft.Tools.Net.Dns;

namespace SesMail.LocalRuntime.SesReceiving.Authentication;

/// <summary>
/// A DNS resolver answering only from a local zone: lines <c>name TYPE value</c> with TYPE one of <c>A</c>,
/// <c>AAAA</c>, <c>MX</c> (<c>10 mx.example.test</c>), <c>TXT</c> (quoted or bare), <c>PTR</c>; <c>#</c> starts a comment.
/// Names not in the zone answer empty (NXDOMAIN). Used by tests and by <c>SesMail:Smtp:DnsMode=zone</c>.
/// </summary>
internal sealed class LocalZoneDnsResolver : IDnsResolver
{
    private const int Ttl = 300;
    private readonly List<DnsRecordBase> _records = [];
    private readonly Lock _gate = new();

    /// <summary>Parses zone text.</summary>
    /// <exception cref="FormatException">A line is not <c>name TYPE value</c> or its value is invalid; the message names the line.</exception>
    public static LocalZoneDnsResolver Parse(string zone)
    {
        var resolver = new LocalZoneDnsResolver();
        var number = 0;
        foreach (var rawLine in zone.Split('\n'))
        {
            number++;
            var line = rawLine.Trim();
            if (line.Length == 0 || line.StartsWith('#') || line.StartsWith(';'))
            {
                continue;
            }

            var parts = line.Split((char[]?)null, 3, StringSplitOptions.RemoveEmptyEntries);
            if (parts.Length < 3)
            {
                throw new FormatException($"DNS zone line {number}: expected 'name TYPE value', got '{line}'.");
            }

            try
            {
                resolver.Add(parts[0], parts[1], parts[2]);
            }
            catch (Exception error) when (error is FormatException or ArgumentException)
            {
                throw new FormatException($"DNS zone line {number}: {error.Message}", error);
            }
        }

        return resolver;
    }

    /// <summary>Adds one record.</summary>
    /// <exception cref="FormatException">The type is not supported or the value is invalid.</exception>
    public LocalZoneDnsResolver Add(string name, string type, string value)
    {
        var owner = DomainName.Parse(name.TrimEnd('.'));
        DnsRecordBase record = type.ToUpperInvariant() switch
        {
            "A" => new ARecord(owner, Ttl, IPAddress.Parse(value)),
            "AAAA" => new AaaaRecord(owner, Ttl, IPAddress.Parse(value)),
            "MX" => Mx(owner, value),
            "TXT" => new TxtRecord(owner, Ttl, Unquote(value)),
            "PTR" => new PtrRecord(owner, Ttl, DomainName.Parse(value.TrimEnd('.'))),
            _ => throw new FormatException($"record type '{type}' is not supported (use A, AAAA, MX, TXT or PTR)."),
        };
        lock (_gate)
        {
            _records.Add(record);
        }

        return this;
    }

    public List<T> Resolve<T>(DomainName name, RecordType recordType = RecordType.A, RecordClass recordClass = RecordClass.INet)
        where T : DnsRecordBase
    {
        lock (_gate)
        {
            return [.. _records.Where(r => r.RecordType == recordType && r.Name.Equals(name, ignoreCase: true)).OfType<T>()];
        }
    }

    public Task<List<T>> ResolveAsync<T>(DomainName name, RecordType recordType = RecordType.A, RecordClass recordClass = RecordClass.INet, CancellationToken token = default)
        where T : DnsRecordBase =>
        Task.FromResult(Resolve<T>(name, recordType, recordClass));

    public void ClearCache()
    {
    }

    public void Dispose()
    {
    }

    private static MxRecord Mx(DomainName owner, string value)
    {
        var parts = value.Split(' ', 2, StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        return parts.Length == 2 && ushort.TryParse(parts[0], System.Globalization.CultureInfo.InvariantCulture, out var preference)
            ? new MxRecord(owner, Ttl, preference, DomainName.Parse(parts[1].TrimEnd('.')))
            : throw new FormatException($"MX value '{value}' must be 'preference exchange'.");
    }

    private static string Unquote(string value)
    {
        value = value.Trim();
        if (!value.StartsWith('"'))
        {
            return value;
        }

        // "part one" "part two" → concatenated, as TXT character-strings are.
        var text = new System.Text.StringBuilder();
        var inside = false;
        foreach (var c in value)
        {
            if (c == '"')
            {
                inside = !inside;
            }
            else if (inside)
            {
                text.Append(c);
            }
        }

        return text.ToString();
    }
}

/// <summary>A resolver for a machine without DNS: every lookup fails, so verdicts become GRAY or PROCESSING_FAILED.</summary>
internal sealed class OfflineDnsResolver : IDnsResolver
{
    public List<T> Resolve<T>(DomainName name, RecordType recordType = RecordType.A, RecordClass recordClass = RecordClass.INet)
        where T : DnsRecordBase =>
        throw new DnsLookupException($"DNS is offline (SesMail:Smtp:DnsMode=offline); cannot resolve {name} {recordType}.");

    public Task<List<T>> ResolveAsync<T>(DomainName name, RecordType recordType = RecordType.A, RecordClass recordClass = RecordClass.INet, CancellationToken token = default)
        where T : DnsRecordBase =>
        Task.FromException<List<T>>(new DnsLookupException($"DNS is offline (SesMail:Smtp:DnsMode=offline); cannot resolve {name} {recordType}."));

    public void ClearCache()
    {
    }

    public void Dispose()
    {
    }
}

/// <summary>A DNS lookup could not be answered (server failure, timeout, no network) — not the same as "no such record".</summary>
internal sealed class DnsLookupException(string message, Exception? inner = null) : Exception(message, inner);

/// <summary>Builds the configured resolver (<see cref="SmtpEdgeOptions.DnsMode"/>).</summary>
internal static class ReceivingDns
{
    /// <exception cref="InvalidOperationException">The mode is unknown or the zone file is missing or invalid.</exception>
    public static IDnsResolver Create(SmtpEdgeOptions options)
    {
        switch (options.DnsMode.ToLowerInvariant())
        {
            case "system":
                var servers = DnsClient.GetLocalConfiguredDnsServers();
                return new SpecialUseNamesDnsResolver(new FailureCachingDnsResolver(new DnsStubResolver(servers, (int)options.DnsTimeout.TotalMilliseconds), TimeProvider.System));
            case "offline":
                return new OfflineDnsResolver();
            case "zone":
                if (options.DnsZoneFile is not { Length: > 0 } file || !File.Exists(file))
                {
                    throw new InvalidOperationException($"SesMail:Smtp:DnsMode is 'zone' but SesMail:Smtp:DnsZoneFile '{options.DnsZoneFile}' does not exist; give a file of 'name TYPE value' lines.");
                }

                try
                {
                    return LocalZoneDnsResolver.Parse(File.ReadAllText(file));
                }
                catch (FormatException error)
                {
                    throw new InvalidOperationException($"SesMail:Smtp:DnsZoneFile '{file}': {error.Message}", error);
                }

            default:
                throw new InvalidOperationException($"SesMail:Smtp:DnsMode '{options.DnsMode}' is not one of system, zone, offline.");
        }
    }
}

/// <summary>
/// Remembers a lookup that failed (timeout, server failure, no network) for <see cref="FailureLifetime"/> and fails the
/// same question again at once, as RFC 2308 §7 allows for server failures (at most five minutes): without it, a machine
/// whose resolver does not answer waits the whole DNS timeout on every message, for every SPF and DMARC lookup, before
/// its <c>250</c>. When the lifetime ends the question is asked again in the background while callers keep getting the
/// remembered failure, so no message waits the timeout again: an answer ends the failure (the next caller asks the
/// inner resolver), another failure is remembered for a new lifetime. Answers, including "no such record", are cached by
/// the inner resolver by their TTL.
/// </summary>
/// <param name="inner">The resolver that asks the network.</param>
/// <param name="time">The clock.</param>
internal sealed class FailureCachingDnsResolver(IDnsResolver inner, TimeProvider time) : IDnsResolver
{
    /// <summary>How long a failed question is answered from the cache.</summary>
    public static readonly TimeSpan FailureLifetime = TimeSpan.FromSeconds(60);

    private readonly System.Collections.Concurrent.ConcurrentDictionary<(string Name, RecordType Type, RecordClass Class), (DateTimeOffset Until, string Reason)> _failures = new();

    public List<T> Resolve<T>(DomainName name, RecordType recordType = RecordType.A, RecordClass recordClass = RecordClass.INet)
        where T : DnsRecordBase
    {
        ThrowIfRecentlyFailed(name, recordType, recordClass);
        try
        {
            return inner.Resolve<T>(name, recordType, recordClass);
        }
        catch (Exception error) when (error is not OperationCanceledException)
        {
            Remember(name, recordType, recordClass, error);
            throw;
        }
    }

    public async Task<List<T>> ResolveAsync<T>(DomainName name, RecordType recordType = RecordType.A, RecordClass recordClass = RecordClass.INet, CancellationToken token = default)
        where T : DnsRecordBase
    {
        ThrowIfRecentlyFailed(name, recordType, recordClass);
        try
        {
            return await inner.ResolveAsync<T>(name, recordType, recordClass, token).ConfigureAwait(false);
        }
        catch (Exception error) when (error is not OperationCanceledException || !token.IsCancellationRequested)
        {
            Remember(name, recordType, recordClass, error);
            throw;
        }
    }

    public void ClearCache()
    {
        _failures.Clear();
        inner.ClearCache();
    }

    public void Dispose() => inner.Dispose();

    private void ThrowIfRecentlyFailed(DomainName name, RecordType type, RecordClass @class)
    {
        var key = (name.ToString(), type, @class);
        if (!_failures.TryGetValue(key, out var failure))
        {
            return;
        }

        // An expired failure is renewed by the one caller that wins the update, which asks again in the background.
        if (time.GetUtcNow() >= failure.Until && _failures.TryUpdate(key, (time.GetUtcNow() + FailureLifetime, failure.Reason), failure))
        {
            _ = RefreshAsync(name, type, @class);
        }

        throw new DnsLookupException($"{type} lookup for {name} failed less than {FailureLifetime.TotalSeconds:0} s ago ({failure.Reason}); not asked again yet.");
    }

    /// <summary>Asks a failed question again: an answer forgets the failure, another failure is remembered anew.</summary>
    private async Task RefreshAsync(DomainName name, RecordType type, RecordClass @class)
    {
        try
        {
            await inner.ResolveAsync<DnsRecordBase>(name, type, @class).ConfigureAwait(false);
            _failures.TryRemove((name.ToString(), type, @class), out _);
        }
        catch (Exception error)
        {
            Remember(name, type, @class, error);
        }
    }

    private void Remember(DomainName name, RecordType type, RecordClass @class, Exception error) =>
        _failures[(name.ToString(), type, @class)] = (time.GetUtcNow() + FailureLifetime, error.Message);
}
