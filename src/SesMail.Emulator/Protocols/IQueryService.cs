using System.Xml.Linq;

namespace SesMail.Emulator.Protocols;

/// <summary>
/// A service spoken in the AWS Query protocol: form-encoded <c>Action=…&amp;Version=…</c>, XML responses
/// <c>&lt;{Action}Response&gt;&lt;{Action}Result&gt;…&lt;/…&gt;&lt;ResponseMetadata&gt;&lt;RequestId&gt;</c>.
/// </summary>
public interface IQueryService
{
    /// <summary>SigV4 signing name that selects this service, e.g. <c>sns</c>, <c>sts</c>, <c>email</c>.</summary>
    string SigningName { get; }

    /// <summary>XML namespace of responses, e.g. <c>http://sns.amazonaws.com/doc/2010-03-31/</c>.</summary>
    string XmlNamespace { get; }

    /// <summary>Whether this service implements <paramref name="action"/> (used when a request is unsigned).</summary>
    /// <param name="action">The <c>Action</c> parameter.</param>
    /// <returns><c>true</c> when the action belongs to this service.</returns>
    bool Handles(string action);

    /// <summary>Runs one action.</summary>
    /// <param name="action">The <c>Action</c> parameter.</param>
    /// <param name="parameters">All form (or query-string) parameters, flattened as sent (<c>Attributes.entry.1.key</c>).</param>
    /// <param name="context">The call's context.</param>
    /// <param name="cancellationToken">Aborted when the caller disconnects.</param>
    /// <returns>The children of <c>&lt;{Action}Result&gt;</c> (unqualified names: the layer applies the namespace); empty for none.</returns>
    /// <exception cref="AwsServiceException">Any service error, including an unknown action.</exception>
    ValueTask<IEnumerable<XElement>> InvokeAsync(string action, IReadOnlyDictionary<string, string> parameters, AwsRequestContext context, CancellationToken cancellationToken);
}
