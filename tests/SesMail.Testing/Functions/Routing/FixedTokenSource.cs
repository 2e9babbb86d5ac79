using SesMail.Functions.Routing;

namespace SesMail.Testing.Functions.Routing;

/// <summary>An <see cref="IIntegrationTestTokenSource"/> with a fixed token (<c>null</c>: none stored); counts reads.</summary>
/// <param name="token">The token every read returns.</param>
internal sealed class FixedTokenSource(string? token) : IIntegrationTestTokenSource
{
    /// <summary>How many reads were made.</summary>
    public int Reads { get; private set; }

    /// <inheritdoc />
    public ValueTask<string?> GetTokenAsync(CancellationToken cancellationToken)
    {
        Reads++;
        return ValueTask.FromResult(token);
    }
}
