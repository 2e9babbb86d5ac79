namespace SesMail.Emulator.Protocols;

/// <summary>The output of an operation that returns nothing: <c>{}</c> in JSON, an empty <c>&lt;{Action}Result/&gt;</c> in Query.</summary>
internal sealed record EmptyResult
{
    /// <summary>The one instance.</summary>
    public static EmptyResult Instance { get; } = new();
}
