using System.Text;
using System.Text.Json;
using SesMail.Functions.Router;

namespace SesMail.Fuzzing.Targets;

/// <summary>
/// The router function's input, as the EventBridge Pipe hands it over: a JSON array of SQS records whose bodies are
/// SES <c>Received</c> notifications (raw or inside an SNS envelope), with their recipients, headers and verdicts.
/// The router may refuse the batch only as documented (<see cref="JsonException"/> for a batch that is not an array of
/// records, <see cref="InvalidOperationException"/> for more than 10); otherwise it answers one detail per record.
/// </summary>
internal sealed class RouterTarget : IFuzzTarget
{
    private readonly StringWriter _log = new();
    private readonly RouterFunction _router;

    public RouterTarget() => _router = CreateRouter(_log);

    private static RouterFunction CreateRouter(StringWriter log)
    {
        var options = FunctionFakes.RouterOptions();
        return new RouterFunction(options, FunctionFakes.Services(options.Aws, log), FunctionFakes.Rules(), new FunctionFakes.Tagger(), new FunctionFakes.Tokens());
    }

    public string Name => "router";

    public string Description => "pipe batch JSON (SQS records with SES/SNS bodies) -> RouterFunction; only the documented refusals, one detail per record";

    public void Run(ReadOnlySpan<byte> input)
    {
        _log.GetStringBuilder().Clear();
        Stream output;
        try
        {
            output = _router.HandleAsync(new MemoryStream(input.ToArray()), CancellationToken.None).GetAwaiter().GetResult();
        }
        catch (JsonException)
        {
            return;
        }
        catch (InvalidOperationException error) when (error.Message.StartsWith("The router received", StringComparison.Ordinal))
        {
            return;
        }

        using var details = JsonDocument.Parse(output);
        if (details.RootElement.ValueKind != JsonValueKind.Array)
        {
            throw new FuzzFinding("The router answered something other than an array of details");
        }

        if (_log.ToString().Contains("Routing failed", StringComparison.Ordinal))
        {
            throw new FuzzFinding("The router failed a batch that only in-memory fakes serve: " + Encoding.UTF8.GetString(input));
        }
    }
}
