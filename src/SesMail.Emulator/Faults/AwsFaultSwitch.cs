using System.Net;
using System.Text.Json.Serialization;
using SesMail.Emulator.Protocols;

namespace SesMail.Emulator.Faults;

/// <summary>
/// Makes the next N calls of an emulated AWS service (optionally of one operation) fail with one of that service's own
/// errors, as AWS does under load: DynamoDB's <c>ProvisionedThroughputExceededException</c> or <c>ThrottlingException</c>,
/// S3's <c>SlowDown</c> (503), SQS's <c>RequestThrottled</c>, any service's <c>InternalFailure</c> or
/// <c>ServiceUnavailable</c>. Set with <c>POST /_sesmail/faults</c> (docs/DEVELOPMENT.md, "Fault injection"); the
/// request dispatcher asks <see cref="TakeFault"/> after authorising a call and before running it, so a faulted call
/// changes nothing. In-process callers (event source mappings, pipes, SNS delivery) are not faulted: only API calls.
/// </summary>
internal sealed class AwsFaultSwitch
{
    /// <summary>The errors the switch knows, by code: HTTP status and AWS's message.</summary>
    public static readonly IReadOnlyDictionary<string, (HttpStatusCode Status, string Message, bool SenderFault)> KnownErrors =
        new Dictionary<string, (HttpStatusCode, string, bool)>(StringComparer.Ordinal)
        {
            // https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/CommonErrors.html and API_PutItem.html#API_PutItem_Errors
            ["ProvisionedThroughputExceededException"] = (HttpStatusCode.BadRequest, "The level of configured provisioned throughput for the table was exceeded. Consider increasing your provisioning level with the UpdateTable API.", true),
            ["ThrottlingException"] = (HttpStatusCode.BadRequest, "Rate of requests exceeds the allowed throughput.", true),
            ["RequestLimitExceeded"] = (HttpStatusCode.BadRequest, "Throughput exceeds the current throughput limit for your account. Please contact AWS Support at https://aws.amazon.com/support request a limit increase", true),
            ["Throttling"] = (HttpStatusCode.BadRequest, "Rate exceeded", true),
            ["RequestThrottled"] = (HttpStatusCode.BadRequest, "Request is throttled.", true),
            // https://docs.aws.amazon.com/AmazonS3/latest/API/ErrorResponses.html#ErrorCodeList
            ["SlowDown"] = (HttpStatusCode.ServiceUnavailable, "Please reduce your request rate.", false),
            ["InternalError"] = (HttpStatusCode.InternalServerError, "We encountered an internal error. Please try again.", false),
            ["InternalFailure"] = (HttpStatusCode.InternalServerError, "The request processing has failed because of an unknown error, exception or failure.", false),
            ["InternalServerError"] = (HttpStatusCode.InternalServerError, "Internal server error", false),
            ["ServiceUnavailable"] = (HttpStatusCode.ServiceUnavailable, "The request has failed due to a temporary failure of the server.", false),
        };

    private readonly Lock _gate = new();
    private readonly List<Armed> _faults = [];

    /// <summary>The faults still armed, in the order they were set.</summary>
    public IReadOnlyList<AwsFaultState> Pending
    {
        get
        {
            lock (_gate)
            {
                return [.. _faults.Select(f => new AwsFaultState(f.Request.Service, f.Request.Operation, f.Request.Error, f.Remaining))];
            }
        }
    }

    /// <summary>Whether any fault is armed for <paramref name="service"/> (a cheap test before working out a call's operation names).</summary>
    /// <param name="service">The signing name.</param>
    /// <returns><c>true</c> when one is armed.</returns>
    public bool IsArmed(string service)
    {
        lock (_gate)
        {
            return _faults.Exists(f => string.Equals(f.Request.Service, service, StringComparison.Ordinal));
        }
    }

    /// <summary>Arms a fault (several may be armed at once; a call takes the first that matches it).</summary>
    /// <param name="fault">What to fail and how.</param>
    /// <exception cref="ArgumentException">No service or error, an unknown error code without <c>status</c>, a count below 1, or a status outside 400–599.</exception>
    public void Set(AwsFaultRequest fault)
    {
        if (string.IsNullOrWhiteSpace(fault.Service) || string.IsNullOrWhiteSpace(fault.Error))
        {
            throw new ArgumentException("service (the signing name: dynamodb, s3, sqs, …) and error (the AWS error code) are required.");
        }

        if (fault.Count < 1)
        {
            throw new ArgumentException("count must be at least 1.");
        }

        if (fault.Status is { } status and (< 400 or > 599))
        {
            throw new ArgumentException("status must be an HTTP error status between 400 and 599.");
        }

        if (fault.Status is null && !KnownErrors.ContainsKey(fault.Error))
        {
            throw new ArgumentException($"{fault.Error} is not a known error code ({string.Join(", ", KnownErrors.Keys.Order(StringComparer.Ordinal))}); give its status and message.");
        }

        lock (_gate)
        {
            _faults.Add(new Armed(fault) { Remaining = fault.Count });
        }
    }

    /// <summary>Disarms every fault.</summary>
    public void Clear()
    {
        lock (_gate)
        {
            _faults.Clear();
        }
    }

