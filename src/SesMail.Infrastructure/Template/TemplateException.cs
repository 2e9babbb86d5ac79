namespace SesMail.Infrastructure.Template;

/// <summary>
/// A template that cannot be read, validated or evaluated. The message names the place in the template
/// (for example <c>Resources.RouterFunction.Properties.Role</c>) and what is wrong there.
/// </summary>
public sealed class TemplateException : Exception
{
    /// <summary>Creates the exception.</summary>
    /// <param name="path">Where in the template, e.g. <c>Resources.InputQueue.Properties.RedrivePolicy</c>; may be empty.</param>
    /// <param name="message">What is wrong and, where possible, what to do.</param>
    public TemplateException(string path, string message)
        : base(path.Length == 0 ? message : $"{path}: {message}") => TemplatePath = path;

    /// <summary>Creates the exception with no location.</summary>
    public TemplateException()
        : this(string.Empty, "The template is invalid.")
    {
    }

    /// <summary>Creates the exception with no location.</summary>
    /// <param name="message">The message.</param>
    public TemplateException(string message)
        : this(string.Empty, message)
    {
    }

    /// <summary>Creates the exception with an inner cause.</summary>
    /// <param name="message">The message.</param>
    /// <param name="innerException">The cause.</param>
    public TemplateException(string message, Exception innerException)
        : base(message, innerException) => TemplatePath = string.Empty;

    /// <summary>The dotted path of the offending template element (empty when the whole document is at fault).</summary>
    public string TemplatePath { get; }
}
