using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Xml.Linq;
using SesMail.Emulator.Hosting;
using SesMail.Emulator.Persistence;
using SesMail.Emulator.Protocols.Authorization;

namespace SesMail.Emulator.Protocols;

/// <summary>
/// Routes an AWS API request to its service by protocol: <c>X-Amz-Target</c> → JSON service by target prefix;
/// form <c>Action=</c> → Query service by SigV4 signing name (or by action when unsigned); anything else → the
/// REST-XML service (S3). Before a service runs, <see cref="RequestAuthorizer"/> resolves the caller and refuses what
/// its policies do not allow. Writes errors in the caller's protocol; anything unexpected becomes a logged 500, never a
/// crash: <c>InternalFailure</c> for the JSON and Query services, S3's own <c>InternalError</c> for S3, and
/// <c>ServiceException</c> for the REST-JSON services.
/// </summary>
internal sealed partial class AwsRequestDispatcher
{
    private readonly Dictionary<string, IJsonService> _json;
    private readonly IReadOnlyList<IQueryService> _query;
    private readonly IRestXmlService? _rest;
    private readonly IReadOnlyList<IRestJsonService> _restJson;
    private readonly EmulatorOptions _options;
    private readonly ILogger<AwsRequestDispatcher> _logger;
    private readonly IStateChanges? _changes;
    private readonly RequestAuthorizer _authorizer;
    private readonly Faults.AwsFaultSwitch? _faults;

    public AwsRequestDispatcher(
        IEnumerable<IJsonService> json,
        IEnumerable<IQueryService> query,
        IEnumerable<IRestXmlService> rest,
        IEnumerable<IRestJsonService> restJson,
        EmulatorOptions options,
        RequestAuthorizer authorizer,
        ILogger<AwsRequestDispatcher> logger,
        IStateChanges? changes = null,
        Faults.AwsFaultSwitch? faults = null)
    {
        _changes = changes;
        _faults = faults;
        _authorizer = authorizer;
        _json = json.ToDictionary(s => s.TargetPrefix, StringComparer.Ordinal);
        _query = [.. query];
        _rest = rest.FirstOrDefault();
        _restJson = [.. restJson];
        _options = options;
        _logger = logger;
        ServiceNames = [.. _json.Values.Select(s => s.SigningName)
            .Concat(_query.Select(s => s.SigningName))
            .Concat(_rest is null ? [] : [_rest.SigningName])
            .Concat(_restJson.Select(s => s.SigningName))
            .Distinct(StringComparer.Ordinal)
            .Order(StringComparer.Ordinal)];
    }

    /// <summary>Signing names of all registered services, sorted.</summary>
    public IReadOnlyList<string> ServiceNames { get; }

    /// <summary>
    /// S3's limit on a request's header section: 8 KB (https://docs.aws.amazon.com/AmazonS3/latest/userguide/UsingMetadata.html,
    /// "the PUT request header is limited to 8 KB"); more is refused with 400 <c>RequestHeaderSectionTooLarge</c>.
    /// Kestrel's own limits (32 KB, 100 headers) bound every request before this.
    /// </summary>
    internal const int S3MaxHeaderSectionSize = 8 * 1024;

    public async Task DispatchAsync(HttpContext http)
    {
        try
        {
            await DispatchWithinLimitsAsync(http).ConfigureAwait(false);
        }
        catch (BadHttpRequestException error) when (error.StatusCode == StatusCodes.Status413PayloadTooLarge && !http.Response.HasStarted)
        {
            // A body without Content-Length that outgrew MaxRequestBodySize while being read.
            await WriteTooLargeAsync(http).ConfigureAwait(false);
        }
    }

    private static bool IsApiProtocol(HttpRequest request) =>
        request.Headers.ContainsKey("X-Amz-Target") || (HttpMethods.IsPost(request.Method) && request.HasFormContentType);

