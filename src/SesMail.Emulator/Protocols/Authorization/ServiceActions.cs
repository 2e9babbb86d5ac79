using System.Text.Json.Nodes;
using SesMail.Emulator.Iam.Policies;

namespace SesMail.Emulator.Protocols.Authorization;

/// <summary>One permission a request needs: an IAM action on a resource, with the service's own condition keys.</summary>
/// <param name="Action">The IAM action, e.g. <c>dynamodb:PutItem</c>.</param>
/// <param name="Resource">The resource ARN, or <c>*</c> when the action names no resource.</param>
/// <param name="Keys">Adds service-specific condition keys (e.g. <c>ses:FromAddress</c>); <c>null</c> for none.</param>
internal sealed record ResourceCheck(string Action, string Resource, Action<RequestContextKeys>? Keys = null);

/// <summary>What the action table may look up about resources that exist (a KMS alias's key, a role's path).</summary>
internal interface IResourceLookup
{
    /// <summary>The key ARN for a key id, key ARN, alias name or alias ARN, or <c>null</c> when unknown.</summary>
    string? KmsKeyArn(string region, string keyId);

    /// <summary>The ARN of an existing role (with its path), or <c>null</c>.</summary>
    string? RoleArn(string roleName);

    /// <summary>The ARN of an existing user (with its path), or <c>null</c>.</summary>
    string? UserArn(string userName);

    /// <summary>The SES identity a sender address sends as: the address itself when it is an identity, else its domain.</summary>
    string SesIdentity(string region, string address);
}

/// <summary>Where a request names its resources: the region, account and caller it runs for, and a lookup.</summary>
/// <param name="Region">The request's region.</param>
/// <param name="Account">The account.</param>
/// <param name="Caller">The caller (operations such as <c>iam:CreateAccessKey</c> default to the caller's own user).</param>
/// <param name="Lookup">Resource lookups.</param>
internal sealed record ArnContext(string Region, string Account, AwsPrincipal Caller, IResourceLookup Lookup);

/// <summary>
/// How each emulated service's requests map to IAM actions and resource ARNs: by default <c>{prefix}:{Operation}</c> on
/// the resource the service's extractor names (queue ARN from the queue URL, table ARN, parameter ARN, key ARN with the
/// alias resolved, bus ARN, topic ARN, SES identity ARN with <c>ses:FromAddress</c>, log group and stream ARNs…), with
/// the exceptions AWS documents in "Actions, resources, and condition keys for AWS services"
/// (https://docs.aws.amazon.com/service-authorization/latest/reference/reference_policies_actions-resources-contextkeys.html),
/// such as batch operations authorized as their single-item action. A service added later gets enforcement by adding
/// a row here; a signing name without a row is authorized as <c>{signing name}:{Operation}</c> on <c>*</c>.
/// S3's REST mapping is in <see cref="S3Actions"/>.
/// </summary>
internal static class ServiceActions
{
    private delegate IEnumerable<ResourceCheck> Extractor(string operation, RequestInput input, ArnContext at);

    private static readonly Dictionary<string, (string Prefix, Extractor Resources)> Rows = new(StringComparer.Ordinal)
    {
        ["sqs"] = ("sqs", Sqs),
        ["sns"] = ("sns", Sns),
        ["dynamodb"] = ("dynamodb", DynamoDb),
        ["ssm"] = ("ssm", Ssm),
        ["kms"] = ("kms", Kms),
        ["events"] = ("events", Events),
        ["email"] = ("ses", Ses),
        ["ses"] = ("ses", SesV2),
        ["iam"] = ("iam", Iam),
        ["sts"] = ("sts", Sts),
        ["monitoring"] = ("cloudwatch", CloudWatch),
        ["logs"] = ("logs", Logs),
        ["states"] = ("states", States),
        ["lambda"] = ("lambda", Lambda),
        ["cloudformation"] = ("cloudformation", CloudFormation),
    };

