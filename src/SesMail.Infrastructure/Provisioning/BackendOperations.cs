using System.Net;
using Amazon.Runtime;

namespace SesMail.Infrastructure.Provisioning;

/// <summary>Calls for configuration that a backend may not implement (LocalStack community, our emulator).</summary>
internal static class BackendOperations
{
    private static readonly HashSet<string> NotImplementedCodes = new(StringComparer.OrdinalIgnoreCase)
    {
        "NotImplemented", "InvalidAction", "UnknownOperationException", "UnknownOperation", "UnsupportedOperation",
        "NotImplementedException", "InvalidParameterValue.NotSupported",
    };

    /// <summary>Whether the backend answered that it does not implement the operation (or the whole service).</summary>
    public static bool IsNotImplemented(AmazonServiceException ex) =>
        NotImplementedCodes.Contains(ex.ErrorCode ?? string.Empty) || ex.StatusCode == HttpStatusCode.NotImplemented;

    /// <summary>Runs a configuration call; when the backend says it does not implement the operation, records a note instead of failing.</summary>
    public static async Task<bool> OptionalAsync(ProvisioningContext context, string what, Func<Task> call)
    {
        try
        {
            await call().ConfigureAwait(false);
            return true;
        }
        catch (AmazonServiceException ex) when (IsNotImplemented(ex))
        {
            context.Notes.Add($"{what}: not supported by the backend ({ex.ErrorCode}).");
            return false;
        }
    }
}