    private Task WriteTooLargeAsync(HttpContext http)
    {
        var context = new AwsRequestContext(_options.DefaultRegion, _options.AccountId, Guid.NewGuid().ToString(), string.Empty, null);
        var error = new AwsServiceException("RequestEntityTooLarge",
            $"Request body exceeds the maximum allowed size of {_options.MaxRequestBodySize} bytes", (HttpStatusCode)StatusCodes.Status413PayloadTooLarge);
        http.Response.Headers.Connection = "close";
        if (http.Request.Headers["X-Amz-Target"].ToString() is { Length: > 0 } target)
        {
            var dot = target.LastIndexOf('.');
            return WriteJsonErrorAsync(http, _json.GetValueOrDefault(dot < 0 ? target : target[..dot]), context, error);
        }

        var scope = SigV4Scope.From(http.Request);
        return WriteQueryErrorAsync(http, scope is null ? null : _query.FirstOrDefault(s => s.SigningName == scope.Service), context, error);
    }

    private async Task DispatchWithinLimitsAsync(HttpContext http)
    {
        if (IsApiProtocol(http.Request))
        {
            if (http.Request.ContentLength > _options.MaxRequestBodySize)
            {
                await WriteTooLargeAsync(http).ConfigureAwait(false);
                return;
            }

            if (http.Features.Get<Microsoft.AspNetCore.Http.Features.IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit)
            {
                limit.MaxRequestBodySize = _options.MaxRequestBodySize;
            }
        }
        else if (HeaderSectionSize(http.Request) > S3MaxHeaderSectionSize)
        {
            var refused = new AwsRequestContext(_options.DefaultRegion, _options.AccountId, Guid.NewGuid().ToString(), string.Empty, null);
            await WriteRestXmlErrorAsync(http, refused, new AwsServiceException("RequestHeaderSectionTooLarge",
                $"Your request header section exceeds the maximum allowed size of {S3MaxHeaderSectionSize} bytes")).ConfigureAwait(false);
            return;
        }

        var scope = SigV4Scope.From(http.Request);
        string? bodyHash = null;
        if (_authorizer.VerifiesSignature(scope) && !http.Request.Headers.ContainsKey("x-amz-content-sha256") && !http.Request.Query.ContainsKey("X-Amz-Signature"))
        {
            bodyHash = await HashBodyAsync(http.Request).ConfigureAwait(false);
        }

        var context = new AwsRequestContext(
            scope?.Region ?? _options.DefaultRegion,
            _options.AccountId,
            Guid.NewGuid().ToString(),
            $"{http.Request.Scheme}://{http.Request.Host}",
            scope?.AccessKeyId)
        {
            TraceHeader = XRay.EmulatorTracing.IncomingHeader(http.Request),
        };

        var target = http.Request.Headers["X-Amz-Target"].ToString();
        if (target.Length > 0)
        {
            await DispatchJsonAsync(http, target, context, scope, bodyHash).ConfigureAwait(false);
            return;
        }

        // SES signs v1 (Query, form POST to /) and v2 (REST-JSON under /v2/email) with the same name, ses: a form
        // request or one naming an Action is Query whatever its signing name.
        if (scope is not null && !IsQueryRequest(http.Request) && _restJson.FirstOrDefault(s => s.SigningName == scope.Service) is { } restJson)
        {
            await DispatchRestJsonAsync(http, restJson, context, scope, bodyHash).ConfigureAwait(false);
            return;
        }

        Dictionary<string, string>? form;
        try
        {
            form = await ReadQueryParametersAsync(http.Request).ConfigureAwait(false);
        }
        catch (InvalidDataException error)
        {
            // ASP.NET refuses some forms outright (a %00 in a value, more than 1024 values): answer as Query services do.
            var service = scope is null ? null : _query.FirstOrDefault(s => s.SigningName == scope.Service);
            await WriteQueryErrorAsync(http, service, context, new AwsServiceException("InvalidQueryParameter",
                $"The AWS query string is malformed or does not adhere to AWS standards: {error.Message}")).ConfigureAwait(false);
            return;
        }

        if (form is not null && form.TryGetValue("Action", out var action))
        {
            await DispatchQueryAsync(http, scope, action, form, context, bodyHash).ConfigureAwait(false);
            return;
        }

        if (_rest is null)
        {
            await WriteQueryErrorAsync(http, null, context, new AwsServiceException("InvalidAction", "The request names no operation: send X-Amz-Target or Action.")).ConfigureAwait(false);
            return;
        }

        try
        {
            context = context with { Caller = _authorizer.Authenticate(http.Request, scope, _rest.SigningName, WireProtocol.RestXml, bodyHash) };
            await _authorizer.AuthorizeS3Async(http, context).ConfigureAwait(false);
            if (_faults?.IsArmed(_rest.SigningName) == true)
            {
                var actions = (await S3Actions.ForAsync(http).ConfigureAwait(false)).Select(c => c.Action[(c.Action.IndexOf(':') + 1)..]).ToList();
                ThrowIfFaulted(_rest.SigningName, actions);
            }

            await _rest.HandleAsync(http, context).ConfigureAwait(false);
        }
        catch (AwsServiceException error) when (!http.Response.HasStarted)
        {
            await WriteRestXmlErrorAsync(http, context, error).ConfigureAwait(false);
        }
        catch (Exception error) when (error is not OperationCanceledException && !http.Response.HasStarted)
        {
            LogUnexpected(_logger, error, http.Request.Method, http.Request.Path, "InternalError");
            await WriteRestXmlErrorAsync(http, context, S3.S3Errors.InternalError()).ConfigureAwait(false);
        }
    }