    /// <summary>The IAM action prefix for a SigV4 signing name (<c>monitoring</c> → <c>cloudwatch</c>, <c>email</c> → <c>ses</c>).</summary>
    /// <param name="signingName">The signing name.</param>
    /// <returns>The prefix.</returns>
    public static string Prefix(string signingName) => Rows.TryGetValue(signingName, out var row) ? row.Prefix : signingName;

    /// <summary>The permissions one request needs; empty when it needs none (<c>sts:GetCallerIdentity</c>).</summary>
    /// <param name="signingName">The service's signing name.</param>
    /// <param name="operation">The operation (JSON target suffix or Query <c>Action</c>).</param>
    /// <param name="input">The request's members.</param>
    /// <param name="at">Region, account, caller and lookups.</param>
    /// <returns>The checks, all of which must pass.</returns>
    public static IReadOnlyList<ResourceCheck> For(string signingName, string operation, RequestInput input, ArnContext at) =>
        Rows.TryGetValue(signingName, out var row)
            ? [.. row.Resources(operation, input, at)]
            : [new ResourceCheck($"{signingName}:{operation}", "*")];

    // ---------------------------------------------------------------- SQS

    private static IEnumerable<ResourceCheck> Sqs(string operation, RequestInput input, ArnContext at)
    {
        var action = "sqs:" + operation switch
        {
            "SendMessageBatch" => "SendMessage",
            "DeleteMessageBatch" => "DeleteMessage",
            "ChangeMessageVisibilityBatch" => "ChangeMessageVisibility",
            _ => operation,
        };
        var resource = operation switch
        {
            "ListQueues" => "*",
            "CreateQueue" or "GetQueueUrl" => input.Text("QueueName") is { } name ? $"arn:aws:sqs:{at.Region}:{input.Text("QueueOwnerAWSAccountId") ?? at.Account}:{name}" : "*",
            _ => input.Text("QueueUrl") is { } url ? QueueArn(url, at) : "*",
        };
        yield return new ResourceCheck(action, resource);
    }

    /// <summary>The queue ARN for a queue URL (<c>{endpoint}/{account}/{name}</c>).</summary>
    /// <param name="url">The queue URL.</param>
    /// <param name="at">The region and account of the request.</param>
    /// <returns>E.g. <c>arn:aws:sqs:ap-southeast-2:000000000000:ses-email-input-test</c>.</returns>
    public static string QueueArn(string url, ArnContext at)
    {
        var path = Uri.TryCreate(url, UriKind.Absolute, out var uri) ? uri.AbsolutePath : url;
        var parts = path.Trim('/').Split('/');
        return parts.Length >= 2
            ? $"arn:aws:sqs:{at.Region}:{parts[^2]}:{parts[^1]}"
            : $"arn:aws:sqs:{at.Region}:{at.Account}:{parts[^1]}";
    }

    // ---------------------------------------------------------------- SNS

    private static IEnumerable<ResourceCheck> Sns(string operation, RequestInput input, ArnContext at)
    {
        var action = "sns:" + (operation == "PublishBatch" ? "Publish" : operation);
        var resource = operation switch
        {
            "ListTopics" or "ListSubscriptions" or "CreatePlatformApplication" => "*",
            "CreateTopic" => input.Text("Name") is { } name ? $"arn:aws:sns:{at.Region}:{at.Account}:{name}" : "*",
            "Publish" => input.Text("TopicArn") ?? input.Text("TargetArn") ?? "*",
            "TagResource" or "UntagResource" or "ListTagsForResource" => input.Text("ResourceArn") ?? "*",
            "Unsubscribe" or "GetSubscriptionAttributes" or "SetSubscriptionAttributes" or "ConfirmSubscription" =>
                input.Text("SubscriptionArn") is { } s && s.LastIndexOf(':') is var colon and > 0 ? s[..colon] : input.Text("TopicArn") ?? "*",
            _ => input.Text("TopicArn") ?? "*",
        };
        yield return new ResourceCheck(action, resource);
    }

    // ---------------------------------------------------------------- DynamoDB and DynamoDB Streams

