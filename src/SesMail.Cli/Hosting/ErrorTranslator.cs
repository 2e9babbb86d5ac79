using System.Net.Sockets;
using Amazon.Runtime;
using MailKit.Net.Smtp;

namespace SesMail.Cli.Hosting;

/// <summary>Turns exceptions from the SDK, HTTP and SMTP into what went wrong and what to do.</summary>
internal static class ErrorTranslator
{
    public const string StartHint = "Start the local stack with: dotnet run --project src/SesMail.AppHost";

    public static CliException Translate(Exception exception, CliSettings? settings)
    {
        if (exception is CliException cli)
        {
            return cli;
        }

        var where = settings?.Describe() ?? CliSettings.DefaultEndpoint.ToString().TrimEnd('/');
        if (Find<SocketException>(exception) is { SocketErrorCode: SocketError.ConnectionRefused or SocketError.TimedOut or SocketError.HostNotFound or SocketError.NetworkUnreachable })
        {
            return new CliException($"nothing answers at {where}.", settings?.Endpoint is null ? "Check your network and AWS profile." : StartHint, 1, exception);
        }

        if (Find<HttpRequestException>(exception) is { } http && http.HttpRequestError == HttpRequestError.ConnectionError)
        {
            return new CliException($"nothing answers at {where}.", StartHint, 1, exception);
        }

        if (Find<AmazonServiceException>(exception) is { } aws)
        {
            var hint = aws.ErrorCode switch
            {
                "ResourceNotFoundException" or "AWS.SimpleQueueService.NonExistentQueue" or "QueueDoesNotExist" =>
                    $"The {settings?.Environment ?? "test"} stack is not provisioned at {where}. Is the runtime running and healthy, and is --env right?",
                "UnrecognizedClientException" or "InvalidClientTokenId" or "ExpiredToken" or "ExpiredTokenException" =>
                    "Refresh the credentials of your AWS profile (aws sso login --profile …).",
                _ => null,
            };
            return new CliException($"{aws.ErrorCode ?? aws.GetType().Name}: {aws.Message}", hint, 1, exception);
        }

        if (Find<SmtpCommandException>(exception) is { } smtp)
        {
            return new CliException($"the SMTP server answered {(int)smtp.StatusCode}: {smtp.Message.Trim()}", SmtpHint((int)smtp.StatusCode), 1, exception);
        }

        if (Find<SmtpProtocolException>(exception) is { } protocol)
        {
            return new CliException($"SMTP protocol error: {protocol.Message}", StartHint, 1, exception);
        }

        if (exception is OperationCanceledException)
        {
            return new CliException("cancelled.", null, 130, exception);
        }

        return new CliException($"{exception.GetType().Name}: {exception.Message}", null, 1, exception);
    }

    private static string? SmtpHint(int status) => status switch
    {
        550 => "The address is not covered by an enabled receipt rule; check the stack's Domains parameter.",
        552 => "The message is over the size limit (40 MB).",
        451 or 421 => "The SMTP edge could not store the message; look at the runtime's logs in the dashboard and try again.",
        _ => null,
    };

    private static T? Find<T>(Exception? exception)
        where T : Exception
    {
        for (var current = exception; current is not null; current = current.InnerException)
        {
            if (current is T match)
            {
                return match;
            }

            if (current is AggregateException aggregate && aggregate.InnerExceptions.Count > 0)
            {
                return aggregate.InnerExceptions.Select(Find<T>).FirstOrDefault(found => found is not null);
            }
        }

        return null;
    }
}
