using System.Text.Json.Nodes;
using SesMail.Emulator.DynamoDb;
using SesMail.Emulator.DynamoDb.Expressions;
using SesMail.Emulator.Protocols;

namespace SesMail.Tests.Emulator.DynamoDb.Expressions;

/// <summary>
/// Table-driven tests of the expression parser and evaluators. Unless a row says otherwise, expressions and the
/// sample item (ProductCatalog Id 123, Fixtures/DynamoDb/ProductCatalog-123.json) come from the DynamoDB Developer
/// Guide: https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/Expressions.html and its sub-pages
/// Expressions.OperatorsAndFunctions.html (OPS), Expressions.ConditionExpressions.html (COND),
/// Expressions.UpdateExpressions.html (UPD), Expressions.ProjectionExpressions.html (PROJ),
/// Expressions.ExpressionAttributeNames.html (NAMES).
/// </summary>
[Trait("Kind", "Unit")]
public sealed class ExpressionParserTests
{
    private static readonly JsonObject Product = JsonNode.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Fixtures", "DynamoDb", "ProductCatalog-123.json")))!.AsObject();

    private static ExpressionAttributes Attributes(string names, string values) =>
        new(
            names.Length > 0 ? System.Text.Json.JsonSerializer.Deserialize<Dictionary<string, string>>(names) : null,
            values.Length > 0 ? JsonNode.Parse(values)!.AsObject() : null);

    private static JsonObject Item()
    {
        var item = new JsonObject();
        foreach (var (name, value) in Product)
        {
            item[name] = AttributeValues.Canonical(value);
        }

        return item;
    }

    public static TheoryData<string, string, string, string, bool> Conditions => new()
    {
        // source, expression, names, values, expected on item 123
        { "OPS attribute_exists", "attribute_exists (#Pictures.#SideView)", """{"#Pictures":"Pictures","#SideView":"SideView"}""", "", true },
        { "OPS attribute_not_exists", "attribute_not_exists (Manufacturer)", "", "", true },
        { "OPS attribute_type", "attribute_type (ProductReviews.FiveStar, :v_sub)", "", """{":v_sub":{"S":"L"}}""", true },
        { "OPS begins_with", "begins_with (Pictures.FrontView, :v_sub)", "", """{":v_sub":{"S":"http://"}}""", true },
        { "OPS contains string", "contains (Brand, :v_sub)", "", """{":v_sub":{"S":"Company"}}""", true },
        { "OPS contains set", "contains (Color, :v_sub)", "", """{":v_sub":{"S":"Red"}}""", true },
        { "OPS contains set miss", "contains (Color, :v_sub)", "", """{":v_sub":{"S":"Blue"}}""", false },
        { "OPS size string", "size (Brand) <= :v_sub", "", """{":v_sub":{"N":"20"}}""", true },
        { "OPS size set", "size (Color) < :v_sub", "", """{":v_sub":{"N":"3"}}""", true },
        { "OPS size map member", "size(ProductReviews.OneStar) > :v_sub", "", """{":v_sub":{"N":"0"}}""", true },
        { "OPS BETWEEN", "Price BETWEEN :lo AND :hi", "", """{":lo":{"N":"100"},":hi":{"N":"500"}}""", true },
        { "OPS IN", "ProductCategory IN (:c1, :c2, :c3)", "", """{":c1":{"S":"Book"},":c2":{"S":"Bicycle"},":c3":{"S":"Tool"}}""", true },
        { "OPS precedence NOT>AND>OR", "Price > :hi OR NOT InStock = :f AND Brand = :b", "", """{":hi":{"N":"1000"},":f":{"BOOL":false},":b":{"S":"Brand-Company C"}}""", true },
        { "OPS parentheses", "(Price > :hi OR NOT InStock = :f) AND Brand = :x", "", """{":hi":{"N":"1000"},":f":{"BOOL":false},":x":{"S":"other"}}""", false },
        { "COND delete if price <= limit", "(ProductCategory IN (:cat1, :cat2)) and (Price between :lo and :hi)", "", """{":cat1":{"S":"Sporting Goods"},":cat2":{"S":"Gardening Supplies"},":lo":{"N":"500"},":hi":{"N":"600"}}""", false },
        { "COND price greater than", "Price > :limit", "", """{":limit":{"N":"499.99"}}""", true },
        { "COND numbers compare numerically", "Price < :limit", "", """{":limit":{"N":"1E3"}}""", true },
        { "COND attribute_exists nested", "attribute_exists(ProductReviews.OneStar)", "", "", true },
        { "COND list index", "RelatedItems[1] = :v", "", """{":v":{"N":"472"}}""", true },
        { "COND list index out of range", "attribute_exists(RelatedItems[7])", "", "", false },
        { "NAMES dotted attribute name", "#sw = :v", """{"#sw":"Safety.Warning"}""", """{":v":{"S":"Always wear a helmet"}}""", true },
        { "NAMES reserved word via placeholder", "#c <> :v", """{"#c":"Comment"}""", """{":v":{"S":"x"}}""", true },
        { "emulator: missing attribute <> value", "Manufacturer <> :v", "", """{":v":{"S":"x"}}""", true },
        { "emulator: type mismatch is false", "Price = :v", "", """{":v":{"S":"500"}}""", false },
        { "emulator: NULL equals NULL", "QuantityOnHand = :n", "", """{":n":{"NULL":true}}""", true },
        { "emulator: set equality ignores order", "Color = :c", "", """{":c":{"SS":["Black","Red"]}}""", true },
    };