    private static IEnumerable<ResourceCheck> DynamoDb(string operation, RequestInput input, ArnContext at)
    {
        string Table(string name) => name.StartsWith("arn:", StringComparison.Ordinal) ? name : $"arn:aws:dynamodb:{at.Region}:{at.Account}:table/{name}";
        switch (operation)
        {
            case "BatchGetItem" or "BatchWriteItem":
                foreach (var (table, _) in input.Json?["RequestItems"] as JsonObject ?? [])
                {
                    yield return new ResourceCheck($"dynamodb:{operation}", Table(table));
                }

                yield break;
            case "TransactWriteItems" or "TransactGetItems":
                foreach (var item in input.Json?["TransactItems"] as JsonArray ?? [])
                {
                    foreach (var (kind, body) in item as JsonObject ?? [])
                    {
                        var action = kind switch
                        {
                            "ConditionCheck" => "ConditionCheckItem",
                            "Put" => "PutItem",
                            "Update" => "UpdateItem",
                            "Delete" => "DeleteItem",
                            _ => "GetItem",
                        };
                        yield return new ResourceCheck($"dynamodb:{action}", body?["TableName"]?.GetValue<string>() is { } t ? Table(t) : "*");
                    }
                }

                yield break;
            case "ListTables" or "ListStreams" or "DescribeLimits" or "DescribeEndpoints":
                yield return new ResourceCheck($"dynamodb:{operation}", "*");
                yield break;
            case "GetRecords":
                yield return new ResourceCheck("dynamodb:GetRecords", input.Text("ShardIterator") is { } iterator ? global::SesMail.Emulator.DynamoDb.DynamoDbStreamsProvider.IteratorStream(iterator) ?? "*" : "*");
                yield break;
            default:
                var resource = input.Text("StreamArn") ?? input.Text("ResourceArn") ?? (input.Text("TableName") is { } name ? Table(name) : "*");
                yield return new ResourceCheck($"dynamodb:{operation}", resource);
                yield break;
        }
    }

    // ---------------------------------------------------------------- SSM Parameter Store

    private static IEnumerable<ResourceCheck> Ssm(string operation, RequestInput input, ArnContext at)
    {
        string Parameter(string name) => name.StartsWith("arn:", StringComparison.Ordinal)
            ? name
            : $"arn:aws:ssm:{at.Region}:{at.Account}:parameter{(name.StartsWith('/') ? name : "/" + name)}";
        switch (operation)
        {
            case "GetParameters" or "DeleteParameters":
                foreach (var name in input.List("Names"))
                {
                    yield return new ResourceCheck($"ssm:{operation}", Parameter(name));
                }

                yield break;
            case "GetParametersByPath":
                yield return new ResourceCheck("ssm:GetParametersByPath", input.Text("Path") is { } path ? Parameter(path.TrimEnd('/') is { Length: > 0 } p ? p : "/") : "*");
                yield break;
            case "AddTagsToResource" or "RemoveTagsFromResource" or "ListTagsForResource":
                yield return new ResourceCheck($"ssm:{operation}", input.Text("ResourceId") is { } id ? Parameter(id) : "*");
                yield break;
            default:
                yield return new ResourceCheck($"ssm:{operation}", input.Text("Name") is { } n ? Parameter(n) : "*");
                yield break;
        }
    }

    // ---------------------------------------------------------------- KMS