    private async Task DispatchJsonAsync(HttpContext http, string target, AwsRequestContext context, SigV4Scope? scope, string? bodyHash)
    {
        var dot = target.LastIndexOf('.');
        var prefix = dot < 0 ? target : target[..dot];
        var operation = dot < 0 ? string.Empty : target[(dot + 1)..];
        if (!_json.TryGetValue(prefix, out var service))
        {
            await WriteJsonErrorAsync(http, null, context, new AwsServiceException("UnknownOperationException", $"No service answers X-Amz-Target '{target}'.")).ConfigureAwait(false);
            return;
        }

        try
        {
            JsonObject input;
            try
            {
                // Read whole (at most MaxRequestBodySize) so that invalid UTF-8 inside a string is refused here, as a
                // SerializationException, and not later by the first provider that reads that string.
                using var body = new MemoryStream();
                await http.Request.Body.CopyToAsync(body, http.RequestAborted).ConfigureAwait(false);
                if (!System.Text.Unicode.Utf8.IsValid(body.GetBuffer().AsSpan(0, (int)body.Length)))
                {
                    throw new JsonException("The request body is not valid UTF-8.");
                }

                var node = JsonNode.Parse(body.GetBuffer().AsSpan(0, (int)body.Length), documentOptions: new JsonDocumentOptions { AllowDuplicateProperties = false });
                input = node as JsonObject ?? (node is null ? [] : throw new JsonException("The request body is not a JSON object."));
            }
            catch (JsonException error)
            {
                if (http.Request.ContentLength is 0)
                {
                    input = [];
                }
                else
                {
                    throw new AwsServiceException("SerializationException", $"The request body could not be read as JSON: {error.Message}");
                }
            }

            context = context with { Caller = _authorizer.Authenticate(http.Request, scope, service.SigningName, WireProtocol.Json, bodyHash) };
            _authorizer.Authorize(context, service.SigningName, operation, RequestInput.FromJson(input), WireProtocol.Json);
            ThrowIfFaulted(service.SigningName, [operation]);
            var result = await service.InvokeAsync(operation, input, context, http.RequestAborted).ConfigureAwait(false);
            await ReportChangeAsync(service.SigningName, operation).ConfigureAwait(false);
            http.Response.StatusCode = StatusCodes.Status200OK;
            http.Response.ContentType = $"application/x-amz-json-{service.JsonVersion}";
            http.Response.Headers["x-amzn-RequestId"] = context.RequestId;
            await JsonBody.WriteAsync(http.Response, result ?? new JsonObject(), http.RequestAborted).ConfigureAwait(false);
        }
        catch (AwsServiceException error)
        {
            await WriteJsonErrorAsync(http, service, context, error).ConfigureAwait(false);
        }
        catch (Exception error) when (error is not (OperationCanceledException or BadHttpRequestException))
        {
            LogUnexpected(_logger, error, "POST", target, "InternalFailure");
            await WriteJsonErrorAsync(http, service, context, InternalFailure()).ConfigureAwait(false);
        }
    }

