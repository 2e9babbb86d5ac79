using System.Diagnostics;
using System.Globalization;

namespace SesMail.LambdaRuntime;

/// <summary>
/// The X-Ray trace header (https://docs.aws.amazon.com/xray/latest/devguide/xray-concepts.html#xray-concepts-tracingheader),
/// <c>Root=1-{8 hex epoch seconds}-{24 hex};Parent={16 hex};Sampled={0|1}</c>: what Lambda hands a function as
/// <c>Lambda-Runtime-Trace-Id</c> and <c>_X_AMZN_TRACE_ID</c>, what SQS keeps as the <c>AWSTraceHeader</c> system
/// attribute, and what services read from <c>X-Amzn-Trace-Id</c>. It converts to and from W3C trace context the way
/// AWS's OpenTelemetry propagator does: the 32 hex digits of the W3C trace id are the X-Ray root's two hex parts
/// joined (<c>1-5759e988-bd862e3fe1be46a994272793</c> ⇔ <c>5759e988bd862e3fe1be46a994272793</c>), <c>Parent</c> is the
/// W3C parent span id, <c>Sampled=1</c> the <c>recorded</c> flag.
/// </summary>
/// <param name="TraceId">The trace id (W3C form).</param>
/// <param name="ParentId">The parent segment (span) id, or <c>default</c> when the header names none.</param>
/// <param name="Sampled"><c>true</c> for <c>Sampled=1</c>, <c>false</c> for <c>Sampled=0</c>, <c>null</c> when the decision is deferred (absent or <c>?</c>).</param>
public readonly record struct XRayTraceHeader(ActivityTraceId TraceId, ActivitySpanId ParentId, bool? Sampled)
{
    /// <summary>The HTTP header AWS services read the caller's trace from.</summary>
    public const string HttpHeaderName = "X-Amzn-Trace-Id";

    /// <summary>The SQS message system attribute that carries the header.</summary>
    public const string SqsSystemAttributeName = "AWSTraceHeader";

    /// <summary>The environment variable Lambda sets per invocation.</summary>
    public const string EnvironmentVariableName = "_X_AMZN_TRACE_ID";

    /// <summary>Whether the header names a parent segment.</summary>
    public bool HasParent => ParentId != default;

    /// <summary>The X-Ray form of <see cref="TraceId"/>, e.g. <c>1-5759e988-bd862e3fe1be46a994272793</c>.</summary>
    public string XRayTraceId => ToXRayTraceId(TraceId);

    /// <summary>Reads a header; unknown fields (<c>Self</c>, <c>Lineage</c>, …) are ignored.</summary>
    /// <param name="header">E.g. <c>Root=1-5759e988-bd862e3fe1be46a994272793;Parent=53995c3f42cd8ad8;Sampled=1</c>.</param>
    /// <param name="value">The header read.</param>
    /// <returns>Whether it had a well-formed <c>Root</c> (and, if present, a well-formed <c>Parent</c>).</returns>
    public static bool TryParse(string? header, out XRayTraceHeader value)
    {
        value = default;
        if (string.IsNullOrWhiteSpace(header))
        {
            return false;
        }

        ActivityTraceId? trace = null;
        ActivitySpanId parent = default;
        bool? sampled = null;
        foreach (var part in header.Split(';', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            var equals = part.IndexOf('=', StringComparison.Ordinal);
            if (equals <= 0)
            {
                continue;
            }

            var name = part[..equals];
            var text = part[(equals + 1)..];
            if (name.Equals("Root", StringComparison.OrdinalIgnoreCase))
            {
                if (!TryParseXRayTraceId(text, out var id))
                {
                    return false;
                }

                trace = id;
            }
            else if (name.Equals("Parent", StringComparison.OrdinalIgnoreCase))
            {
                if (text.Length != 16 || !IsHex(text) || text == "0000000000000000")
                {
                    return false;
                }

                parent = ActivitySpanId.CreateFromString(text.ToLowerInvariant());
            }
            else if (name.Equals("Sampled", StringComparison.OrdinalIgnoreCase))
            {
                sampled = text switch { "1" => true, "0" => false, _ => null };
            }
        }

        if (trace is not { } traceId)
        {
            return false;
        }

        value = new XRayTraceHeader(traceId, parent, sampled);
        return true;
    }

    /// <summary>The header for a W3C span context: its trace, the span as <c>Parent</c>, its recorded flag as <c>Sampled</c>.</summary>
    /// <param name="context">The span context (e.g. <c>Activity.Current.Context</c>).</param>
    /// <returns>The header.</returns>
    public static XRayTraceHeader From(ActivityContext context) =>
        new(context.TraceId, context.SpanId, (context.TraceFlags & ActivityTraceFlags.Recorded) != 0);

    /// <summary>
    /// The W3C parent context this header names. Without a <c>Parent</c> a fresh span id stands for the caller (the
    /// trace id is kept, so what follows still joins the trace); an undecided <c>Sampled</c> counts as sampled.
    /// </summary>
    /// <returns>A remote context.</returns>
    public ActivityContext ToActivityContext() =>
        new(TraceId, HasParent ? ParentId : ActivitySpanId.CreateRandom(), Sampled == false ? ActivityTraceFlags.None : ActivityTraceFlags.Recorded, isRemote: true);

    /// <summary>The X-Ray form of a W3C trace id.</summary>
    /// <param name="traceId">The trace id.</param>
    /// <returns><c>1-{first 8 hex}-{last 24 hex}</c>.</returns>
    public static string ToXRayTraceId(ActivityTraceId traceId)
    {
        var hex = traceId.ToHexString();
        return string.Concat("1-", hex.AsSpan(0, 8), "-", hex.AsSpan(8));
    }

    /// <summary>Reads an X-Ray trace id (<c>1-5759e988-bd862e3fe1be46a994272793</c>) or its 32-hex W3C form.</summary>
    /// <param name="text">The id.</param>
    /// <param name="traceId">The trace id.</param>
    /// <returns>Whether it was well formed.</returns>
    public static bool TryParseXRayTraceId(string? text, out ActivityTraceId traceId)
    {
        traceId = default;
        if (text is null)
        {
            return false;
        }

        string hex;
        if (text.Length == 35 && text.StartsWith("1-", StringComparison.Ordinal) && text[10] == '-')
        {
            hex = string.Concat(text.AsSpan(2, 8), text.AsSpan(11, 24));
        }
        else if (text.Length == 32)
        {
            hex = text;
        }
        else
        {
            return false;
        }

        if (!IsHex(hex) || hex.All(c => c == '0'))
        {
            return false;
        }

        traceId = ActivityTraceId.CreateFromString(hex.ToLowerInvariant());
        return true;
    }

    /// <summary>A new trace whose id starts with the epoch seconds of <paramref name="now"/>, as X-Ray requires.</summary>
    /// <param name="now">The current time.</param>
    /// <param name="sampled">The sampling decision.</param>
    /// <returns>A header with a fresh root and parent.</returns>
    public static XRayTraceHeader NewRoot(DateTimeOffset now, bool sampled)
    {
        Span<byte> random = stackalloc byte[12];
        System.Security.Cryptography.RandomNumberGenerator.Fill(random);
        var hex = now.ToUnixTimeSeconds().ToString("x8", CultureInfo.InvariantCulture) + Convert.ToHexStringLower(random);
        return new XRayTraceHeader(ActivityTraceId.CreateFromString(hex), ActivitySpanId.CreateRandom(), sampled);
    }

    /// <summary>The header text, <c>Root=…;Parent=…;Sampled=…</c> (fields that are unknown are left out).</summary>
    /// <returns>The header.</returns>
    public override string ToString()
    {
        var text = "Root=" + XRayTraceId;
        if (HasParent)
        {
            text += ";Parent=" + ParentId.ToHexString();
        }

        if (Sampled is { } sampled)
        {
            text += sampled ? ";Sampled=1" : ";Sampled=0";
        }

        return text;
    }

    private static bool IsHex(string text) => text.All(char.IsAsciiHexDigit);
}