    /// <summary>The error this call must fail with, counting it, or <c>null</c> to let it run.</summary>
    /// <param name="service">The service's signing name (<c>dynamodb</c>, <c>s3</c>, <c>sqs</c>, <c>email</c>, …).</param>
    /// <param name="operations">The call's operation names (S3: its IAM actions, e.g. <c>GetObject</c>).</param>
    /// <returns>The error, or <c>null</c>.</returns>
    public AwsServiceException? TakeFault(string service, IReadOnlyCollection<string> operations)
    {
        lock (_gate)
        {
            var armed = _faults.FirstOrDefault(f =>
                string.Equals(f.Request.Service, service, StringComparison.Ordinal)
                && (string.IsNullOrEmpty(f.Request.Operation) || operations.Contains(f.Request.Operation, StringComparer.Ordinal)));
            if (armed is null)
            {
                return null;
            }

            if (--armed.Remaining == 0)
            {
                _faults.Remove(armed);
            }

            var known = KnownErrors.TryGetValue(armed.Request.Error, out var error) ? error : default;
            var status = armed.Request.Status is { } given ? (HttpStatusCode)given : known.Status;
            var message = armed.Request.Message ?? known.Message ?? $"{armed.Request.Error} (injected by the SesMail fault switch).";
            return new AwsServiceException(armed.Request.Error, message, status, senderFault: KnownErrors.ContainsKey(armed.Request.Error) ? known.SenderFault : (int)status < 500);
        }
    }

    private sealed class Armed(AwsFaultRequest request)
    {
        public AwsFaultRequest Request { get; } = request;

        public int Remaining { get; set; }
    }
}

/// <summary>
/// Body of <c>POST /_sesmail/faults</c>: fail the next <c>count</c> calls of <c>service</c> (and <c>operation</c>, when
/// given) with the AWS error <c>error</c>.
/// </summary>
/// <param name="Service">The signing name: <c>dynamodb</c>, <c>s3</c>, <c>sqs</c>, <c>sns</c>, <c>email</c> (SES), <c>ssm</c>, <c>events</c>, ….</param>
/// <param name="Error">The AWS error code, e.g. <c>ProvisionedThroughputExceededException</c> or <c>SlowDown</c>.</param>
/// <param name="Operation">Only this operation (JSON target or Query action, e.g. <c>PutItem</c>; S3: the IAM action, e.g. <c>GetObject</c>).</param>
/// <param name="Count">How many calls fail (default 1).</param>
/// <param name="Status">The HTTP status, for an error code the switch does not know.</param>
/// <param name="Message">The error message, instead of AWS's.</param>
internal sealed record AwsFaultRequest(
    [property: JsonPropertyName("service")] string Service,
    [property: JsonPropertyName("error")] string Error,
    [property: JsonPropertyName("operation")] string? Operation = null,
    [property: JsonPropertyName("count")] int Count = 1,
    [property: JsonPropertyName("status")] int? Status = null,
    [property: JsonPropertyName("message")] string? Message = null);

/// <summary>One armed fault in <c>GET /_sesmail/faults</c>.</summary>
/// <param name="Service">The service.</param>
/// <param name="Operation">The operation, or <c>null</c> for every operation.</param>
/// <param name="Error">The error code.</param>
/// <param name="Remaining">Calls still to fail.</param>
internal sealed record AwsFaultState(
    [property: JsonPropertyName("service")] string Service,
    [property: JsonPropertyName("operation")] string? Operation,
    [property: JsonPropertyName("error")] string Error,
    [property: JsonPropertyName("remaining")] int Remaining);

/// <summary>The answer of the fault endpoints: the faults still armed.</summary>
/// <param name="Faults">The armed faults.</param>
internal sealed record AwsFaultList([property: JsonPropertyName("faults")] IReadOnlyList<AwsFaultState> Faults);

[JsonSerializable(typeof(AwsFaultRequest))]
[JsonSerializable(typeof(AwsFaultList))]
internal sealed partial class AwsFaultJsonContext : JsonSerializerContext;

/// <summary>
/// <c>GET /_sesmail/faults</c> (the armed faults), <c>POST /_sesmail/faults</c> (arm one, <see cref="AwsFaultRequest"/>;
/// 400 with the reason when it makes no sense) and <c>DELETE /_sesmail/faults</c> (disarm all). Control endpoints:
/// no signature needed, loopback only like the rest of the emulator.
/// </summary>
internal static class AwsFaultEndpoints
{
    /// <summary>The path of the control endpoints.</summary>
    public const string Path = "/_sesmail/faults";

    /// <summary>Maps the three endpoints.</summary>
    public static WebApplication MapAwsFaults(this WebApplication app)
    {
        app.MapGet(Path, (AwsFaultSwitch faults) => Results.Json(new AwsFaultList(faults.Pending), AwsFaultJsonContext.Default.AwsFaultList));
        app.MapPost(Path, async (HttpContext http, AwsFaultSwitch faults, ILogger<AwsFaultSwitch> logger) =>
        {
            AwsFaultRequest? fault;
            try
            {
                fault = await http.Request.ReadFromJsonAsync(AwsFaultJsonContext.Default.AwsFaultRequest, http.RequestAborted).ConfigureAwait(false);
                faults.Set(fault ?? throw new ArgumentException("Send {\"service\":\"dynamodb\",\"operation\":\"PutItem\",\"error\":\"ProvisionedThroughputExceededException\",\"count\":3}."));
            }
            catch (Exception error) when (error is System.Text.Json.JsonException or ArgumentException)
            {
                return Results.Text(error.Message, "text/plain", statusCode: StatusCodes.Status400BadRequest);
            }

            logger.LogInformation("Fault switch: the next {Count} {Service} {Operation} call(s) fail with {Error}", fault.Count, fault.Service, fault.Operation ?? "(any)", fault.Error);
            return Results.Json(new AwsFaultList(faults.Pending), AwsFaultJsonContext.Default.AwsFaultList);
        });
        app.MapDelete(Path, (AwsFaultSwitch faults) =>
        {
            faults.Clear();
            return Results.Json(new AwsFaultList(faults.Pending), AwsFaultJsonContext.Default.AwsFaultList);
        });
        return app;
    }
}