    private async Task DispatchQueryAsync(HttpContext http, SigV4Scope? scope, string action, Dictionary<string, string> parameters, AwsRequestContext context, string? bodyHash)
    {
        var service = (scope is null ? null : _query.FirstOrDefault(s => s.SigningName == scope.Service))
            ?? _query.FirstOrDefault(s => s.Handles(action));
        if (service is null)
        {
            await WriteQueryErrorAsync(http, null, context, AwsServiceException.Common.UnknownOperation("InvalidAction", action)).ConfigureAwait(false);
            return;
        }

        try
        {
            context = context with { Caller = _authorizer.Authenticate(http.Request, scope, service.SigningName, WireProtocol.Query, bodyHash) };
            _authorizer.Authorize(context, service.SigningName, action, RequestInput.FromForm(parameters), WireProtocol.Query);
            ThrowIfFaulted(service.SigningName, [action]);
            var children = await service.InvokeAsync(action, parameters, context, http.RequestAborted).ConfigureAwait(false);
            await ReportChangeAsync(service.SigningName, action).ConfigureAwait(false);
            XNamespace ns = service.XmlNamespace;
            var document = new System.Xml.Linq.XElement(ns + $"{action}Response",
                new System.Xml.Linq.XElement(ns + $"{action}Result", children.Select(c => Qualify(c, ns))),
                new System.Xml.Linq.XElement(ns + "ResponseMetadata", new System.Xml.Linq.XElement(ns + "RequestId", context.RequestId)));
            await WriteXmlAsync(http, HttpStatusCode.OK, document).ConfigureAwait(false);
        }
        catch (AwsServiceException error)
        {
            await WriteQueryErrorAsync(http, service, context, error).ConfigureAwait(false);
        }
        catch (Exception error) when (error is not (OperationCanceledException or BadHttpRequestException))
        {
            LogUnexpected(_logger, error, http.Request.Method, action, "InternalFailure");
            await WriteQueryErrorAsync(http, service, context, InternalFailure()).ConfigureAwait(false);
        }
    }