    [Theory]
    [MemberData(nameof(Conditions))]
    public void Evaluate_DocumentedCondition_GivesExpectedResult(string source, string expression, string names, string values, bool expected)
    {
        var attributes = Attributes(names, values);

        var condition = ExpressionParser.ParseCondition(expression, "ConditionExpression", attributes);
        attributes.EnsureAllUsed(true);

        ConditionEvaluator.Evaluate(condition, Item()).Should().Be(expected, source);
    }

    public static TheoryData<string, string, string, string, string, string?> Updates => new()
    {
        // source, update expression, names, values, path checked (JSON of the attribute after the update, or null when removed)
        { "UPD SET two attributes", "SET ProductCategory = :c, Price = :p", "", """{":c":{"S":"Hardware"},":p":{"N":"60"}}""", "Price", """{"N":"60"}""" },
        { "UPD SET nested list and map", "SET #pr.#5star[1] = :r5, #pr.#3star = :r3", """{"#pr":"ProductReviews","#5star":"FiveStar","#3star":"ThreeStar"}""", """{":r5":{"S":"Very happy with my purchase"},":r3":{"L":[{"S":"Just OK - not that great"}]}}""", "ProductReviews", null },
        { "UPD decrement", "SET Price = Price - :p", "", """{":p":{"N":"15"}}""", "Price", """{"N":"485"}""" },
        { "UPD list_append", "SET #ri = list_append(#ri, :vals)", """{"#ri":"RelatedItems"}""", """{":vals":{"L":[{"N":"9"}]}}""", "RelatedItems", """{"L":[{"N":"341"},{"N":"472"},{"N":"649"},{"N":"9"}]}""" },
        { "UPD list_append prepend", "SET #ri = list_append(:vals, #ri)", """{"#ri":"RelatedItems"}""", """{":vals":{"L":[{"N":"1"}]}}""", "RelatedItems", """{"L":[{"N":"1"},{"N":"341"},{"N":"472"},{"N":"649"}]}""" },
        { "UPD if_not_exists keeps existing", "SET Price = if_not_exists(Price, :p)", "", """{":p":{"N":"100"}}""", "Price", """{"N":"500"}""" },
        { "UPD if_not_exists sets new", "SET Discount = if_not_exists(Discount, :p)", "", """{":p":{"N":"100"}}""", "Discount", """{"N":"100"}""" },
        { "UPD REMOVE attributes", "REMOVE Brand, InStock, QuantityOnHand", "", "", "Brand", null },
        { "UPD REMOVE list elements", "REMOVE RelatedItems[1], RelatedItems[2]", "", "", "RelatedItems", """{"L":[{"N":"341"}]}""" },
        { "UPD ADD number", "ADD Price :q", "", """{":q":{"N":"5"}}""", "Price", """{"N":"505"}""" },
        { "UPD ADD number to missing", "ADD QuantityInStock :q", "", """{":q":{"N":"5"}}""", "QuantityInStock", """{"N":"5"}""" },
        { "UPD ADD to set", "ADD Color :c", "", """{":c":{"SS":["Orange","Purple"]}}""", "Color", """{"SS":["Red","Black","Orange","Purple"]}""" },
        { "UPD DELETE from set", "DELETE Color :p", "", """{":p":{"SS":["Red","Black"]}}""", "Color", null },
        { "UPD SET list index past end appends", "SET RelatedItems[10] = :ri", "", """{":ri":{"N":"8"}}""", "RelatedItems", """{"L":[{"N":"341"},{"N":"472"},{"N":"649"},{"N":"8"}]}""" },
        { "emulator: SET reads the old item (swap)", "SET Title = Brand, Brand = Title", "", "", "Brand", """{"S":"Bicycle 123"}""" },
        { "emulator: numbers add exactly", "SET Price = Price + :p", "", """{":p":{"N":"0.1"}}""", "Price", """{"N":"500.1"}""" },
    };

