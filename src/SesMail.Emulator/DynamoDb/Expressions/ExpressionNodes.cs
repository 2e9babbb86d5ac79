using System.Text.Json.Nodes;

namespace SesMail.Emulator.DynamoDb.Expressions;

/// <summary>One step of a document path: an attribute or map member name, or a list index.</summary>
/// <param name="Name">The name (placeholders already substituted), or <c>null</c> for an index.</param>
/// <param name="Index">The list index when <see cref="Name"/> is <c>null</c>.</param>
internal readonly record struct PathElement(string? Name, int Index)
{
    /// <inheritdoc/>
    public override string ToString() => Name ?? $"[{Index}]";
}

/// <summary>A document path such as <c>a.b[2].c</c>; the first element is always a top-level attribute name.</summary>
/// <param name="Elements">The steps.</param>
internal sealed record DocumentPath(IReadOnlyList<PathElement> Elements)
{
    /// <summary>The top-level attribute name.</summary>
    public string Attribute => Elements[0].Name!;

    /// <summary>Whether one path is a prefix of (or equal to) the other: DynamoDB's "paths overlap".</summary>
    /// <param name="other">The other path.</param>
    /// <returns>Whether they overlap.</returns>
    public bool Overlaps(DocumentPath other)
    {
        var n = Math.Min(Elements.Count, other.Elements.Count);
        for (var i = 0; i < n; i++)
        {
            if (Elements[i] != other.Elements[i])
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>DynamoDB's rendering in messages: <c>[a, b, [2]]</c>.</summary>
    /// <returns>Text.</returns>
    public override string ToString() => "[" + string.Join(", ", Elements) + "]";
}

/// <summary>A value-producing operand.</summary>
internal abstract record Operand;

/// <summary>An attribute reference.</summary>
/// <param name="Path">The document path.</param>
internal sealed record PathOperand(DocumentPath Path) : Operand;

/// <summary>An expression attribute value (<c>:v</c>), already resolved.</summary>
/// <param name="Placeholder">The placeholder as written.</param>
/// <param name="Value">The canonical attribute value.</param>
internal sealed record ValueOperand(string Placeholder, JsonObject Value) : Operand;

/// <summary><c>size(path)</c>.</summary>
/// <param name="Path">The path measured.</param>
internal sealed record SizeOperand(DocumentPath Path) : Operand;

/// <summary><c>if_not_exists(path, value)</c> (update expressions only).</summary>
/// <param name="Path">The path tested.</param>
/// <param name="Fallback">The value used when the path is absent.</param>
internal sealed record IfNotExistsOperand(DocumentPath Path, Operand Fallback) : Operand;

/// <summary><c>list_append(a, b)</c> (update expressions only).</summary>
/// <param name="First">The first list.</param>
/// <param name="Second">The list appended to it.</param>
internal sealed record ListAppendOperand(Operand First, Operand Second) : Operand;

/// <summary><c>a + b</c> or <c>a - b</c> (update expressions only, numbers).</summary>
/// <param name="Left">Left operand.</param>
/// <param name="Operator"><c>+</c> or <c>-</c>.</param>
/// <param name="Right">Right operand.</param>
internal sealed record ArithmeticOperand(Operand Left, char Operator, Operand Right) : Operand;

/// <summary>A boolean condition.</summary>
internal abstract record Condition;

/// <summary><c>a = b</c>, <c>&lt;&gt;</c>, <c>&lt;</c>, <c>&lt;=</c>, <c>&gt;</c>, <c>&gt;=</c>.</summary>
/// <param name="Left">Left operand.</param>
/// <param name="Operator">The comparator as written.</param>
/// <param name="Right">Right operand.</param>
internal sealed record ComparisonCondition(Operand Left, string Operator, Operand Right) : Condition;

/// <summary><c>a BETWEEN low AND high</c>.</summary>
/// <param name="Value">The tested operand.</param>
/// <param name="Low">Inclusive lower bound.</param>
/// <param name="High">Inclusive upper bound.</param>
internal sealed record BetweenCondition(Operand Value, Operand Low, Operand High) : Condition;

/// <summary><c>a IN (b, c, …)</c>.</summary>
/// <param name="Value">The tested operand.</param>
/// <param name="Candidates">The list (1 to 100 operands).</param>
internal sealed record InCondition(Operand Value, IReadOnlyList<Operand> Candidates) : Condition;

/// <summary>A boolean function: <c>attribute_exists</c>, <c>attribute_not_exists</c>, <c>attribute_type</c>, <c>begins_with</c>, <c>contains</c>.</summary>
/// <param name="Name">The function name (case-sensitive, as DynamoDB requires).</param>
/// <param name="Arguments">The arguments.</param>
internal sealed record FunctionCondition(string Name, IReadOnlyList<Operand> Arguments) : Condition;

/// <summary><c>a AND b</c>.</summary>
/// <param name="Left">Left.</param>
/// <param name="Right">Right.</param>
internal sealed record AndCondition(Condition Left, Condition Right) : Condition;

/// <summary><c>a OR b</c>.</summary>
/// <param name="Left">Left.</param>
/// <param name="Right">Right.</param>
internal sealed record OrCondition(Condition Left, Condition Right) : Condition;

/// <summary><c>NOT a</c>.</summary>
/// <param name="Operand">The negated condition.</param>
internal sealed record NotCondition(Condition Operand) : Condition;

/// <summary>The kinds of update action.</summary>
internal enum UpdateActionKind
{
    /// <summary><c>SET path = value</c>.</summary>
    Set,

    /// <summary><c>REMOVE path</c>.</summary>
    Remove,

    /// <summary><c>ADD path value</c>.</summary>
    Add,

    /// <summary><c>DELETE path value</c>.</summary>
    Delete,
}

/// <summary>One action of an update expression.</summary>
/// <param name="Kind">The clause it belongs to.</param>
/// <param name="Path">The target path.</param>
/// <param name="Value">The value (null for REMOVE).</param>
internal sealed record UpdateAction(UpdateActionKind Kind, DocumentPath Path, Operand? Value);
