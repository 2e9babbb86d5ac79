using System.Text.Json;
using SesMail.Functions.Bouncer;

namespace SesMail.Fuzzing.Targets;

/// <summary>
/// A handler queue's Lambda event, as the bouncer reads it: an SQS event whose record bodies are EventBridge
/// <c>Email Routing Decision</c> events holding the routing detail and the SES notification (sender, recipients,
/// headers, verdicts). Refusals: <see cref="JsonException"/> for an event that is not an SQS event; a record that is
/// not a routing event is reported in the batch response. A bounce that could be built but was not sent is a
/// finding (the fakes never fail, so only the notification's own construction can).
/// </summary>
internal sealed class LambdaEventsTarget : IFuzzTarget
{
    private readonly StringWriter _log = new();
    private readonly BouncerFunction _bouncer;

    public LambdaEventsTarget() => _bouncer = CreateBouncer(_log);

    private static BouncerFunction CreateBouncer(StringWriter log)
    {
        var options = FunctionFakes.BouncerOptions();
        return new BouncerFunction(options, FunctionFakes.Services(options.Aws, log), new FunctionFakes.Ledger(), new FunctionFakes.Sender(), new FunctionFakes.NoHeaders());
    }

    public string Name => "lambda-events";

    public string Description => "SQS event JSON with EventBridge routing events -> BouncerFunction; only JsonException, no bounce lost to an exception";

    public void Run(ReadOnlySpan<byte> input)
    {
        _log.GetStringBuilder().Clear();
        try
        {
            using var output = _bouncer.HandleAsync(new MemoryStream(input.ToArray()), CancellationToken.None).GetAwaiter().GetResult();
            using var response = JsonDocument.Parse(output);
        }
        catch (JsonException)
        {
            return;
        }

        foreach (var line in _log.ToString().Split('\n'))
        {
            if (line.Contains("\"success\":false", StringComparison.Ordinal))
            {
                throw new FuzzFinding("A bounce failed with fakes that never fail: " + line);
            }
        }
    }
}
