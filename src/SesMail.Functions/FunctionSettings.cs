using System.Collections;

namespace SesMail.Functions;

/// <summary>
/// One function's settings: its environment variables as a dictionary. In AWS every function has its own process
/// environment; locally several functions share a process, so the local runtime and the tests build each function
/// with its own dictionary (taken from the template). Nothing else reads the process environment.
/// </summary>
public sealed class FunctionSettings
{
    private readonly IReadOnlyDictionary<string, string> _values;

    /// <summary>Creates settings from an explicit environment.</summary>
    /// <param name="values">Variable name → value (names are case-sensitive, as on Linux).</param>
    public FunctionSettings(IReadOnlyDictionary<string, string> values) => _values = values;

    /// <summary>The variables, as given.</summary>
    public IReadOnlyDictionary<string, string> Values => _values;

    /// <summary>Settings from the current process environment (what the Lambda runtime provides).</summary>
    /// <returns>A snapshot of the process environment.</returns>
    public static FunctionSettings FromProcessEnvironment()
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (DictionaryEntry entry in System.Environment.GetEnvironmentVariables())
        {
            values[(string)entry.Key] = entry.Value?.ToString() ?? string.Empty;
        }

        return new FunctionSettings(values);
    }

    /// <summary>The value of <paramref name="name"/>, or <c>null</c> when it is unset or empty.</summary>
    /// <param name="name">The variable name, e.g. <c>EMAIL_BUCKET</c>.</param>
    /// <returns>The value or <c>null</c>.</returns>
    public string? Get(string name) => _values.TryGetValue(name, out var value) && value.Length > 0 ? value : null;

    /// <summary>The value of <paramref name="name"/>.</summary>
    /// <param name="name">The variable name.</param>
    /// <returns>The value.</returns>
    /// <exception cref="InvalidOperationException">The variable is unset or empty; the message names it.</exception>
    public string Require(string name) =>
        Get(name) ?? throw new InvalidOperationException($"The environment variable {name} is not set; the function's template entry must define it.");

    /// <summary>The AWS region (<c>AWS_REGION</c>, else <c>AWS_DEFAULT_REGION</c>, else <c>us-east-1</c>).</summary>
    public string Region => Get("AWS_REGION") ?? Get("AWS_DEFAULT_REGION") ?? "us-east-1";

    /// <summary>The deployment environment name (<c>ENVIRONMENT</c>: <c>test</c> or <c>prod</c>), default <c>test</c>.</summary>
    public string Environment => Get("ENVIRONMENT") ?? "test";

    /// <summary>
    /// The endpoint every AWS client of this function talks to (<c>AWS_ENDPOINT_URL</c>), or <c>null</c> for AWS itself.
    /// </summary>
    public string? EndpointUrl => Get("AWS_ENDPOINT_URL");
}