    private async Task DispatchRestJsonAsync(HttpContext http, IRestJsonService service, AwsRequestContext context, SigV4Scope? scope, string? bodyHash)
    {
        try
        {
            var path = http.Request.Path.Value ?? "/";
            Dictionary<string, string>? parameters = null;
            var route = service.Routes.FirstOrDefault(r => r.TryMatch(http.Request.Method, path, out parameters));
            if (route is null)
            {
                throw new AwsServiceException("UnknownOperationException", $"No {service.SigningName} operation answers {http.Request.Method} {path}.", HttpStatusCode.NotFound);
            }

            using var buffer = new MemoryStream();
            await http.Request.Body.CopyToAsync(buffer, http.RequestAborted).ConfigureAwait(false);
            var query = http.Request.Query.ToDictionary(q => q.Key, q => q.Value.ToString(), StringComparer.Ordinal);
            var headers = http.Request.Headers.ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase);
            var request = new RestJsonRequest(parameters!, query, headers, buffer.ToArray());
            if (service.AuthorizationMembers(route.Operation, request) is { } members)
            {
                context = context with { Caller = _authorizer.Authenticate(http.Request, scope, service.SigningName, WireProtocol.RestJson, bodyHash) };
                _authorizer.Authorize(context, service.SigningName, route.Operation, RequestInput.FromJson(members), WireProtocol.RestJson);
            }

            ThrowIfFaulted(service.SigningName, [route.Operation]);
            var response = await service.InvokeAsync(route.Operation, request, context, http.RequestAborted).ConfigureAwait(false);
            await ReportChangeAsync(service.SigningName, route.Operation).ConfigureAwait(false);
            http.Response.StatusCode = response.StatusCode;
            http.Response.Headers["x-amzn-RequestId"] = context.RequestId;
            foreach (var (name, value) in response.Headers)
            {
                http.Response.Headers[name] = value;
            }

            if (!response.Body.IsEmpty)
            {
                http.Response.ContentType = response.ContentType;
                await http.Response.Body.WriteAsync(response.Body, http.RequestAborted).ConfigureAwait(false);
            }
        }
        catch (AwsServiceException error) when (!http.Response.HasStarted)
        {
            await WriteRestJsonErrorAsync(http, context, error).ConfigureAwait(false);
        }
        catch (Exception error) when (error is not OperationCanceledException && !http.Response.HasStarted)
        {
            LogUnexpected(_logger, error, http.Request.Method, http.Request.Path, "ServiceException");
            await WriteRestJsonErrorAsync(http, context, new AwsServiceException("ServiceException", "The service encountered an internal error.", HttpStatusCode.InternalServerError, senderFault: false)).ConfigureAwait(false);
        }
    }

    private static Task WriteRestJsonErrorAsync(HttpContext http, AwsRequestContext context, AwsServiceException error)
    {
        http.Response.StatusCode = RestJsonResponse.StatusOf(error);
        http.Response.ContentType = "application/json";
        http.Response.Headers["x-amzn-RequestId"] = context.RequestId;
        http.Response.Headers["X-Amzn-Errortype"] = error.Code;
        return JsonBody.WriteAsync(http.Response, RestJsonResponse.ErrorBody(error), http.RequestAborted);
    }

    /// <summary>The octets of the header section as sent: <c>name: value CRLF</c> per field.</summary>
    private static long HeaderSectionSize(HttpRequest request)
    {
        long size = 0;
        foreach (var (name, values) in request.Headers)
        {
            foreach (var value in values)
            {
                size += name.Length + 4 + (value?.Length ?? 0);
            }
        }

        return size;
    }

    private static bool IsQueryRequest(HttpRequest request) =>
        request.Query.ContainsKey("Action")
        || (HttpMethods.IsPost(request.Method) && request.ContentType?.StartsWith("application/x-www-form-urlencoded", StringComparison.OrdinalIgnoreCase) == true);

    /// <summary>Fails the call with the fault switch's error when one is armed for it (docs/DEVELOPMENT.md, "Fault injection").</summary>
    private void ThrowIfFaulted(string signingName, IReadOnlyCollection<string> operations)
    {
        if (_faults?.TakeFault(signingName, operations) is { } fault)
        {
            LogFaulted(_logger, signingName, string.Join(",", operations), fault.Code);
            throw fault;
        }
    }

    /// <summary>
    /// A successful call that may have changed state is reported, so that the service's snapshot is written; a write is
    /// answered only once it is on disk (<see cref="EmulatorPersistence.AwaitsCommit(string, string)"/>), as AWS acknowledges only
    /// durable writes, so killing the emulator never loses a change a caller was told about.
    /// </summary>
    private async Task ReportChangeAsync(string signingName, string operation)
    {
        if (_changes is null || EmulatorPersistence.IsRead(operation))
        {
            return;
        }

        _changes.Changed(signingName);
        if (EmulatorPersistence.AwaitsCommit(signingName, operation))
        {
            await _changes.CommitAsync().ConfigureAwait(false);
        }
    }

    /// <summary>The hex SHA-256 of the whole body, for verifying a signature; the body is buffered and rewound for the service.</summary>
    private static async Task<string> HashBodyAsync(HttpRequest request)
    {
        request.EnableBuffering();
        using var hash = System.Security.Cryptography.IncrementalHash.CreateHash(System.Security.Cryptography.HashAlgorithmName.SHA256);
        var buffer = System.Buffers.ArrayPool<byte>.Shared.Rent(81_920); // one per request otherwise: the emulator's largest allocation
        try
        {
            int read;
            while ((read = await request.Body.ReadAsync(buffer, request.HttpContext.RequestAborted).ConfigureAwait(false)) > 0)
            {
                hash.AppendData(buffer, 0, read);
            }
        }
        finally
        {
            System.Buffers.ArrayPool<byte>.Shared.Return(buffer);
        }

        request.Body.Position = 0;
        return Convert.ToHexStringLower(hash.GetHashAndReset());
    }

    /// <summary>Form body (POST, urlencoded) merged over the query string; <c>null</c> when neither can carry Action.</summary>
    private static async Task<Dictionary<string, string>?> ReadQueryParametersAsync(HttpRequest request)
    {
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (key, value) in request.Query)
        {
            result[key] = value.ToString();
        }

        if (HttpMethods.IsPost(request.Method) && request.HasFormContentType &&
            request.ContentType?.StartsWith("application/x-www-form-urlencoded", StringComparison.OrdinalIgnoreCase) == true)
        {
            var form = await request.ReadFormAsync(request.HttpContext.RequestAborted).ConfigureAwait(false);
            foreach (var (key, value) in form)
            {
                result[key] = value.ToString();
            }
        }

        return result.ContainsKey("Action") ? result : null;
    }

    private static System.Xml.Linq.XElement Qualify(System.Xml.Linq.XElement element, XNamespace ns)
    {
        foreach (var e in element.DescendantsAndSelf())
        {
            if (e.Name.Namespace == XNamespace.None)
            {
                e.Name = ns + e.Name.LocalName;
            }
        }

        return element;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Fault switch: {Service} {Operation} answered {Error}")]
    private static partial void LogFaulted(ILogger logger, string service, string operation, string error);

    private static Task WriteJsonErrorAsync(HttpContext http, IJsonService? service, AwsRequestContext context, AwsServiceException error)
    {
        var type = service is null ? error.Code : $"{service.ErrorNamespace}#{error.Code}";
        http.Response.StatusCode = (int)error.StatusCode;
        http.Response.ContentType = $"application/x-amz-json-{service?.JsonVersion ?? "1.0"}";
        http.Response.Headers["x-amzn-RequestId"] = context.RequestId;
        http.Response.Headers["X-Amzn-Errortype"] = error.Code;
        if (error.QueryErrorCode is not null)
        {
            http.Response.Headers["x-amzn-query-error"] = $"{error.QueryErrorCode};{(error.SenderFault ? "Sender" : "Receiver")}";
        }

        var body = new JsonObject { ["__type"] = type, ["message"] = error.Message };
        foreach (var (name, value) in error.JsonMembers ?? [])
        {
            body[name] = value?.DeepClone();
        }

        return JsonBody.WriteAsync(http.Response, body, http.RequestAborted);
    }

    private static Task WriteQueryErrorAsync(HttpContext http, IQueryService? service, AwsRequestContext context, AwsServiceException error)
    {
        XNamespace ns = service?.XmlNamespace ?? string.Empty;
        var document = new System.Xml.Linq.XElement(ns + "ErrorResponse",
            new System.Xml.Linq.XElement(ns + "Error",
                new System.Xml.Linq.XElement(ns + "Type", error.SenderFault ? "Sender" : "Receiver"),
                new System.Xml.Linq.XElement(ns + "Code", error.QueryErrorCode ?? error.Code),
                new System.Xml.Linq.XElement(ns + "Message", error.Message)),
            new System.Xml.Linq.XElement(ns + "RequestId", context.RequestId));
        return WriteXmlAsync(http, error.StatusCode, document);
    }

    private static Task WriteRestXmlErrorAsync(HttpContext http, AwsRequestContext context, AwsServiceException error)
    {
        var element = new System.Xml.Linq.XElement("Error",
            new System.Xml.Linq.XElement("Code", error.Code),
            new System.Xml.Linq.XElement("Message", error.Message));
        foreach (var (name, value) in error.Details ?? new Dictionary<string, string>())
        {
            element.Add(new System.Xml.Linq.XElement(name, value));
        }

        element.Add(new System.Xml.Linq.XElement("RequestId", context.RequestId));
        http.Response.Headers["x-amz-request-id"] = context.RequestId;
        if (HttpMethods.IsHead(http.Request.Method))
        {
            http.Response.StatusCode = (int)error.StatusCode; // HEAD errors carry no body
            return Task.CompletedTask;
        }

        return WriteXmlAsync(http, error.StatusCode, element);
    }

    private static async Task WriteXmlAsync(HttpContext http, HttpStatusCode status, System.Xml.Linq.XElement element)
    {
        http.Response.StatusCode = (int)status;
        http.Response.ContentType = "text/xml";
        var text = new System.Xml.Linq.XDocument(new System.Xml.Linq.XDeclaration("1.0", "UTF-8", null), element).Declaration + XmlText.Serialize(element);
        await http.Response.WriteAsync(text, http.RequestAborted).ConfigureAwait(false);
    }

    /// <summary>The JSON and Query services' answer to an unexpected failure: 500 <c>InternalFailure</c> (https://docs.aws.amazon.com/ses/latest/APIReference/CommonErrors.html).</summary>
    private static AwsServiceException InternalFailure() =>
        new("InternalFailure", "The request processing has failed because of an unknown error, exception or failure.", HttpStatusCode.InternalServerError, senderFault: false);

    [LoggerMessage(Level = LogLevel.Error, Message = "Unexpected failure in {Method} {Operation}; answered 500 {Code}")]
    private static partial void LogUnexpected(ILogger logger, Exception error, string method, string operation, string code);
}