    private static IEnumerable<ResourceCheck> Kms(string operation, RequestInput input, ArnContext at)
    {
        string Key(string id) => at.Lookup.KmsKeyArn(at.Region, id) ?? (id.StartsWith("arn:", StringComparison.Ordinal)
            ? id
            : $"arn:aws:kms:{at.Region}:{at.Account}:{(id.StartsWith("alias/", StringComparison.Ordinal) ? id : "key/" + id)}");
        switch (operation)
        {
            case "CreateKey" or "ListKeys" or "ListAliases" or "GenerateRandom":
                yield return new ResourceCheck($"kms:{operation}", "*");
                yield break;
            case "CreateAlias" or "UpdateAlias" or "DeleteAlias":
                var alias = input.Text("AliasName");
                if (alias is not null)
                {
                    yield return new ResourceCheck($"kms:{operation}", $"arn:aws:kms:{at.Region}:{at.Account}:{alias}");
                }

                if ((input.Text("TargetKeyId") ?? alias) is { } target)
                {
                    yield return new ResourceCheck($"kms:{operation}", Key(target));
                }

                yield break;
            case "Decrypt" when input.Text("KeyId") is null:
                yield return new ResourceCheck("kms:Decrypt", CiphertextKey(input.Text("CiphertextBlob")) is { } keyId ? Key(keyId) : "*");
                yield break;
            default:
                yield return new ResourceCheck($"kms:{operation}", input.Text("KeyId") is { } k ? Key(k) : "*");
                yield break;
        }
    }

    /// <summary>The key id the emulator's KMS writes into its ciphertexts (version byte, then the key's GUID).</summary>
    private static string? CiphertextKey(string? base64)
    {
        try
        {
            var blob = base64 is null ? [] : Convert.FromBase64String(base64);
            return blob.Length > 17 ? new Guid(blob.AsSpan(1, 16)).ToString() : null;
        }
        catch (FormatException)
        {
            return null;
        }
    }

    // ---------------------------------------------------------------- EventBridge

    private static IEnumerable<ResourceCheck> Events(string operation, RequestInput input, ArnContext at)
    {
        string Bus(string? nameOrArn) => nameOrArn is { } b && b.StartsWith("arn:", StringComparison.Ordinal)
            ? b
            : $"arn:aws:events:{at.Region}:{at.Account}:event-bus/{nameOrArn ?? "default"}";
        string Rule(string name, string? bus)
        {
            var busName = bus is null ? "default" : bus[(bus.LastIndexOf('/') + 1)..];
            return busName == "default" ? $"arn:aws:events:{at.Region}:{at.Account}:rule/{name}" : $"arn:aws:events:{at.Region}:{at.Account}:rule/{busName}/{name}";
        }

        switch (operation)
        {
            case "PutEvents":
                var buses = (input.Json?["Entries"] as JsonArray ?? [])
                    .Select(e => Bus(e?["EventBusName"]?.GetValue<string>()))
                    .Distinct(StringComparer.Ordinal)
                    .ToList();
                foreach (var bus in buses.Count == 0 ? [Bus(null)] : buses)
                {
                    yield return new ResourceCheck("events:PutEvents", bus);
                }

                yield break;
            case "PutRule" or "DeleteRule" or "DescribeRule" or "EnableRule" or "DisableRule":
                yield return new ResourceCheck($"events:{operation}", input.Text("Name") is { } rule ? Rule(rule, input.Text("EventBusName")) : "*");
                yield break;
            case "PutTargets" or "RemoveTargets" or "ListTargetsByRule":
                yield return new ResourceCheck($"events:{operation}", input.Text("Rule") is { } r ? Rule(r, input.Text("EventBusName")) : "*");
                yield break;
            case "CreateEventBus" or "DeleteEventBus" or "DescribeEventBus":
                yield return new ResourceCheck($"events:{operation}", Bus(input.Text("Name")));
                yield break;
            case "ListRules" or "ListEventBuses" or "TestEventPattern":
                yield return new ResourceCheck($"events:{operation}", "*");
                yield break;
            default:
                yield return new ResourceCheck($"events:{operation}", input.Text("ResourceARN") ?? "*");
                yield break;
        }
    }

    // ---------------------------------------------------------------- SES (v1, signing name email)

    private static IEnumerable<ResourceCheck> Ses(string operation, RequestInput input, ArnContext at)
    {
        if (operation is not ("SendRawEmail" or "SendEmail"))
        {
            yield return new ResourceCheck($"ses:{operation}", "*");
            yield break;
        }

        var from = SesFromAddress(input);
        var recipients = input.List("Destinations").Concat(input.List("Destination.ToAddresses")).Concat(input.List("Destination.CcAddresses")).Concat(input.List("Destination.BccAddresses")).ToList();
        var resource = from is null ? "*" : $"arn:aws:ses:{at.Region}:{at.Account}:identity/{at.Lookup.SesIdentity(at.Region, from)}";
        yield return new ResourceCheck($"ses:{operation}", resource, keys =>
        {
            keys.Set("ses:FromAddress", from);
            if (recipients.Count > 0)
            {
                keys.Set("ses:Recipients", recipients);
            }
        });
    }

