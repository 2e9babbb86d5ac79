namespace SesMail.Functions;

/// <summary>
/// A function cannot start: a variable of its environment is unset or malformed. Thrown by the function's
/// constructor (Lambda's init phase, the local runtime's start-up); the message names the variable and where to set it.
/// </summary>
public sealed class FunctionConfigurationException : InvalidOperationException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="variable">The environment variable at fault, e.g. <c>ROUTING_TABLE_NAME</c>.</param>
    /// <param name="message">What is wrong and where to set it.</param>
    public FunctionConfigurationException(string variable, string message)
        : base(message) => Variable = variable;

    /// <summary>Creates the exception (for serializers and analyzers; prefer the variable-naming constructor).</summary>
    public FunctionConfigurationException()
        : this(string.Empty, "A function setting is unset or malformed.")
    {
    }

    /// <summary>Creates the exception (for serializers and analyzers; prefer the variable-naming constructor).</summary>
    /// <param name="message">The message.</param>
    public FunctionConfigurationException(string message)
        : this(string.Empty, message)
    {
    }

    /// <summary>Creates the exception (for serializers and analyzers; prefer the variable-naming constructor).</summary>
    /// <param name="message">The message.</param>
    /// <param name="innerException">The cause.</param>
    public FunctionConfigurationException(string message, Exception innerException)
        : base(message, innerException) => Variable = string.Empty;

    /// <summary>The environment variable at fault (empty when not known).</summary>
    public string Variable { get; }
}
