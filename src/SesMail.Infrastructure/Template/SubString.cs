using System.Text;

namespace SesMail.Infrastructure.Template;

/// <summary>
/// The pieces of an <c>Fn::Sub</c> string: literal text and <c>${Name}</c> / <c>${Resource.Attribute}</c> variables;
/// <c>${!Literal}</c> is the escape for a literal <c>${Literal}</c>
/// (https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/intrinsic-function-reference-sub.html).
/// </summary>
internal static class SubString
{
    /// <summary>Variable names (without <c>${}</c>) in order of appearance.</summary>
    public static IEnumerable<string> Variables(string text, string path)
    {
        var list = new List<string>();
        Substitute(text, path, name =>
        {
            list.Add(name);
            return string.Empty;
        });
        return list;
    }

    /// <summary>Replaces every variable by what <paramref name="resolve"/> returns.</summary>
    public static string Substitute(string text, string path, Func<string, string> resolve)
    {
        var result = new StringBuilder(text.Length);
        var i = 0;
        while (i < text.Length)
        {
            var start = text.IndexOf("${", i, StringComparison.Ordinal);
            if (start < 0)
            {
                result.Append(text, i, text.Length - i);
                break;
            }

            result.Append(text, i, start - i);
            var end = text.IndexOf('}', start + 2);
            if (end < 0)
            {
                throw new TemplateException(path, $"Fn::Sub: '${{' at position {start} has no closing '}}'.");
            }

            var name = text[(start + 2)..end];
            if (name.StartsWith('!'))
            {
                result.Append("${").Append(name, 1, name.Length - 1).Append('}');
            }
            else
            {
                var trimmed = name.Trim();
                if (trimmed.Length == 0)
                {
                    throw new TemplateException(path, "Fn::Sub: empty variable '${}'.");
                }

                result.Append(resolve(trimmed));
            }

            i = end + 1;
        }

        return result.ToString();
    }
}
