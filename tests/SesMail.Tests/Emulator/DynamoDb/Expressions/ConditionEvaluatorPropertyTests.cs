using System.Globalization;
using System.Text.Json.Nodes;
using CsCheck;
using SesMail.Emulator.DynamoDb;
using SesMail.Emulator.DynamoDb.Expressions;

namespace SesMail.Tests.Emulator.DynamoDb.Expressions;

/// <summary>
/// Property tests: random items and random conditions, rendered as expression text and evaluated by the parser and
/// <see cref="ConditionEvaluator"/>, must agree with a straightforward reference evaluator over plain .NET values.
/// </summary>
[Trait("Kind", "Unit")]
public sealed class ConditionEvaluatorPropertyTests
{
    private static readonly string[] Names = ["a", "b", "c", "d"];

    // Plain values: string (S), decimal (N), bool (BOOL), Null (NULL), Set (SS), Items (L).
    private sealed record Null;

    private sealed record Set(IReadOnlyList<string> Members);

    private sealed record Items(IReadOnlyList<object> Members);

    private abstract record Cond;

    private sealed record Cmp(string Name, string Op, object Value) : Cond;

    private sealed record SizeCmp(string Name, string Op, decimal Value) : Cond;

    private sealed record Between(string Name, object Low, object High) : Cond;

    private sealed record In(string Name, IReadOnlyList<object> Values) : Cond;

    private sealed record Fn(string Function, string Name, object? Value) : Cond;

    private sealed record And(Cond Left, Cond Right) : Cond;

    private sealed record Or(Cond Left, Cond Right) : Cond;

    private sealed record Not(Cond Operand) : Cond;

    private static readonly Gen<object> StringValue = Gen.OneOf<object>("", "a", "ab", "b", "ba", "B");
    private static readonly Gen<object> NumberValue = Gen.OneOf<object>(-2m, -1m, 0m, 1m, 1.5m, 2m, 10m);
    private static readonly Gen<object> ScalarValue = Gen.OneOf<object>(new IGen<object>[] { StringValue, NumberValue });
    private static readonly Gen<object> AnyValue = Gen.Frequency(
        (4, StringValue),
        (4, NumberValue),
        (1, Gen.Bool.Select(b => (object)b)),
        (1, Gen.Const((object)new Null())),
        (2, Gen.OneOf("a", "b", "c").HashSet[1, 3].Select(s => (object)new Set([.. s.Order(StringComparer.Ordinal)]))),
        (2, ScalarValue.List[0, 3].Select(l => (object)new Items(l))));

    private static readonly Gen<string> Name = Gen.OneOf(Names);
    private static readonly Gen<string> Ordering = Gen.OneOf("<", "<=", ">", ">=");

    private static readonly Gen<Cond> Leaf = Gen.Frequency(
        (3, Gen.Select(Name, Gen.OneOf("=", "<>"), AnyValue, (n, o, v) => (Cond)new Cmp(n, o, v))),
        (3, Gen.Select(Name, Ordering, ScalarValue, (n, o, v) => (Cond)new Cmp(n, o, v))),
        (1, Gen.Select(Name, Ordering, Gen.Int[0, 4], (n, o, v) => (Cond)new SizeCmp(n, o, (decimal)v))),
        (1, Gen.Select(Name, Gen.OneOf<(object, object)>(new IGen<(object, object)>[] {
            Gen.Select(StringValue, StringValue, (x, y) => (x, y)),
            Gen.Select(NumberValue, NumberValue, (x, y) => (x, y)) }), (n, p) =>
            {
                var (x, y) = p;
                var swap = x is string sx ? string.CompareOrdinal(sx, (string)y) > 0 : (decimal)x > (decimal)y;
                return (Cond)new Between(n, swap ? y : x, swap ? x : y);
            })),
        (1, Gen.Select(Name, AnyValue.List[1, 3], (n, v) => (Cond)new In(n, v))),
        (1, Name.Select(n => (Cond)new Fn("attribute_exists", n, null))),
        (1, Name.Select(n => (Cond)new Fn("attribute_not_exists", n, null))),
        (1, Gen.Select(Name, StringValue, (n, v) => (Cond)new Fn("begins_with", n, v))),
        (1, Gen.Select(Name, ScalarValue, (n, v) => (Cond)new Fn("contains", n, v))));

    private static Gen<Cond> Condition(int depth) => depth == 0
        ? Leaf
        : Gen.Frequency(
            (3, Leaf),
            (1, Gen.Select(Condition(depth - 1), Condition(depth - 1), (l, r) => (Cond)new And(l, r))),
            (1, Gen.Select(Condition(depth - 1), Condition(depth - 1), (l, r) => (Cond)new Or(l, r))),
            (1, Condition(depth - 1).Select(c => (Cond)new Not(c))));

    private static readonly Gen<Dictionary<string, object>> Item =
        Gen.Select(Gen.Bool.Array[Names.Length], AnyValue.Array[Names.Length], (present, values) =>
            Names.Select((n, i) => (n, i)).Where(p => present[p.i]).ToDictionary(p => p.n, p => values[p.i]));

