using System.CommandLine;

namespace SesMail.Cli.Hosting;

/// <summary>Range checks on option values that leave a value that does not parse to the parser's own error.</summary>
internal static class OptionChecks
{
    /// <summary>
    /// Adds a validator that reports <paramref name="problem"/>'s message for a parsed value it rejects. A token that
    /// does not convert (<c>--rate abc</c>) is skipped here, since System.CommandLine already reports "Cannot parse
    /// argument … as expected type …" for it; reading the value would throw <see cref="InvalidOperationException"/>.
    /// </summary>
    /// <typeparam name="T">The option's value type.</typeparam>
    /// <param name="option">The option.</param>
    /// <param name="problem">The error for a value, or <c>null</c> when the value is fine.</param>
    public static void Check<T>(this Option<T> option, Func<T, string?> problem) =>
        option.Validators.Add(result =>
        {
            T value;
            try
            {
                value = result.GetValueOrDefault<T>();
            }
            catch (InvalidOperationException)
            {
                return;
            }

            if (problem(value) is { } message)
            {
                result.AddError(message);
            }
        });
}
