using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using SesMail.Infrastructure.Template;

namespace SesMail.Infrastructure.Provisioning;

/// <summary>
/// The names and ARNs CloudFormation gives each resource type: the value of <c>Ref</c> and the <c>Fn::GetAtt</c>
/// attributes, computed from the evaluated properties (explicit names) or generated as <c>{stack}-{logicalId}</c>
/// where the template names nothing. Provisioners replace values the backend reports (queue URLs, key ids, stream ARNs).
/// </summary>
/// <remarks>Ref and attribute names per type follow each resource's "Return values" section in the CloudFormation user guide.</remarks>
internal static class ResourceIdentity
{
    public static (string PhysicalId, Dictionary<string, JsonNode> Attributes) Compute(TemplateResource resource, JsonObject properties, PseudoParameters pseudo)
    {
        var p = pseudo.Partition;
        var r = pseudo.Region;
        var a = pseudo.AccountId;
        string Name(string property, bool lower = false)
        {
            var explicitName = properties[property] is JsonValue v && v.TryGetValue<string>(out var s) && s.Length > 0 ? s : null;
            var generated = $"{pseudo.StackName}-{resource.LogicalId}";
            return explicitName ?? (lower ? generated.ToLowerInvariant() : generated);
        }

        var attributes = new Dictionary<string, JsonNode>(StringComparer.Ordinal);
        string physical;
        switch (resource.Type)
        {
            case "AWS::S3::Bucket":
                physical = Name("BucketName", lower: true);
                attributes["Arn"] = Str($"arn:{p}:s3:::{physical}");
                attributes["DomainName"] = Str($"{physical}.s3.{pseudo.UrlSuffix}");
                attributes["RegionalDomainName"] = Str($"{physical}.s3.{r}.{pseudo.UrlSuffix}");
                break;
            case "AWS::SQS::Queue":
            {
                var name = Name("QueueName");
                physical = $"https://sqs.{r}.{pseudo.UrlSuffix}/{a}/{name}";
                attributes["Arn"] = Str($"arn:{p}:sqs:{r}:{a}:{name}");
                attributes["QueueName"] = Str(name);
                attributes["QueueUrl"] = Str(physical);
                break;
            }

            case "AWS::SNS::Topic":
            {
                var name = Name("TopicName");
                physical = $"arn:{p}:sns:{r}:{a}:{name}";
                attributes["TopicArn"] = Str(physical);
                attributes["TopicName"] = Str(name);
                break;
            }

            case "AWS::SNS::Subscription":
                physical = $"{properties["TopicArn"]?.GetValue<string>() ?? $"arn:{p}:sns:{r}:{a}:unknown"}:{StableGuid(pseudo, resource)}";
                attributes["Arn"] = Str(physical);
                break;
            case "AWS::DynamoDB::Table":
                physical = Name("TableName");
                attributes["Arn"] = Str($"arn:{p}:dynamodb:{r}:{a}:table/{physical}");
                attributes["StreamArn"] = Str($"arn:{p}:dynamodb:{r}:{a}:table/{physical}/stream/1970-01-01T00:00:00.000");
                break;
            case "AWS::Events::EventBus":
                physical = Name("Name");
                attributes["Arn"] = Str($"arn:{p}:events:{r}:{a}:event-bus/{physical}");
                attributes["Name"] = Str(physical);
                break;
            case "AWS::Events::Rule":
            {
                physical = Name("Name");
                var bus = BusName(properties["EventBusName"]);
                attributes["Arn"] = Str(bus is null or "default"
                    ? $"arn:{p}:events:{r}:{a}:rule/{physical}"
                    : $"arn:{p}:events:{r}:{a}:rule/{bus}/{physical}");
                break;
            }

            case "AWS::Lambda::Function":
                physical = Name("FunctionName");
                attributes["Arn"] = Str($"arn:{p}:lambda:{r}:{a}:function:{physical}");
                break;
            case "AWS::Lambda::EventSourceMapping":
                physical = StableGuid(pseudo, resource);
                attributes["Id"] = Str(physical);
                attributes["EventSourceMappingArn"] = Str($"arn:{p}:lambda:{r}:{a}:event-source-mapping:{physical}");
                break;
            case "AWS::IAM::Role":
                physical = Name("RoleName");
                attributes["Arn"] = Str($"arn:{p}:iam::{a}:role/{physical}");
                attributes["RoleId"] = Str("AROA" + StableGuid(pseudo, resource).Replace("-", string.Empty, StringComparison.Ordinal)[..17].ToUpperInvariant());
                break;
            case "AWS::Logs::LogGroup":
                physical = Name("LogGroupName");
                attributes["Arn"] = Str($"arn:{p}:logs:{r}:{a}:log-group:{physical}:*");
                break;
            case "AWS::Pipes::Pipe":
                physical = Name("Name");
                attributes["Arn"] = Str($"arn:{p}:pipes:{r}:{a}:pipe/{physical}");
                attributes["CurrentState"] = Str("RUNNING");
                break;
            case "AWS::SSM::Parameter":
                physical = Name("Name");
                attributes["Type"] = Str(properties["Type"]?.GetValue<string>() ?? "String");
                attributes["Value"] = Str(properties["Value"]?.GetValue<string>() ?? string.Empty);
                break;
            case "AWS::KMS::Key":
                physical = StableGuid(pseudo, resource);
                attributes["KeyId"] = Str(physical);
                attributes["Arn"] = Str($"arn:{p}:kms:{r}:{a}:key/{physical}");
                break;
            case "AWS::KMS::Alias":
                physical = Name("AliasName");
                break;
            case "AWS::SES::ReceiptRuleSet":
                physical = Name("RuleSetName");
                break;
            case "AWS::SES::ReceiptRule":
                physical = properties["Rule"]?["Name"] is JsonValue rn && rn.TryGetValue<string>(out var ruleName) ? ruleName : $"{pseudo.StackName}-{resource.LogicalId}";
                break;
            case "AWS::StepFunctions::StateMachine":
            {
                var stateMachineName = Name("StateMachineName");
                physical = $"arn:{p}:states:{r}:{a}:stateMachine:{stateMachineName}";
                attributes["Arn"] = Str(physical);
                attributes["Name"] = Str(stateMachineName);
                break;
            }

            case "AWS::SES::ConfigurationSet":
                physical = Name("Name");
                break;
            case "AWS::SES::ConfigurationSetEventDestination":
                physical = properties["EventDestination"]?["Name"] is JsonValue dn && dn.TryGetValue<string>(out var destination) ? destination : $"{pseudo.StackName}-{resource.LogicalId}";
                break;
            case "AWS::CloudWatch::Alarm":
            case "AWS::CloudWatch::CompositeAlarm":
                physical = Name("AlarmName");
                attributes["Arn"] = Str($"arn:{p}:cloudwatch:{r}:{a}:alarm:{physical}");
                break;
            case "AWS::CloudWatch::Dashboard":
                physical = Name("DashboardName");
                break;
            default:
                physical = $"{pseudo.StackName}-{resource.LogicalId}";
                break;
        }

        return (physical, attributes);
    }