    // ---------------------------------------------------------------- SESv2 (REST-JSON, signing name ses)

    private static IEnumerable<ResourceCheck> SesV2(string operation, RequestInput input, ArnContext at)
    {
        if (operation != "SendEmail")
        {
            var set = input.Text("ConfigurationSetName");
            var identity = input.Text("EmailIdentity");
            var resource = operation switch
            {
                "CreateEmailIdentity" or "GetEmailIdentity" or "DeleteEmailIdentity" or "PutEmailIdentityConfigurationSetAttributes" when identity is not null
                    => $"arn:aws:ses:{at.Region}:{at.Account}:identity/{identity}",
                _ when set is not null => $"arn:aws:ses:{at.Region}:{at.Account}:configuration-set/{set}",
                _ => "*",
            };
            yield return new ResourceCheck($"ses:{operation}", resource);
            yield break;
        }

        // SendEmail (v2) is authorized as ses:SendEmail for simple and raw content alike, on the sending identity.
        var from = SesFromAddress(input, "FromEmailAddress", "Content.Raw.Data");
        var recipients = new[] { "ToAddresses", "CcAddresses", "BccAddresses" }
            .SelectMany(list => input.Json?["Destination"]?[list] is System.Text.Json.Nodes.JsonArray array ? array.Select(a => a?.GetValue<string>()).OfType<string>() : [])
            .ToList();
        var sender = from is null ? "*" : $"arn:aws:ses:{at.Region}:{at.Account}:identity/{at.Lookup.SesIdentity(at.Region, from)}";
        yield return new ResourceCheck("ses:SendEmail", sender, keys =>
        {
            keys.Set("ses:FromAddress", from);
            if (recipients.Count > 0)
            {
                keys.Set("ses:Recipients", recipients);
            }
        });
    }

    /// <summary><c>ses:FromAddress</c>: the <c>Source</c> parameter, else the raw message's <c>From</c> header (the address only).</summary>
    private static string? SesFromAddress(RequestInput input, string sourceMember = "Source", string rawMember = "RawMessage.Data")
    {
        if (input.Text(sourceMember) is { } source)
        {
            return MimeKit.MailboxAddress.TryParse(source, out var mailbox) ? mailbox.Address : source;
        }

        if (input.Text(rawMember) is not { } data)
        {
            return null;
        }

        try
        {
            using var stream = new MemoryStream(Convert.FromBase64String(data), writable: false);
            var headers = MimeKit.HeaderList.Load(stream);
            return headers[MimeKit.HeaderId.From] is { } from && MimeKit.InternetAddressList.TryParse(from, out var list)
                ? list.Mailboxes.FirstOrDefault()?.Address
                : null;
        }
        catch (Exception error) when (error is FormatException or MimeKit.ParseException)
        {
            return null;
        }
    }

    // ---------------------------------------------------------------- IAM and STS

    private static IEnumerable<ResourceCheck> Iam(string operation, RequestInput input, ArnContext at)
    {
        string Role(string name) => at.Lookup.RoleArn(name) ?? $"arn:aws:iam::{at.Account}:role{input.Text("Path") ?? "/"}{name}";
        string User(string name) => at.Lookup.UserArn(name) ?? $"arn:aws:iam::{at.Account}:user{input.Text("Path") ?? "/"}{name}";
        var resource = operation switch
        {
            "ListRoles" or "ListUsers" or "ListPolicies" => "*",
            "CreatePolicy" => input.Text("PolicyName") is { } policy ? $"arn:aws:iam::{at.Account}:policy{input.Text("Path") ?? "/"}{policy}" : "*",
            "GetPolicy" or "GetPolicyVersion" or "DeletePolicy" => input.Text("PolicyArn") ?? "*",
            _ when input.Text("RoleName") is { } role => Role(role),
            _ when input.Text("UserName") is { } user => User(user),
            _ => at.Caller.Type == AwsPrincipalType.User ? at.Caller.Arn : "*",
        };
        yield return new ResourceCheck($"iam:{operation}", resource);
    }

