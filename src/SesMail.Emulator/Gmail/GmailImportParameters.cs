namespace SesMail.Emulator.Gmail;

/// <summary>
/// The query flags and metadata of one <c>users.messages.import</c> or <c>users.messages.insert</c> call
/// (https://developers.google.com/workspace/gmail/api/reference/rest/v1/users.messages/import#query-parameters).
/// </summary>
/// <param name="Method"><c>import</c> or <c>insert</c>.</param>
/// <param name="InternalDateSource"><c>receivedTime</c> or <c>dateHeader</c>; import defaults to <c>dateHeader</c>, insert to <c>receivedTime</c>.</param>
/// <param name="NeverMarkSpam">Import only; recorded (the stand-in has no spam classifier).</param>
/// <param name="ProcessForCalendar">Import only; recorded (no calendar).</param>
/// <param name="Deleted">Vault-only: stored, but hidden from <c>messages.list</c>.</param>
/// <param name="LabelIds">Labels from the request's <c>Message</c> metadata.</param>
/// <param name="UploadType"><c>media</c>, <c>multipart</c>, <c>resumable</c> or <c>raw</c> (metadata form).</param>
internal sealed record GmailImportParameters(
    string Method,
    string InternalDateSource,
    bool NeverMarkSpam,
    bool ProcessForCalendar,
    bool Deleted,
    IReadOnlyList<string> LabelIds,
    string UploadType)
{
    /// <summary>Reads and validates the query flags of <paramref name="request"/>.</summary>
    /// <exception cref="GmailApiException">400 for a bad enum or boolean value.</exception>
    public static GmailImportParameters FromQuery(HttpRequest request, string method, string uploadType)
    {
        var source = request.Query["internalDateSource"].ToString();
        if (source.Length == 0)
        {
            source = method == "insert" ? "receivedTime" : "dateHeader";
        }
        else if (source is not ("receivedTime" or "dateHeader"))
        {
            throw GmailApiException.BadRequest($"Invalid value at 'internal_date_source' (type.googleapis.com/google.apps.gmail.v1.InternalDateSource), \"{source}\"");
        }

        var neverMarkSpam = Flag(request, "neverMarkSpam");
        var processForCalendar = Flag(request, "processForCalendar");
        if (method == "insert" && (request.Query.ContainsKey("neverMarkSpam") || request.Query.ContainsKey("processForCalendar")))
        {
            throw GmailApiException.BadRequest("Invalid JSON payload received. Unknown name \"neverMarkSpam\"/\"processForCalendar\": users.messages.insert does not take these parameters.");
        }

        return new GmailImportParameters(method, source, neverMarkSpam, processForCalendar, Flag(request, "deleted"), [], uploadType);
    }

    /// <summary>The same parameters with the labels and upload type of the request's metadata.</summary>
    public GmailImportParameters WithMetadata(GmailMessageInput? metadata, string uploadType) =>
        this with { LabelIds = metadata?.LabelIds ?? [], UploadType = uploadType };

    private static bool Flag(HttpRequest request, string name)
    {
        var value = request.Query[name].ToString();
        return value.Length switch
        {
            0 => false,
            _ when bool.TryParse(value, out var flag) => flag,
            _ => throw GmailApiException.BadRequest($"Invalid value at '{name}' (TYPE_BOOL), \"{value}\""),
        };
    }
}