    [Theory]
    [MemberData(nameof(Updates))]
    public void Apply_DocumentedUpdate_ChangesItem(string source, string expression, string names, string values, string attribute, string? expectedJson)
    {
        var attributes = Attributes(names, values);
        var actions = ExpressionParser.ParseUpdate(expression, attributes);
        attributes.EnsureAllUsed(true);

        var updated = UpdateApplier.Apply(actions, Item(), ["Id"], out _);

        if (source == "UPD SET nested list and map")
        {
            var reviews = updated["ProductReviews"]!["M"]!;
            reviews["FiveStar"]!["L"]![1]!["S"]!.GetValue<string>().Should().Be("Very happy with my purchase");
            reviews["ThreeStar"]!["L"]![0]!["S"]!.GetValue<string>().Should().Be("Just OK - not that great");
            return;
        }

        if (expectedJson is null)
        {
            updated.ContainsKey(attribute).Should().BeFalse(source);
        }
        else
        {
            var expected = AttributeValues.Canonical(JsonNode.Parse(expectedJson));
            AttributeValues.ValueEquals(updated[attribute], expected).Should().BeTrue($"{source}: got {updated[attribute]?.ToJsonString()}");
        }
    }

    [Fact]
    public void Project_DocumentedProjection_KeepsOnlyThePaths()
    {
        // PROJ: "Description, RelatedItems[0], ProductReviews.FiveStar"
        var attributes = Attributes("", "");
        var paths = ExpressionParser.ParseProjection("Description, RelatedItems[0], ProductReviews.FiveStar", attributes);

        var projected = SesMail.Emulator.DynamoDb.DynamoDbProvider.Project(Item(), paths);

        projected.Select(p => p.Key).Should().BeEquivalentTo("Description", "RelatedItems", "ProductReviews");
        projected["RelatedItems"]!.ToJsonString().Should().Be("""{"L":[{"N":"341"}]}""");
        projected["ProductReviews"]!["M"]!.AsObject().Select(p => p.Key).Should().Equal("FiveStar");
    }

