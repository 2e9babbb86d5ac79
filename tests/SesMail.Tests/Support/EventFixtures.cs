using System.Text.Json.Nodes;

namespace SesMail.Tests.Support;

/// <summary>Reads sample events from Fixtures/Events and compares JSON documents structurally.</summary>
internal static class EventFixtures
{
    public static string Directory => Path.Combine(AppContext.BaseDirectory, "Fixtures", "Events");

    public static string Read(string name) => File.ReadAllText(Path.Combine(Directory, name));

    public static JsonNode? Parse(string json) => JsonNode.Parse(json);

    /// <summary>Asserts two JSON texts are the same document (member order ignored).</summary>
    public static void ShouldBeSameJson(string actual, string expected)
    {
        var actualNode = JsonNode.Parse(actual);
        var expectedNode = JsonNode.Parse(expected);
        JsonNode.DeepEquals(actualNode, expectedNode).Should().BeTrue(
            "JSON should match.\nExpected: {0}\nActual:   {1}", expectedNode?.ToJsonString(), actualNode?.ToJsonString());
    }
}
