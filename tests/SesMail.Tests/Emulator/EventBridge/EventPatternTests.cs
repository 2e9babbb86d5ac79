using System.Text.Json.Nodes;
using SesMail.Emulator.EventBridge;
using SesMail.Emulator.Protocols;

namespace SesMail.Tests.Emulator.EventBridge;

/// <summary>
/// Table-driven tests of the event-pattern matcher. Cases come from the EventBridge User Guide:
/// https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-event-patterns.html (PATTERNS),
/// https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-create-pattern-operators.html (OPERATORS),
/// https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-event-patterns-arrays.html (ARRAYS),
/// https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-event-patterns-null-values.html (NULLS).
/// </summary>
[Trait("Kind", "Unit")]
public sealed class EventPatternTests
{
    /// <summary>The EC2 state-change sample event the guide uses, with the detail of each row merged in.</summary>
    private static JsonObject Event(string detail, string? top = null)
    {
        var evt = JsonNode.Parse("""
            {
              "version": "0",
              "id": "6a7e8feb-b491-4cf7-a9f1-bf3703467718",
              "detail-type": "EC2 Instance State-change Notification",
              "source": "aws.ec2",
              "account": "111122223333",
              "time": "2017-12-22T18:43:48Z",
              "region": "us-west-1",
              "resources": ["arn:aws:ec2:us-west-1:123456789012:instance/i-1234567890abcdef0"],
              "detail": {}
            }
            """)!.AsObject();
        evt["detail"] = JsonNode.Parse(detail);
        foreach (var (name, value) in top is null ? [] : JsonNode.Parse(top)!.AsObject())
        {
            evt[name] = value?.DeepClone();
        }

        return evt;
    }