    /// <summary>
    /// Adjusts computed attributes to the physical id a backend reported (a queue URL, a key id, a topic or subscription
    /// ARN), so that <c>Fn::GetAtt</c> agrees with <c>Ref</c> for a stack read back through CloudFormation.
    /// </summary>
    public static void WithPhysicalId(string type, string physicalId, Dictionary<string, JsonNode> attributes, PseudoParameters pseudo)
    {
        switch (type)
        {
            case "AWS::SQS::Queue":
                attributes["QueueUrl"] = Str(physicalId);
                break;
            case "AWS::SNS::Topic":
                attributes["TopicArn"] = Str(physicalId);
                break;
            case "AWS::SNS::Subscription":
                attributes["Arn"] = Str(physicalId);
                break;
            case "AWS::KMS::Key":
                attributes["KeyId"] = Str(physicalId);
                attributes["Arn"] = Str($"arn:{pseudo.Partition}:kms:{pseudo.Region}:{pseudo.AccountId}:key/{physicalId}");
                break;
            case "AWS::Lambda::EventSourceMapping":
                attributes["Id"] = Str(physicalId);
                attributes["EventSourceMappingArn"] = Str($"arn:{pseudo.Partition}:lambda:{pseudo.Region}:{pseudo.AccountId}:event-source-mapping:{physicalId}");
                break;
        }
    }

    private static string? BusName(JsonNode? node)
    {
        if (node is not JsonValue v || !v.TryGetValue<string>(out var s))
        {
            return null;
        }

        var slash = s.LastIndexOf('/');
        return s.StartsWith("arn:", StringComparison.Ordinal) && slash > 0 ? s[(slash + 1)..] : s;
    }

    private static JsonValue Str(string s) => JsonValue.Create(s);

    /// <summary>A GUID that is the same for the same stack and logical id, so repeated runs agree.</summary>
    public static string StableGuid(PseudoParameters pseudo, TemplateResource resource)
    {
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes($"{pseudo.AccountId}/{pseudo.Region}/{pseudo.StackName}/{resource.LogicalId}"));
        return new Guid(hash.AsSpan(0, 16)).ToString();
    }
}
