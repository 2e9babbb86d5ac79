namespace SesMail.LocalRuntime.Invocation;

/// <summary>
/// A .NET Lambda handler string, <c>Assembly::Namespace.Type::Method</c>
/// (https://docs.aws.amazon.com/lambda/latest/dg/csharp-handler.html), split once with one message per malformed part.
/// </summary>
/// <param name="AssemblyName">e.g. <c>SesMail.Functions</c>.</param>
/// <param name="TypeName">The full type name, e.g. <c>SesMail.Functions.Router.RouterFunction</c>.</param>
/// <param name="MethodName">e.g. <c>HandleAsync</c>.</param>
internal sealed record HandlerString(string AssemblyName, string TypeName, string MethodName)
{
    /// <summary>Parses a handler string.</summary>
    /// <exception cref="FormatException">The string is empty or a part is missing; the message names the part.</exception>
    public static HandlerString Parse(string? handler)
    {
        if (string.IsNullOrWhiteSpace(handler))
        {
            throw new FormatException(HandlerErrors.Empty);
        }

        var parts = handler.Split("::");
        if (parts.Length != 3)
        {
            throw new FormatException(string.Format(System.Globalization.CultureInfo.InvariantCulture, HandlerErrors.WrongPartCount, handler, parts.Length));
        }

        string Part(int index, string message) => parts[index].Trim().Length > 0
            ? parts[index].Trim()
            : throw new FormatException(string.Format(System.Globalization.CultureInfo.InvariantCulture, message, handler));

        return new HandlerString(Part(0, HandlerErrors.NoAssembly), Part(1, HandlerErrors.NoType), Part(2, HandlerErrors.NoMethod));
    }

    /// <inheritdoc/>
    public override string ToString() => $"{AssemblyName}::{TypeName}::{MethodName}";
}

/// <summary>Every handler-resolution message in one place, as the Lambda runtime keeps them.</summary>
internal static class HandlerErrors
{
    public const string Empty = "The function has no Handler; set Handler to Assembly::Namespace.Type::Method.";
    public const string WrongPartCount = "Handler '{0}' has {1} part(s); it must read Assembly::Namespace.Type::Method.";
    public const string NoAssembly = "Handler '{0}' names no assembly before the first '::'.";
    public const string NoType = "Handler '{0}' names no type between the '::' separators.";
    public const string NoMethod = "Handler '{0}' names no method after the last '::'.";
    public const string AssemblyNotFound = "Handler '{0}': the assembly {1} cannot be loaded ({2}).";
    public const string TypeNotFound = "Handler '{0}': the type {1} does not exist in assembly {2}.";
    public const string TypeNotPublic = "Handler '{0}': the type {1} must be a public, non-abstract class.";
    public const string NoSettingsConstructor = "Handler '{0}': the type {1} needs a public constructor taking SesMail.Functions.FunctionSettings, so each function gets its own environment.";
    public const string MethodNotFound = "Handler '{0}': the type {1} has no public method {2}.";
    public const string MethodAmbiguous = "Handler '{0}': the type {1} has {2} public methods named {3}; AWS Lambda rejects an overloaded handler, so keep one public method of that name.";
    public const string BadSignature = "Handler '{0}': {1}.{2} must take one System.IO.Stream and return Stream, Task<Stream>, ValueTask<Stream>, Task or void (the managed runtime needs no serializer for that shape).";
}
