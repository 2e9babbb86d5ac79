using SesMail.Functions.Bouncer;
using SesMail.Functions.GmailForwarder;
using SesMail.Functions.OutboundMetrics;
using SesMail.Functions.Router;
using SesMail.Functions.SmtpCredentials;
using SesMail.LambdaRuntime;

namespace SesMail.Functions.Bootstrap;

/// <summary>
/// The functions of the package by handler string (<c>Assembly::Type::Method</c>, as the template's <c>Handler</c> and
/// the dotnet10 runtime name them), built without reflection: the table Native AOT needs in place of the managed
/// runtime's <c>Assembly.Load</c>.
/// </summary>
internal static class Handlers
{
    /// <summary>The router (pipe enrichment).</summary>
    public const string Router = "SesMail.Functions::SesMail.Functions.Router.RouterFunction::HandleAsync";

    /// <summary>The Gmail forwarder.</summary>
    public const string Forwarder = "SesMail.Functions::SesMail.Functions.GmailForwarder.GmailForwarderFunction::HandleAsync";

    /// <summary>The bouncer.</summary>
    public const string Bouncer = "SesMail.Functions::SesMail.Functions.Bouncer.BouncerFunction::HandleAsync";

    /// <summary>The SMTP credential manager.</summary>
    public const string SmtpCredentialManager = "SesMail.Functions::SesMail.Functions.SmtpCredentials.SmtpCredentialManagerFunction::HandleAsync";

    /// <summary>The outbound metrics publisher.</summary>
    public const string OutboundMetrics = "SesMail.Functions::SesMail.Functions.OutboundMetrics.OutboundMetricsFunction::HandleAsync";

    /// <summary>Every handler string this bootstrap serves.</summary>
    public static IReadOnlyList<string> All { get; } = [Router, Forwarder, Bouncer, SmtpCredentialManager, OutboundMetrics];

    /// <summary>Builds the function named by <paramref name="handler"/> from the process environment.</summary>
    /// <param name="handler">The <c>_HANDLER</c> value.</param>
    /// <returns>Its handler delegate.</returns>
    /// <exception cref="InvalidOperationException">No function has that handler string.</exception>
    public static LambdaBootstrap.Handler Create(string? handler)
    {
        switch (handler)
        {
            case Router:
            {
                var function = new RouterFunction();
                return async input => await function.HandleAsync(input).ConfigureAwait(false);
            }

            case Forwarder:
            {
                var function = new GmailForwarderFunction();
                return async input => await function.HandleAsync(input).ConfigureAwait(false);
            }

            case Bouncer:
            {
                var function = new BouncerFunction();
                return async input => await function.HandleAsync(input).ConfigureAwait(false);
            }

            case SmtpCredentialManager:
            {
                var function = new SmtpCredentialManagerFunction();
                return async input => await function.HandleAsync(input).ConfigureAwait(false);
            }

            case OutboundMetrics:
            {
                var function = new OutboundMetricsFunction();
                return async input => await function.HandleAsync(input).ConfigureAwait(false);
            }

            default:
                throw new InvalidOperationException($"This bootstrap serves no handler '{handler}'; it serves {string.Join(", ", All)}.");
        }
    }
}