    private static IEnumerable<ResourceCheck> Sts(string operation, RequestInput input, ArnContext at)
    {
        // GetCallerIdentity and GetSessionToken need no permission ("Permissions for GetCallerIdentity",
        // https://docs.aws.amazon.com/STS/latest/APIReference/API_GetCallerIdentity.html); AssumeRole is decided
        // together with the role's trust policy, its resource-based policy.
        if (operation == "AssumeRole")
        {
            yield return new ResourceCheck("sts:AssumeRole", input.Text("RoleArn") ?? "*", keys => keys
                .Set("sts:ExternalId", input.Text("ExternalId"))
                .Set("sts:SourceIdentity", input.Text("SourceIdentity"))
                .Set("sts:RoleSessionName", input.Text("RoleSessionName")));
        }
    }

    // ---------------------------------------------------------------- services added by other parts of the emulator

    private static IEnumerable<ResourceCheck> CloudWatch(string operation, RequestInput input, ArnContext at)
    {
        var alarm = input.Text("AlarmName") ?? input.List("AlarmNames").FirstOrDefault();
        var resource = operation switch
        {
            _ when alarm is not null => $"arn:aws:cloudwatch:{at.Region}:{at.Account}:alarm:{alarm}",
            _ when input.Text("DashboardName") is { } dashboard => $"arn:aws:cloudwatch::{at.Account}:dashboard/{dashboard}",
            _ => "*",
        };
        yield return new ResourceCheck($"cloudwatch:{operation}", resource,
            operation == "PutMetricData" ? keys => keys.Set("cloudwatch:namespace", input.Text("Namespace")) : null);
    }

    private static IEnumerable<ResourceCheck> Logs(string operation, RequestInput input, ArnContext at)
    {
        var group = input.Text("logGroupName");
        var stream = input.Text("logStreamName");
        var resource = group is null
            ? input.Text("logGroupIdentifier") ?? input.Text("resourceArn") ?? "*"
            : stream is null || operation is "DescribeLogStreams"
                ? $"arn:aws:logs:{at.Region}:{at.Account}:log-group:{group}"
                : $"arn:aws:logs:{at.Region}:{at.Account}:log-group:{group}:log-stream:{stream}";
        yield return new ResourceCheck($"logs:{operation}", resource);
    }

    private static IEnumerable<ResourceCheck> States(string operation, RequestInput input, ArnContext at)
    {
        var resource = input.Text("executionArn") ?? input.Text("stateMachineArn") ?? input.Text("resourceArn")
            ?? (operation == "CreateStateMachine" && input.Text("name") is { } name ? $"arn:aws:states:{at.Region}:{at.Account}:stateMachine:{name}" : "*");
        yield return new ResourceCheck($"states:{operation}", resource);
    }

    private static IEnumerable<ResourceCheck> Lambda(string operation, RequestInput input, ArnContext at)
    {
        var name = input.Text("FunctionName");
        var resource = name is null ? "*" : name.StartsWith("arn:", StringComparison.Ordinal) ? name : $"arn:aws:lambda:{at.Region}:{at.Account}:function:{name}";
        yield return new ResourceCheck($"lambda:{operation}", resource);
    }

    private static IEnumerable<ResourceCheck> CloudFormation(string operation, RequestInput input, ArnContext at)
    {
        var stack = input.Text("StackName");
        var resource = stack is null ? "*" : stack.StartsWith("arn:", StringComparison.Ordinal) ? stack : $"arn:aws:cloudformation:{at.Region}:{at.Account}:stack/{stack}/*";
        yield return new ResourceCheck($"cloudformation:{operation}", resource);
    }
}
