using System.Collections;
using System.Globalization;

namespace SesMail.Functions;

/// <summary>
/// One function's environment variables, and the typed reading of them that fails loudly. In AWS every function has
/// its own process environment; locally several functions share a process, so the local runtime and the tests build
/// each function with its own dictionary (taken from the template). Nothing else reads the process environment.
/// </summary>
/// <remarks>
/// Each function turns its settings into one typed options object in its constructor (the cold start): a variable
/// it needs that is unset, or a value it cannot read, throws <see cref="FunctionConfigurationException"/> there, with
/// a message naming the variable and the template resource that should set it (for example
/// <c>GMAIL_RETRY_BUDGET_SECONDS='abc' is not a whole number of seconds; set it in template.yaml:
/// ForwarderFunction.Properties.Environment.Variables</c>). No value falls back silently and no resource name is
/// derived by convention: every name comes from a variable the template sets (docs/DEVELOPMENT.md, "Adding a function").
/// </remarks>
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

    /// <summary>A reader whose errors name <paramref name="templateResource"/> as the place to set a variable.</summary>
    /// <param name="templateResource">The function's logical id in <c>template.yaml</c>, e.g. <c>RouterFunction</c>.</param>
    /// <returns>The reader.</returns>
    internal Reader For(string templateResource) => new(this, templateResource);

    /// <summary>Typed, failing reads of one function's variables.</summary>
    /// <param name="settings">The variables.</param>
    /// <param name="templateResource">The function's logical id in <c>template.yaml</c>.</param>
    internal sealed class Reader(FunctionSettings settings, string templateResource)
    {
        /// <summary>Where the template sets this function's variables.</summary>
        public string Place => $"template.yaml: {templateResource}.Properties.Environment.Variables";

        /// <summary>A variable the template must set.</summary>
        /// <param name="name">The variable.</param>
        /// <returns>Its non-empty value.</returns>
        /// <exception cref="FunctionConfigurationException">Unset or empty.</exception>
        public string Required(string name) => settings.Get(name) ?? throw Missing(name);

        /// <summary><c>ENVIRONMENT</c>: the stack environment, <c>test</c> or <c>prod</c> (the template's <c>AllowedValues</c>).</summary>
        /// <returns>The environment name.</returns>
        /// <exception cref="FunctionConfigurationException">Unset, or neither <c>test</c> nor <c>prod</c>.</exception>
        public string Environment()
        {
            var value = Required("ENVIRONMENT");
            return value is "test" or "prod" ? value : throw Malformed("ENVIRONMENT", value, "is not test or prod");
        }

        /// <summary>A variable holding an absolute http(s) URL.</summary>
        /// <param name="name">The variable.</param>
        /// <returns>The URL.</returns>
        /// <exception cref="FunctionConfigurationException">Unset, or not an absolute http(s) URL.</exception>
        public Uri RequiredUrl(string name) => Url(name, Required(name));

        /// <summary>A variable holding an e-mail address (<c>local@domain</c>).</summary>
        /// <param name="name">The variable.</param>
        /// <returns>The address.</returns>
        /// <exception cref="FunctionConfigurationException">Unset, or without a local part and a domain.</exception>
        public string RequiredAddress(string name)
        {
            var value = Required(name);
            var at = value.LastIndexOf('@');
            return at > 0 && at < value.Length - 1 ? value : throw Malformed(name, value, "is not an e-mail address (local@domain)");
        }

        /// <summary>A variable holding a comma-separated list with at least one element (blanks trimmed and dropped).</summary>
        /// <param name="name">The variable.</param>
        /// <returns>The elements.</returns>
        /// <exception cref="FunctionConfigurationException">Unset, or no element.</exception>
        public IReadOnlyList<string> RequiredList(string name)
        {
            var value = Required(name);
            var items = value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            return items.Length > 0 ? items : throw Malformed(name, value, "is not a comma-separated list");
        }

        /// <summary>An optional whole number of seconds within bounds.</summary>
        /// <param name="name">The variable.</param>
        /// <param name="fallback">The value when unset.</param>
        /// <param name="minimum">The smallest allowed value, in seconds.</param>
        /// <param name="maximum">The largest allowed value, in seconds.</param>
        /// <returns>The duration.</returns>
        /// <exception cref="FunctionConfigurationException">Set, but not a whole number of seconds in bounds.</exception>
        public TimeSpan OptionalSeconds(string name, TimeSpan fallback, int minimum, int maximum)
        {
            if (settings.Get(name) is not { } value)
            {
                return fallback;
            }

            if (!int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds))
            {
                throw Malformed(name, value, "is not a whole number of seconds");
            }

            return seconds >= minimum && seconds <= maximum
                ? TimeSpan.FromSeconds(seconds)
                : throw Malformed(name, value, $"is outside {minimum}–{maximum} seconds");
        }

        /// <summary>An optional whole number of bytes, at least <paramref name="minimum"/>.</summary>
        /// <param name="name">The variable.</param>
        /// <param name="fallback">The value when unset.</param>
        /// <param name="minimum">The smallest allowed value.</param>
        /// <returns>The byte count.</returns>
        /// <exception cref="FunctionConfigurationException">Set, but not a whole number of bytes of at least <paramref name="minimum"/>.</exception>
        public long OptionalBytes(string name, long fallback, long minimum)
        {
            if (settings.Get(name) is not { } value)
            {
                return fallback;
            }

            return long.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var bytes) && bytes >= minimum
                ? bytes
                : throw Malformed(name, value, $"is not a whole number of bytes of at least {minimum}");
        }

        /// <summary>The error for a variable that is unset.</summary>
        /// <param name="name">The variable.</param>
        /// <returns>The exception to throw.</returns>
        public FunctionConfigurationException Missing(string name) => new(name, $"{name} is not set; set it in {Place}");

        /// <summary>The error for a value that cannot be read.</summary>
        /// <param name="name">The variable.</param>
        /// <param name="value">The value found.</param>
        /// <param name="problem">What is wrong, e.g. <c>is not a whole number of seconds</c>.</param>
        /// <returns>The exception to throw.</returns>
        public FunctionConfigurationException Malformed(string name, string value, string problem) => new(name, $"{name}='{value}' {problem}; set it in {Place}");

        private Uri Url(string name, string value) =>
            Uri.TryCreate(value, UriKind.Absolute, out var url) && (url.Scheme == Uri.UriSchemeHttp || url.Scheme == Uri.UriSchemeHttps)
                ? url
                : throw Malformed(name, value, "is not an absolute http(s) URL");
    }
}