    [Fact]
    public void Evaluate_RandomItemsAndConditions_AgreesWithReferenceEvaluator()
    {
        Gen.Select(Item, Condition(3)).Sample((item, condition) =>
        {
            var values = new JsonObject();
            var text = Render(condition, values);
            var parsed = ExpressionParser.ParseCondition(text, "ConditionExpression", new ExpressionAttributes(null, values.Count > 0 ? values : null));
            var actual = ConditionEvaluator.Evaluate(parsed, ToItem(item));

            return actual == Reference(condition, item);
        }, iter: 3000);
    }

    // ---- Rendering to DynamoDB -----------------------------------------------------------------------------

    private static string Render(Cond condition, JsonObject values)
    {
        string V(object v)
        {
            var name = ":v" + values.Count.ToString(CultureInfo.InvariantCulture);
            values[name] = ToAttributeValue(v);
            return name;
        }

        return condition switch
        {
            Cmp c => $"{c.Name} {c.Op} {V(c.Value)}",
            SizeCmp s => $"size({s.Name}) {s.Op} {V(s.Value)}",
            Between b => $"{b.Name} BETWEEN {V(b.Low)} AND {V(b.High)}",
            In i => $"{i.Name} IN ({string.Join(", ", i.Values.Select(V))})",
            Fn { Value: null } f => $"{f.Function}({f.Name})",
            Fn f => $"{f.Function}({f.Name}, {V(f.Value!)})",
            And a => $"({Render(a.Left, values)}) AND ({Render(a.Right, values)})",
            Or o => $"({Render(o.Left, values)}) OR ({Render(o.Right, values)})",
            Not n => $"NOT ({Render(n.Operand, values)})",
            _ => throw new InvalidOperationException(),
        };
    }

    private static JsonObject ToAttributeValue(object value) => value switch
    {
        string s => new JsonObject { ["S"] = s },
        decimal d => AttributeValues.Canonical(new JsonObject { ["N"] = d.ToString(CultureInfo.InvariantCulture) }),
        bool b => new JsonObject { ["BOOL"] = b },
        Null => new JsonObject { ["NULL"] = true },
        Set s => new JsonObject { ["SS"] = new JsonArray([.. s.Members.Select(m => (JsonNode)m)]) },
        Items l => new JsonObject { ["L"] = new JsonArray([.. l.Members.Select(m => (JsonNode)ToAttributeValue(m))]) },
        _ => throw new InvalidOperationException(),
    };

    private static JsonObject ToItem(Dictionary<string, object> item)
    {
        var result = new JsonObject();
        foreach (var (name, value) in item)
        {
            result[name] = ToAttributeValue(value);
        }

        return result;
    }

    // ---- Reference semantics (plain C#) --------------------------------------------------------------------

    private static bool Reference(Cond condition, Dictionary<string, object> item)
    {
        object? Get(string name) => item.TryGetValue(name, out var v) ? v : null;

        return condition switch
        {
            Cmp { Op: "=" } c => Same(Get(c.Name), c.Value),
            Cmp { Op: "<>" } c => !Same(Get(c.Name), c.Value),
            Cmp c => Order(Get(c.Name), c.Value) is { } o && Holds(c.Op, o),
            SizeCmp s => Size(Get(s.Name)) is { } n && Holds(s.Op, n.CompareTo(s.Value)),
            Between b => Order(Get(b.Name), b.Low) is >= 0 && Order(Get(b.Name), b.High) is <= 0,
            In i => Get(i.Name) is { } x && i.Values.Any(v => Same(x, v)),
            Fn { Function: "attribute_exists" } f => Get(f.Name) is not null,
            Fn { Function: "attribute_not_exists" } f => Get(f.Name) is null,
            Fn { Function: "begins_with" } f => Get(f.Name) is string s && s.StartsWith((string)f.Value!, StringComparison.Ordinal),
            Fn { Function: "contains" } f => Get(f.Name) switch
            {
                string s => f.Value is string sub && s.Contains(sub, StringComparison.Ordinal),
                Set set => f.Value is string member && set.Members.Contains(member),
                Items list => list.Members.Any(m => Same(m, f.Value!)),
                _ => false,
            },
            And a => Reference(a.Left, item) && Reference(a.Right, item),
            Or o => Reference(o.Left, item) || Reference(o.Right, item),
            Not n => !Reference(n.Operand, item),
            _ => throw new InvalidOperationException(),
        };
    }

    private static bool Same(object? x, object y) => (x, y) switch
    {
        (null, _) => false,
        (string a, string b) => a == b,
        (decimal a, decimal b) => a == b,
        (bool a, bool b) => a == b,
        (Null, Null) => true,
        (Set a, Set b) => a.Members.ToHashSet().SetEquals(b.Members),
        (Items a, Items b) => a.Members.Count == b.Members.Count && a.Members.Zip(b.Members).All(p => Same(p.First, p.Second)),
        _ => false,
    };

    private static int? Order(object? x, object y) => (x, y) switch
    {
        (string a, string b) => Math.Sign(string.CompareOrdinal(a, b)),
        (decimal a, decimal b) => a.CompareTo(b),
        _ => null,
    };

    private static decimal? Size(object? x) => x switch
    {
        string s => s.Length,
        Set s => s.Members.Count,
        Items l => l.Members.Count,
        _ => null,
    };

    private static bool Holds(string op, int order) => op switch
    {
        "<" => order < 0,
        "<=" => order <= 0,
        ">" => order > 0,
        ">=" => order >= 0,
        "=" => order == 0,
        _ => order != 0,
    };
}