    public static TheoryData<string, string, string, string, string> Invalid => new()
    {
        // kind, expression, names, values, DynamoDB's message
        { "ConditionExpression", "Price > :missing", "", """{":p":{"N":"1"}}""", "Invalid ConditionExpression: An expression attribute value used in expression is not defined; attribute value: :missing" },
        { "ConditionExpression", "#nope = :p", "", """{":p":{"N":"1"}}""", "Invalid ConditionExpression: An expression attribute name used in the document path is not defined; attribute name: #nope" },
        { "ConditionExpression", "Comment = :p", "", """{":p":{"S":"x"}}""", "Invalid ConditionExpression: Attribute name is a reserved keyword; reserved keyword: Comment" },
        { "ConditionExpression", "Price = ", "", "", "Invalid ConditionExpression: Syntax error; token: \"<EOF>\", near: \"= \"" },
        { "ConditionExpression", "Price = :a :b", "", """{":a":{"N":"1"},":b":{"N":"1"}}""", "Invalid ConditionExpression: Syntax error; token: \":b\", near: \":a :b\"" },
        { "ConditionExpression", "Price BETWEEN :hi AND :lo", "", """{":lo":{"N":"1"},":hi":{"N":"9"}}""", "Invalid ConditionExpression: The BETWEEN operator requires upper bound to be greater than or equal to lower bound; lower operand: AttributeValue: {N:9,}, upper operand: AttributeValue: {N:1,}" },
        { "ConditionExpression", "Price < :b", "", """{":b":{"BOOL":true}}""", "Invalid ConditionExpression: Incorrect operand type for operator or function; operator or function: <, operand type: BOOL" },
        { "ConditionExpression", "attribute_type(Price, :t)", "", """{":t":{"S":"STRING"}}""", "Invalid ConditionExpression: Invalid attribute type name found; type: STRING, valid types: { B,NULL,SS,BOOL,L,BS,N,NS,S,M }" },
        { "ConditionExpression", "size(Price)", "", "", "Invalid ConditionExpression: Syntax error; token: \"<EOF>\", near: \")\"" },
        { "ConditionExpression", "Price = frobnicate(Price)", "", "", "Invalid ConditionExpression: Invalid function name; function: frobnicate" },
        { "ConditionExpression", "", "", "", "Invalid ConditionExpression: The expression can not be empty;" },
        { "UpdateExpression", "SET a = :v SET b = :v", "", """{":v":{"N":"1"}}""", "Invalid UpdateExpression: The \"SET\" section can only be used once in an update expression;" },
        { "UpdateExpression", "SET a = :v REMOVE a", "", """{":v":{"N":"1"}}""", "Invalid UpdateExpression: Two document paths overlap with each other; must remove or rewrite one of these paths; path one: [a], path two: [a]" },
        { "UpdateExpression", "SET a.b = :v, a = :v", "", """{":v":{"N":"1"}}""", "Invalid UpdateExpression: Two document paths overlap with each other; must remove or rewrite one of these paths; path one: [a, b], path two: [a]" },
        { "UpdateExpression", "ADD a :v", "", """{":v":{"S":"x"}}""", "Invalid UpdateExpression: Incorrect operand type for operator or function; operator: ADD, operand type: STRING, typeSet: ALLOWED_FOR_ADD_OPERAND" },
        { "UpdateExpression", "SET a = size(b)", "", "", "Invalid UpdateExpression: The function is not allowed in a update expression; function: size" },
    };

    [Theory]
    [MemberData(nameof(Invalid))]
    public void Parse_InvalidExpression_ThrowsValidationWithDynamoDbWording(string kind, string expression, string names, string values, string message)
    {
        var attributes = Attributes(names, values);

        Action act = kind == "UpdateExpression"
            ? () => ExpressionParser.ParseUpdate(expression, attributes)
            : () => ExpressionParser.ParseCondition(expression, kind, attributes);

        act.Should().Throw<AwsServiceException>().Where(e => e.Code == "ValidationException").WithMessage(message.Replace("*", "\\*", StringComparison.Ordinal));
    }

    [Fact]
    public void EnsureAllUsed_UnusedName_ThrowsWithDynamoDbWording()
    {
        var attributes = Attributes("""{"#a":"a","#b":"b"}""", "");
        _ = ExpressionParser.ParseCondition("attribute_exists(#a)", "ConditionExpression", attributes);

        var act = () => attributes.EnsureAllUsed(true);

        act.Should().Throw<AwsServiceException>().WithMessage("Value provided in ExpressionAttributeNames unused in expressions: keys: {#b}");
    }

    [Fact]
    public void ReservedWords_PublishedList_Has573Words()
    {
        ReservedWords.Count.Should().Be(573);
        ReservedWords.Contains("action").Should().BeTrue();
        ReservedWords.Contains("target").Should().BeFalse();
    }
}
