using System.Buffers.Binary;
using System.Diagnostics;
using System.Globalization;
using Microsoft.Extensions.Configuration;
using OpenTelemetry.Trace;

namespace SesMail.ServiceDefaults;

/// <summary>
/// Decides which traces reach the OTLP exporter (the Aspire dashboard, or whatever
/// <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> names) the way X-Ray's sampling rules do: a reservoir of traces each second is
/// sampled, then a fixed rate of the rest (X-Ray's default rule is 1 a second and 5 %; see "Sampling rules" in the AWS
/// X-Ray developer guide). A trace that is not sampled is still recorded (<see cref="SamplingDecision.RecordOnly"/>), so
/// the local trace store, whose processors export every recorded span (<see cref="TraceStoreExportProcessor"/>), keeps
/// all of them and <c>sesmail trace</c> finds any message; only the dashboard's exporter, which honours the
/// <see cref="ActivityTraceFlags.Recorded"/> flag, sees the sample (docs/TRACING.md, "Sampling").
/// </summary>
/// <remarks>
/// Only a trace's root is decided here, and an outgoing HTTP call that starts a trace of its own (a background poll)
/// never takes from the reservoir. A span with a parent follows the parent's flag, which W3C <c>traceparent</c>
/// and X-Ray's <c>Sampled=</c> carry across every hop, so each process exports the same traces whole and the decision
/// is the root's (for mail, the SMTP edge's <c>smtp receive</c>). The fixed rate compares the trace id's last 8 bytes
/// with the rate, so one trace id always gets the same answer. Why: under a load test the dashboard's intake of every
/// span cost the machine more CPU than the emulator (docs/DEVELOPMENT.md, "Measuring the pipeline").
/// </remarks>
public sealed class ReservoirSampler : Sampler
{
    /// <summary>The configuration key for the reservoir, in traces a second (a whole number, 0 or more).</summary>
    public const string ReservoirKey = "SesMail:Tracing:Reservoir";

    /// <summary>The configuration key for the fixed rate of the traces past the reservoir (0 to 1; 1 samples every trace).</summary>
    public const string FixedRateKey = "SesMail:Tracing:FixedRate";

    /// <summary>The reservoir when <see cref="ReservoirKey"/> is not set: 10 traces a second, so that a person sending mail by hand or a test run sees every trace.</summary>
    public const int DefaultReservoir = 10;

    /// <summary>The fixed rate when <see cref="FixedRateKey"/> is not set: 5 %, as X-Ray's default rule.</summary>
    public const double DefaultFixedRate = 0.05;

    private static readonly SamplingResult Sampled = new(SamplingDecision.RecordAndSample);
    private static readonly SamplingResult NotSampled = new(SamplingDecision.RecordOnly);

    private readonly TimeProvider _time;
    private readonly ulong _threshold;
    private readonly Lock _gate = new();
    private long _second = long.MinValue;
    private int _taken;

    /// <summary>Creates a sampler.</summary>
    /// <param name="reservoir">Traces sampled each second before the fixed rate applies (0 or more).</param>
    /// <param name="fixedRate">The share of the traces past the reservoir that is sampled, 0 to 1.</param>
    /// <param name="time">The clock the reservoir's seconds are read from.</param>
    /// <exception cref="ArgumentOutOfRangeException">A negative reservoir, or a rate outside 0 to 1.</exception>
    public ReservoirSampler(int reservoir, double fixedRate, TimeProvider time)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(reservoir);
        if (!(fixedRate is >= 0 and <= 1))
        {
            throw new ArgumentOutOfRangeException(nameof(fixedRate), fixedRate, "The fixed rate is a share from 0 to 1.");
        }

        Reservoir = reservoir;
        FixedRate = fixedRate;
        _time = time;
        _threshold = fixedRate >= 1 ? ulong.MaxValue : (ulong)(fixedRate * ulong.MaxValue);
        Description = $"ReservoirSampler{{{reservoir}/s, {fixedRate.ToString(CultureInfo.InvariantCulture)}}}";
    }

    /// <summary>Traces sampled each second before the fixed rate applies.</summary>
    public int Reservoir { get; }

    /// <summary>The share of the traces past the reservoir that is sampled.</summary>
    public double FixedRate { get; }

    /// <summary>
    /// The sampler a process's configuration asks for: <see cref="ReservoirKey"/> and <see cref="FixedRateKey"/>, or
    /// their defaults; <c>null</c> when the fixed rate is 1, since then every trace is sampled anyway.
    /// </summary>
    /// <param name="configuration">The process's configuration.</param>
    /// <returns>The sampler, or <c>null</c>.</returns>
    /// <exception cref="InvalidOperationException">A value that is not a number in range; the message names the key and the value.</exception>
    public static ReservoirSampler? FromConfiguration(IConfiguration configuration)
    {
        var reservoir = DefaultReservoir;
        if (configuration[ReservoirKey] is { Length: > 0 } reservoirText
            && (!int.TryParse(reservoirText, NumberStyles.Integer, CultureInfo.InvariantCulture, out reservoir) || reservoir < 0))
        {
            throw new InvalidOperationException($"{ReservoirKey} is '{reservoirText}'; it takes a whole number of traces a second, 0 or more (default {DefaultReservoir}).");
        }

        var fixedRate = DefaultFixedRate;
        if (configuration[FixedRateKey] is { Length: > 0 } rateText
            && (!double.TryParse(rateText, NumberStyles.Float, CultureInfo.InvariantCulture, out fixedRate) || !(fixedRate is >= 0 and <= 1)))
        {
            throw new InvalidOperationException($"{FixedRateKey} is '{rateText}'; it takes a share from 0 to 1, such as 0.05 (1 sends every trace to the dashboard).");
        }

        return fixedRate >= 1 ? null : new ReservoirSampler(reservoir, fixedRate, TimeProvider.System);
    }

    /// <inheritdoc/>
    public override SamplingResult ShouldSample(in SamplingParameters samplingParameters)
    {
        var parent = samplingParameters.ParentContext;
        if (parent.TraceId != default)
        {
            return (parent.TraceFlags & ActivityTraceFlags.Recorded) != 0 ? Sampled : NotSampled;
        }

        // A call the process makes on its own (the Lambda Runtime API's long polls, the template and receipt rule
        // refreshes) would otherwise spend the reservoir meant for mail: such roots get the fixed rate only.
        var onItsOwn = samplingParameters.Kind == ActivityKind.Client && samplingParameters.Name == HttpClientActivityName;
        return (!onItsOwn && TakeFromReservoir()) || InFixedRate(samplingParameters.TraceId) ? Sampled : NotSampled;
    }

    /// <summary>The name .NET's <c>HttpClient</c> gives the activity of an outgoing request.</summary>
    public const string HttpClientActivityName = "System.Net.Http.HttpRequestOut";

    private bool TakeFromReservoir()
    {
        if (Reservoir == 0)
        {
            return false;
        }

        lock (_gate)
        {
            // Read inside the lock, so a thread holding an older second cannot start that second's count again.
            var second = _time.GetUtcNow().ToUnixTimeSeconds();
            if (second > _second)
            {
                _second = second;
                _taken = 0;
            }

            if (_taken >= Reservoir)
            {
                return false;
            }

            _taken++;
            return true;
        }
    }

    private bool InFixedRate(ActivityTraceId traceId)
    {
        if (_threshold == 0)
        {
            return false;
        }

        Span<byte> bytes = stackalloc byte[16];
        traceId.CopyTo(bytes);
        return BinaryPrimitives.ReadUInt64BigEndian(bytes[8..]) < _threshold || _threshold == ulong.MaxValue;
    }
}