    public static TheoryData<string, string, string, string?, bool> Cases => new()
    {
        // source, pattern, event detail, extra top-level fields, expected
        { "PATTERNS source and detail-type", """{"source":["aws.ec2"],"detail-type":["EC2 Instance State-change Notification"]}""", """{"state":"running"}""", null, true },
        { "PATTERNS detail state running vs pending", """{"source":["aws.ec2"],"detail":{"state":["running"]}}""", """{"instance-id":"i-abcd1111","state":"pending"}""", null, false },
        { "PATTERNS array of values is OR", """{"detail":{"state":["pending","running"]}}""", """{"state":"pending"}""", null, true },
        { "PATTERNS every field must match", """{"source":["aws.s3"],"detail":{"state":["running"]}}""", """{"state":"running"}""", null, false },
        { "PATTERNS numbers compare by value", """{"detail":{"count":[3]}}""", """{"count":3.0}""", null, true },
        { "PATTERNS strings are not numbers", """{"detail":{"count":["3"]}}""", """{"count":3}""", null, false },
        { "ARRAYS any resource matches", """{"resources":["arn:aws:ec2:us-east-1:123456789012:instance/i-b188560f","arn:aws:ec2:us-west-1:123456789012:instance/i-1234567890abcdef0"]}""", "{}", null, true },
        { "ARRAYS no common value", """{"resources":["arn:aws:ec2:us-east-1:123456789012:instance/i-b188560f"]}""", "{}", null, false },
        { "ARRAYS value inside an event array", """{"detail":{"tags":["prod"]}}""", """{"tags":["dev","prod"]}""", null, true },
        { "ARRAYS nested object inside an event array", """{"detail":{"items":{"sku":["A1"],"qty":[{"numeric":[">",1]}]}}}""", """{"items":[{"sku":"A1","qty":1},{"sku":"B2","qty":5}]}""", null, false },
        { "ARRAYS nested object inside an event array, same element", """{"detail":{"items":{"sku":["B2"],"qty":[{"numeric":[">",1]}]}}}""", """{"items":[{"sku":"A1","qty":1},{"sku":"B2","qty":5}]}""", null, true },
        { "NULLS null matches null", """{"detail":{"responseElements":[null]}}""", """{"responseElements":null}""", null, true },
        { "NULLS null does not match absent", """{"detail":{"responseElements":[null]}}""", "{}", null, false },
        { "NULLS empty string", """{"detail":{"eventVersion":[""]}}""", """{"eventVersion":""}""", null, true },
        { "OPERATORS prefix", """{"time":[{"prefix":"2017-12-22"}]}""", "{}", null, true },
        { "OPERATORS prefix equals-ignore-case", """{"source":[{"prefix":{"equals-ignore-case":"AWS.EC"}}]}""", "{}", null, true },
        { "OPERATORS suffix", """{"detail":{"FileName":[{"suffix":".png"}]}}""", """{"FileName":"image.png"}""", null, true },
        { "OPERATORS suffix is case-sensitive", """{"detail":{"FileName":[{"suffix":".png"}]}}""", """{"FileName":"image.PNG"}""", null, false },
        { "OPERATORS suffix equals-ignore-case", """{"detail":{"FileName":[{"suffix":{"equals-ignore-case":".png"}}]}}""", """{"FileName":"image.PNG"}""", null, true },
        { "OPERATORS anything-but string", """{"detail":{"state":[{"anything-but":"initializing"}]}}""", """{"state":"stopped"}""", null, true },
        { "OPERATORS anything-but string excluded", """{"detail":{"state":[{"anything-but":"initializing"}]}}""", """{"state":"initializing"}""", null, false },
        { "OPERATORS anything-but number", """{"detail":{"x-limit":[{"anything-but":123}]}}""", """{"x-limit":456}""", null, true },
        { "OPERATORS anything-but list", """{"detail":{"state":[{"anything-but":["stopped","overloaded"]}]}}""", """{"state":"overloaded"}""", null, false },
        { "OPERATORS anything-but numeric list", """{"detail":{"x-limit":[{"anything-but":[100,200,300]}]}}""", """{"x-limit":200}""", null, false },
        { "OPERATORS anything-but prefix", """{"detail":{"state":[{"anything-but":{"prefix":"init"}}]}}""", """{"state":"initializing"}""", null, false },
        { "OPERATORS anything-but suffix", """{"detail":{"FileName":[{"anything-but":{"suffix":".txt"}}]}}""", """{"FileName":"notes.md"}""", null, true },
        { "OPERATORS anything-but wildcard", """{"detail":{"FilePath":[{"anything-but":{"wildcard":"*/lib/*"}}]}}""", """{"FilePath":"/usr/lib/x"}""", null, false },
        { "OPERATORS anything-but equals-ignore-case", """{"detail":{"state":[{"anything-but":{"equals-ignore-case":["Stopped","OverLoaded"]}}]}}""", """{"state":"STOPPED"}""", null, false },
        { "OPERATORS anything-but needs the field", """{"detail":{"state":[{"anything-but":"x"}]}}""", "{}", null, false },
        { "OPERATORS numeric range", """{"detail":{"c-count":[{"numeric":[">",0,"<=",5]}],"d-count":[{"numeric":["<",10]}],"x-limit":[{"numeric":["=",3.018e2]}]}}""", """{"c-count":5,"d-count":7,"x-limit":301.8}""", null, true },
        { "OPERATORS numeric out of range", """{"detail":{"c-count":[{"numeric":[">",0,"<=",5]}]}}""", """{"c-count":6}""", null, false },
        { "OPERATORS numeric ignores strings", """{"detail":{"c-count":[{"numeric":[">",0]}]}}""", """{"c-count":"5"}""", null, false },
        { "OPERATORS cidr IPv4", """{"detail":{"sourceIPAddress":[{"cidr":"10.0.0.0/24"}]}}""", """{"sourceIPAddress":"10.0.0.255"}""", null, true },
        { "OPERATORS cidr IPv4 outside", """{"detail":{"sourceIPAddress":[{"cidr":"10.0.0.0/24"}]}}""", """{"sourceIPAddress":"10.0.1.1"}""", null, false },
        { "OPERATORS cidr IPv6", """{"detail":{"sourceIPAddress":[{"cidr":"2001:db8::/32"}]}}""", """{"sourceIPAddress":"2001:db8:1234::1"}""", null, true },
        { "OPERATORS exists true", """{"detail":{"state":[{"exists":true}]}}""", """{"state":"running"}""", null, true },
        { "OPERATORS exists false", """{"detail":{"c-count":[{"exists":false}]}}""", """{"state":"running"}""", null, true },
        { "OPERATORS exists false on present", """{"detail":{"state":[{"exists":false}]}}""", """{"state":"running"}""", null, false },
        { "OPERATORS exists applies to leaves", """{"detail":{"state":[{"exists":true}]}}""", """{"state":{"name":"running"}}""", null, false },
        { "OPERATORS equals-ignore-case", """{"detail-type":[{"equals-ignore-case":"ec2 instance state-change notification"}]}""", "{}", null, true },
        { "OPERATORS wildcard", """{"EventBusArn":[{"wildcard":"arn:aws:events:us-east-1:*:event-bus/*"}]}""", "{}", """{"EventBusArn":"arn:aws:events:us-east-1:123456789012:event-bus/myEventBus"}""", true },
        { "OPERATORS wildcard no match", """{"EventBusArn":[{"wildcard":"arn:aws:events:us-east-1:*:event-bus/*"}]}""", "{}", """{"EventBusArn":"arn:aws:events:us-west-2:123456789012:event-bus/myEventBus"}""", false },
        { "OPERATORS wildcard escaped star", """{"detail":{"name":[{"wildcard":"a\\*b"}]}}""", """{"name":"a*b"}""", null, true },
        { "OPERATORS $or any branch", """{"detail":{"$or":[{"c-count":[{"numeric":[">",0,"<=",5]}]},{"d-count":[{"numeric":["<",10]}]},{"x-limit":[{"numeric":["=",3.018e2]}]}]}}""", """{"c-count":9,"d-count":3}""", null, true },
        { "OPERATORS $or no branch", """{"detail":{"$or":[{"c-count":[{"numeric":[">",0,"<=",5]}]},{"d-count":[{"numeric":["<",10]}]}]}}""", """{"c-count":9,"d-count":30}""", null, false },
        { "OPERATORS $or with sibling fields", """{"source":["aws.ec2"],"$or":[{"region":["us-east-1"]},{"detail":{"state":["running"]}}]}""", """{"state":"running"}""", null, true },
        { "GmailRule pattern", """{"source":["ses.email.router"],"detail-type":["Email Routing Decision"],"detail":{"actions":{"forward-to-gmail":{"count":[{"numeric":[">",0]}]}}}}""", """{"actions":{"forward-to-gmail":{"count":1}}}""", """{"source":"ses.email.router","detail-type":"Email Routing Decision"}""", true },
        { "GmailRule pattern, count 0", """{"source":["ses.email.router"],"detail-type":["Email Routing Decision"],"detail":{"actions":{"forward-to-gmail":{"count":[{"numeric":[">",0]}]}}}}""", """{"actions":{"forward-to-gmail":{"count":0}}}""", """{"source":"ses.email.router","detail-type":"Email Routing Decision"}""", false },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Matches_DocumentedPattern_GivesExpectedResult(string source, string pattern, string detail, string? top, bool expected)
    {
        var compiled = EventPattern.Parse(pattern);

        compiled.Matches(Event(detail, top)).Should().Be(expected, source);
    }

    public static TheoryData<string, string> InvalidPatterns => new()
    {
        { "not an object", """["aws.ec2"]""" },
        { "leaf not an array", """{"source":"aws.ec2"}""" },
        { "empty array", """{"source":[]}""" },
        { "unknown operator", """{"source":[{"starts-with":"aws"}]}""" },
        { "numeric without operand", """{"detail":{"n":[{"numeric":[">"]}]}}""" },
        { "numeric bad operator", """{"detail":{"n":[{"numeric":["!=",1]}]}}""" },
        { "numeric reversed range", """{"detail":{"n":[{"numeric":[">",5,"<",1]}]}}""" },
        { "exists not boolean", """{"detail":{"n":[{"exists":"yes"}]}}""" },
        { "consecutive wildcards", """{"detail":{"n":[{"wildcard":"a**b"}]}}""" },
        { "$or with one branch", """{"$or":[{"source":["a"]}]}""" },
        { "bad cidr", """{"detail":{"ip":[{"cidr":"10.0.0.0/99"}]}}""" },
        { "not JSON", """{"source":""" },
    };

    [Theory]
    [MemberData(nameof(InvalidPatterns))]
    public void Parse_InvalidPattern_ThrowsInvalidEventPatternException(string reason, string pattern)
    {
        var act = () => EventPattern.Parse(pattern);

        act.Should().Throw<AwsServiceException>(reason)
            .Where(e => e.Code == "InvalidEventPatternException" && e.Message.StartsWith("Event pattern is not valid. Reason: ", StringComparison.Ordinal));
    }
}
