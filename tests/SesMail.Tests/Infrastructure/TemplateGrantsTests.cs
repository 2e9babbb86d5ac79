using System.Text.Json.Nodes;
using SesMail.Emulator.Iam.Policies;
using SesMail.Emulator.Protocols;
using SesMail.Infrastructure.Provisioning;
using SesMail.Infrastructure.Template;

namespace SesMail.Tests.Infrastructure;

/// <summary>
/// The template checked against the code: every AWS call each function (and the pipe, and the AWS services acting on
/// the stack's behalf) makes is listed here with the resource it names, taken from the function's environment as the
/// code takes it, and each must be allowed by the role (or resource policy) in the template, evaluated with the
/// emulator's IAM policy evaluator. A new call without a grant fails here before it fails in AWS. Roles stay
/// least-privilege: no wildcard action, and <c>Resource: "*"</c> only for actions that have no resource ARNs: X-Ray,
/// the CloudWatch Logs log-delivery actions Step Functions logging needs, and <c>cloudwatch:PutMetricData</c> bound
/// to the stack's namespace by a <c>cloudwatch:namespace</c> condition.
/// </summary>
[Trait("Kind", "Unit")]
public sealed class TemplateGrantsTests
{
    private const string Account = "000000000000";
    private const string Region = "ap-southeast-2";

    /// <summary>One call: who makes it, the IAM action, and how to name its resource from the function's environment.</summary>
    public sealed record Call(string Caller, string Action, string Why)
    {
        public override string ToString() => $"{Caller}: {Action} ({Why})";
    }

    public static TheoryData<Call> Calls() =>
    [
        // Router (SesMail.Functions.Router): rule lookups, tagging stored mail, the integration-test token; its logs.
        new Call("RouterFunction", "dynamodb:GetItem", "DynamoDbRoutingRuleStore reads ROUTE# items from ROUTING_TABLE_NAME"),
        new Call("RouterFunction", "s3:PutObjectTagging", "S3ObjectTagger tags emails/{messageId} in EMAIL_BUCKET"),
        new Call("RouterFunction", "ssm:GetParameter", "SsmIntegrationTestTokenSource reads INTEGRATION_TEST_TOKEN_PARAMETER"),
        new Call("RouterFunction", "logs:CreateLogStream", "Lambda writes the function's log stream"),
        new Call("RouterFunction", "logs:PutLogEvents", "Lambda writes the function's log events"),
        new Call("RouterFunction", "xray:PutTraceSegments", "active tracing"),

        // Gmail forwarder: stored mail, OAuth material, the import ledger, the retry queue; its event source mapping.
        new Call("ForwarderFunction", "s3:GetObject", "S3EmailObjectReader reads emails/{messageId} from EMAIL_BUCKET"),
        new Call("ForwarderFunction", "ssm:GetParameters", "SsmGmailCredentialStore reads the default token GMAIL_REFRESH_TOKEN_PARAMETER"),
        new Call("ForwarderFunction", "ssm:GetParameters#client", "SsmGmailCredentialStore reads GMAIL_CLIENT_CREDENTIALS_PARAMETER"),
        new Call("ForwarderFunction", "ssm:GetParameters#account", "SsmGmailCredentialStore reads a target account's token under GMAIL_ACCOUNT_TOKEN_PARAMETER_PATH"),
        new Call("ForwarderFunction", "dynamodb:GetItem", "DynamoDbGmailImportLedger reads a GMAIL_IMPORT# claim in ROUTING_TABLE_NAME"),
        new Call("ForwarderFunction", "dynamodb:PutItem", "DynamoDbGmailImportLedger claims an import"),
        new Call("ForwarderFunction", "dynamodb:UpdateItem", "DynamoDbGmailImportLedger completes an import"),
        new Call("ForwarderFunction", "dynamodb:DeleteItem", "DynamoDbGmailImportLedger releases a claim"),
        new Call("ForwarderFunction", "sqs:SendMessage", "SqsRetryQueue parks mail in RETRY_QUEUE_URL"),
        new Call("ForwarderFunction", "sqs:SendMessage#dlq", "SqsRetryQueue sends the third parking to RETRY_DLQ_URL"),
        new Call("ForwarderFunction", "sqs:ReceiveMessage", "the event source mapping polls the forwarder queue"),
        new Call("ForwarderFunction", "sqs:DeleteMessage", "the event source mapping deletes handled messages"),
        new Call("ForwarderFunction", "sqs:GetQueueAttributes", "the event source mapping reads the queue"),
        new Call("ForwarderFunction", "sqs:ChangeMessageVisibility", "the event source mapping returns failed messages"),
        new Call("ForwarderFunction", "logs:PutLogEvents", "Lambda writes the function's log events"),

        // Bouncer: the DSN, its ledger; its event source mapping.
        new Call("BouncerFunction", "ses:SendRawEmail", "SesRawEmailSender sends the DSN from BOUNCE_SENDER"),
        new Call("BouncerFunction", "dynamodb:PutItem", "DynamoDbBounceLedger claims a bounce in ROUTING_TABLE_NAME"),
        new Call("BouncerFunction", "dynamodb:UpdateItem", "DynamoDbBounceLedger marks it sent"),
        new Call("BouncerFunction", "dynamodb:DeleteItem", "DynamoDbBounceLedger releases a failed claim"),
        new Call("BouncerFunction", "sqs:ReceiveMessage", "the event source mapping polls the bouncer queue"),
        new Call("BouncerFunction", "sqs:DeleteMessage", "the event source mapping deletes handled messages"),
        new Call("BouncerFunction", "logs:PutLogEvents", "Lambda writes the function's log events"),

        // SMTP credential manager: IAM users it creates and cleans up, the credentials key, its item; its stream mapping.
        new Call("SmtpCredentialManagerFunction", "iam:CreateUser", "SmtpCredentialManager creates ses-smtp-user-{name}-{seconds}"),
        new Call("SmtpCredentialManagerFunction", "iam:GetUser", "SmtpCredentialManager checks the user still exists before rotating"),
        new Call("SmtpCredentialManagerFunction", "iam:DeleteUser", "SmtpCredentialManager deletes the user on REMOVE or after a failed create"),
        new Call("SmtpCredentialManagerFunction", "iam:CreateAccessKey", "SmtpCredentialManager creates the key (and rotates it)"),
        new Call("SmtpCredentialManagerFunction", "iam:ListAccessKeys", "SmtpCredentialManager lists keys to rotate, disable, enable or delete"),
        new Call("SmtpCredentialManagerFunction", "iam:UpdateAccessKey", "SmtpCredentialManager deactivates and reactivates keys"),
        new Call("SmtpCredentialManagerFunction", "iam:DeleteAccessKey", "SmtpCredentialManager deletes keys"),
        new Call("SmtpCredentialManagerFunction", "iam:PutUserPolicy", "SmtpCredentialManager writes the ses:FromAddress policy"),
        new Call("SmtpCredentialManagerFunction", "iam:DeleteUserPolicy", "SmtpCredentialManager deletes the policy"),
        new Call("SmtpCredentialManagerFunction", "iam:ListUserPolicies", "SmtpCredentialManager lists policies to delete"),
        new Call("SmtpCredentialManagerFunction", "kms:Encrypt", "SmtpCredentialManager encrypts the credentials with SMTP_CREDENTIALS_KEY"),
        new Call("SmtpCredentialManagerFunction", "dynamodb:UpdateItem", "SmtpCredentialManager writes active and the credentials"),
        new Call("SmtpCredentialManagerFunction", "dynamodb:GetRecords", "the stream mapping reads the routing table's stream"),
        new Call("SmtpCredentialManagerFunction", "dynamodb:GetShardIterator", "the stream mapping reads the routing table's stream"),
        new Call("SmtpCredentialManagerFunction", "dynamodb:DescribeStream", "the stream mapping reads the routing table's stream"),
        new Call("SmtpCredentialManagerFunction", "logs:PutLogEvents", "Lambda writes the function's log events"),

        // Outbound metrics publisher: its metrics, in its own namespace only.
        new Call("OutboundMetricsFunction", "cloudwatch:PutMetricData", "OutboundMetricsFunction publishes Outbound* in SESMail/{env}"),
        new Call("OutboundMetricsFunction", "logs:PutLogEvents", "Lambda writes the function's log events"),

        // The pipe: input queue → router → bus.
        new Call("RouterPipe", "sqs:ReceiveMessage", "the pipe polls the input queue"),
        new Call("RouterPipe", "sqs:DeleteMessage", "the pipe deletes delivered batches"),
        new Call("RouterPipe", "sqs:GetQueueAttributes", "the pipe reads the input queue"),
        new Call("RouterPipe", "lambda:InvokeFunction", "the pipe calls the router for enrichment"),
        new Call("RouterPipe", "events:PutEvents", "the pipe puts decisions on the bus"),

        // The recovery workflows (Step Functions, each task as the state machine's role) and the schedule that starts one.
        new Call("RetryProcessorStateMachine", "sqs:GetQueueUrl", "Start looks the retry queue up by name"),
        new Call("RetryProcessorStateMachine", "sqs:ReceiveMessage", "ReadMessagesFromQueue"),
        new Call("RetryProcessorStateMachine", "sqs:DeleteMessage", "DeleteMessage after a delivered record"),
        new Call("RetryProcessorStateMachine", "lambda:InvokeFunction", "Forward invokes the forwarder (lambda:invoke)"),
        new Call("RetryProcessorStateMachine", "cloudwatch:PutMetricData", "PublishCompletionMetrics"),
        new Call("TokenMonitorStateMachine", "ssm:GetParameter", "GetTokenParameter reads the refresh token"),
        new Call("TokenMonitorStateMachine", "cloudwatch:PutMetricData", "PublishExpirationMetric and the error metric"),
        new Call("TokenMonitorSchedule", "states:StartExecution", "the schedule rule starts the token monitor"),

        // AWS services acting for the stack, allowed by resource-based policies.
        new Call("ses.amazonaws.com", "s3:PutObject", "the receipt rule stores mail under emails/"),
        new Call("ses.amazonaws.com", "sns:Publish", "the receipt rule notifies the inbound topic"),
        new Call("sns.amazonaws.com", "sqs:SendMessage", "the inbound topic delivers to the input queue"),
        new Call("events.amazonaws.com", "sqs:SendMessage", "the Gmail rule targets the forwarder queue"),
        new Call("events.amazonaws.com", "sqs:SendMessage#bouncer", "the bouncer rule targets the bouncer queue"),
    ];

    [Theory]
    [MemberData(nameof(Calls))]
    public async Task TemplateRole_EveryCallItsCodeMakes_IsAllowed(Call call)
    {
        var stack = await Stack.Value;
        var request = stack.Request(call);

        var decision = PolicyEvaluator.Evaluate(request.Authorization, request.Identity, [], request.ResourcePolicy);

        decision.Should().Be(PolicyDecision.Allow, $"{call} on {request.Authorization.Resource} must be granted by the template");
    }

    [Fact]
    public async Task TemplateRoles_AreLeastPrivilege_NoWildcardActionsAndNamedResources()
    {
        var stack = await Stack.Value;
        var problems = new List<string>();
        foreach (var (role, documents) in stack.RolePolicies)
        {
            foreach (var statement in documents.SelectMany(d => d.Statements))
            {
                var actions = statement.Action ?? [];
                if (statement.NotAction is not null || actions.Any(a => a == "*" || a.EndsWith(":*", StringComparison.Ordinal)))
                {
                    problems.Add($"{role}/{statement.Sid}: wildcard or NotAction in {string.Join(", ", actions)}");
                }

                if ((statement.Resource ?? ["*"]).Contains("*") && !actions.All(a => WithoutResourceArns(a, statement)))
                {
                    problems.Add($"{role}/{statement.Sid}: Resource \"*\" for {string.Join(", ", actions)}");
                }
            }
        }

        problems.Should().BeEmpty();
    }

    /// <summary>Whether AWS offers no resource ARN for <paramref name="action"/>, so <c>Resource: "*"</c> is the only way to grant it.</summary>
    private static bool WithoutResourceArns(string action, PolicyStatement statement) =>
        action.StartsWith("xray:", StringComparison.Ordinal)
        || action is "logs:CreateLogDelivery" or "logs:GetLogDelivery" or "logs:UpdateLogDelivery" or "logs:DeleteLogDelivery"
            or "logs:ListLogDeliveries" or "logs:PutResourcePolicy" or "logs:DescribeResourcePolicies" or "logs:DescribeLogGroups"
        || (action == "cloudwatch:PutMetricData" && statement.Conditions.Any(c => c.Key.Equals("cloudwatch:namespace", StringComparison.OrdinalIgnoreCase)));

    [Fact]
    public async Task TemplateRole_ForwarderWithoutLedgerGrant_IsDeniedTheLedgerWrite()
    {
        var stack = await Stack.Value;
        var withoutGrant = Resolved.Without(stack, "ForwarderRole", "ImportLedger");
        var request = withoutGrant.Request(new Call("ForwarderFunction", "dynamodb:PutItem", "the ledger claim"));

        var decision = PolicyEvaluator.Evaluate(request.Authorization, request.Identity, [], request.ResourcePolicy);

        decision.Should().Be(PolicyDecision.ImplicitDeny);
    }

    private static readonly Lazy<Task<Resolved>> Stack = new(Resolved.LoadAsync);

    /// <summary>The template resolved without a backend (names and ARNs as CloudFormation computes them).</summary>
    private sealed class Resolved
    {
        private readonly TemplateDocument _template;
        private readonly ResolvedStack _stack;
        private readonly TemplateEvaluator _evaluator;

        private Resolved(TemplateDocument template, ResolvedStack stack, Dictionary<string, IReadOnlyList<PolicyDocument>> overrides)
        {
            _template = template;
            _stack = stack;
            _evaluator = stack.Evaluator(template);
            RolePolicies = template.OfType("AWS::IAM::Role").ToDictionary(
                r => r.LogicalId,
                r => overrides.TryGetValue(r.LogicalId, out var o) ? o : Policies(_evaluator.Properties(r)));
        }

        public Dictionary<string, IReadOnlyList<PolicyDocument>> RolePolicies { get; }

        public static async Task<Resolved> LoadAsync()
        {
            var template = TemplateYamlTests.Load();
            var provisioner = new StackProvisioner([], null);
            var stack = await provisioner.ProvisionAsync(template, new StackSettings("test", Account, Region, new Dictionary<string, string>()));
            return new Resolved(template, stack, []);
        }

        public static Resolved Without(Resolved from, string role, string sid)
        {
            var documents = from.RolePolicies[role]
                .Select(d => d with { Statements = [.. d.Statements.Where(s => s.Sid != sid)] })
                .ToList();
            return new Resolved(from._template, from._stack, new() { [role] = documents });
        }

        public (AuthorizationRequest Authorization, IReadOnlyList<PolicyDocument> Identity, PolicyDocument? ResourcePolicy) Request(Call call)
        {
            var action = call.Action.Split('#')[0];
            if (call.Caller.EndsWith(".amazonaws.com", StringComparison.Ordinal))
            {
                return ServiceRequest(call, action);
            }

            var resource = _template.Resources.First(r => r.LogicalId == call.Caller);
            var properties = _evaluator.Properties(resource);
            var roleArn = Text(resource.Type switch
            {
                "AWS::Pipes::Pipe" or "AWS::StepFunctions::StateMachine" => properties["RoleArn"],
                "AWS::Events::Rule" => properties["Targets"]![0]!["RoleArn"],
                _ => properties["Role"],
            });
            var role = _stack.FindByAttribute("Arn", roleArn) ?? throw new InvalidOperationException($"{call.Caller} names no role of the template ({roleArn}).");
            var variables = properties["Environment"]?["Variables"] as JsonObject ?? properties["DefinitionSubstitutions"] as JsonObject ?? [];
            string Env(string name) => variables[name] is { } v ? Text(v) : throw new InvalidOperationException($"{call.Caller} reads {name}, which the template does not set.");
            string Parameter(string name) => $"arn:aws:ssm:{Region}:{Account}:parameter{Env(name)}";
            string Table() => $"arn:aws:dynamodb:{Region}:{Account}:table/{Env("ROUTING_TABLE_NAME")}";
            string Queue(string logicalId) => _stack.Resource(logicalId).Attribute("Arn")!;
            var functionName = _stack.Resource(call.Caller).PhysicalId;
            var arn = (call.Caller, call.Action) switch
            {
                (_, "dynamodb:GetItem" or "dynamodb:PutItem" or "dynamodb:UpdateItem" or "dynamodb:DeleteItem") => Table(),
                (_, "s3:PutObjectTagging" or "s3:GetObject") => $"arn:aws:s3:::{Env("EMAIL_BUCKET")}/emails/o3vrnil0e2ic28trm7dfhrc2v0clambda4nbp0g1",
                ("RouterFunction", "ssm:GetParameter") => Parameter("INTEGRATION_TEST_TOKEN_PARAMETER"),
                ("ForwarderFunction", "ssm:GetParameters") => Parameter("GMAIL_REFRESH_TOKEN_PARAMETER"),
                ("ForwarderFunction", "ssm:GetParameters#client") => Parameter("GMAIL_CLIENT_CREDENTIALS_PARAMETER"),
                ("ForwarderFunction", "ssm:GetParameters#account") => $"arn:aws:ssm:{Region}:{Account}:parameter{Env("GMAIL_ACCOUNT_TOKEN_PARAMETER_PATH")}/gmail.com/sales-team",
                ("ForwarderFunction", "sqs:SendMessage") => Sqs(Env("RETRY_QUEUE_URL")),
                ("ForwarderFunction", "sqs:SendMessage#dlq") => Sqs(Env("RETRY_DLQ_URL")),
                ("RetryProcessorStateMachine", _) when action.StartsWith("sqs:", StringComparison.Ordinal) => $"arn:aws:sqs:{Region}:{Account}:{Env("RetryQueueName")}",
                ("RetryProcessorStateMachine", "lambda:InvokeFunction") => Env("ForwarderFunctionArn"),
                ("TokenMonitorStateMachine", "ssm:GetParameter") => $"arn:aws:ssm:{Region}:{Account}:parameter{Env("TokenParameter")}",
                ("TokenMonitorSchedule", "states:StartExecution") => Text(properties["Targets"]![0]!["Arn"]),
                (_, "cloudwatch:PutMetricData") => "*",
                ("ForwarderFunction", _) when action.StartsWith("sqs:", StringComparison.Ordinal) => Queue("ForwarderQueue"),
                ("BouncerFunction", _) when action.StartsWith("sqs:", StringComparison.Ordinal) => Queue("BouncerQueue"),
                ("BouncerFunction", "ses:SendRawEmail") => $"arn:aws:ses:{Region}:{Account}:identity/{Env("BOUNCE_SENDER").Split('@')[1]}",
                ("RouterPipe", _) when action.StartsWith("sqs:", StringComparison.Ordinal) => Queue("InputQueue"),
                ("RouterPipe", "lambda:InvokeFunction") => _stack.Resource("RouterFunction").Attribute("Arn")!,
                ("RouterPipe", "events:PutEvents") => _stack.Resource("EventBus").Attribute("Arn")!,
                ("SmtpCredentialManagerFunction", _) when action.StartsWith("iam:", StringComparison.Ordinal) => $"arn:aws:iam::{Account}:user/ses-smtp-user-app-1700000000",
                ("SmtpCredentialManagerFunction", "kms:Encrypt") => _stack.Resource("SmtpCredentialsKey").Attribute("Arn")!,
                (_, "dynamodb:GetRecords" or "dynamodb:GetShardIterator" or "dynamodb:DescribeStream") => _stack.Resource("RoutingTable").Attribute("StreamArn")!,
                (_, "logs:CreateLogStream" or "logs:PutLogEvents") => $"arn:aws:logs:{Region}:{Account}:log-group:/aws/lambda/{functionName}:log-stream:2026/01/01/[$LATEST]0123",
                (_, "xray:PutTraceSegments") => "*",
                _ => throw new InvalidOperationException($"No resource is known for {call}."),
            };
            var principal = new AwsPrincipal(AwsPrincipalType.AssumedRole, $"arn:aws:sts::{Account}:assumed-role/{role.PhysicalId}/{functionName}", $"AROA:{functionName}", Account)
            {
                RoleArn = roleArn,
            };
            var keys = new RequestContextKeys().Set("aws:PrincipalArn", roleArn).Set("aws:PrincipalAccount", Account);
            if (action == "ses:SendRawEmail")
            {
                keys.Set("ses:FromAddress", Env("BOUNCE_SENDER"));
            }

            if (action == "cloudwatch:PutMetricData")
            {
                keys.Set("cloudwatch:namespace", call.Caller == "OutboundMetricsFunction" ? $"SESMail/{Env("ENVIRONMENT")}" : Env("MetricNamespace"));
            }

            return (new AuthorizationRequest(principal, action, arn, keys), RolePolicies[role.LogicalId], null);
        }

        private (AuthorizationRequest, IReadOnlyList<PolicyDocument>, PolicyDocument?) ServiceRequest(Call call, string action)
        {
            var (resourceArn, policyResource, sourceArn) = (call.Caller, call.Action) switch
            {
                ("ses.amazonaws.com", "s3:PutObject") => ($"{_stack.Resource("EmailBucket").Attribute("Arn")}/emails/abc", "EmailBucketPolicy", (string?)null),
                ("ses.amazonaws.com", "sns:Publish") => (_stack.Resource("InboundTopic").PhysicalId, "InboundTopicPolicy", null),
                ("sns.amazonaws.com", _) => (_stack.Resource("InputQueue").Attribute("Arn")!, "InputQueuePolicy", _stack.Resource("InboundTopic").PhysicalId),
                ("events.amazonaws.com", "sqs:SendMessage") => (_stack.Resource("ForwarderQueue").Attribute("Arn")!, "ForwarderQueuePolicy", _stack.Resource("GmailRule").Attribute("Arn")),
                ("events.amazonaws.com", _) => (_stack.Resource("BouncerQueue").Attribute("Arn")!, "BouncerQueuePolicy", _stack.Resource("BouncerRule").Attribute("Arn")),
                _ => throw new InvalidOperationException($"No resource is known for {call}."),
            };
            var document = PolicyDocument.Parse(_evaluator.Properties(_template.Resources.First(r => r.LogicalId == policyResource))["PolicyDocument"]!.ToJsonString(), PolicyKind.Resource);
            var principal = new AwsPrincipal(AwsPrincipalType.Service, call.Caller, call.Caller, Account) { ServiceName = call.Caller, SourceArn = sourceArn };
            var keys = new RequestContextKeys().Set("aws:SourceAccount", Account).Set("aws:SourceArn", sourceArn);
            return (new AuthorizationRequest(principal, action, resourceArn, keys), [], document);
        }

        private static IReadOnlyList<PolicyDocument> Policies(JsonObject role) =>
            [.. (role["Policies"] as JsonArray ?? []).Select(p => PolicyDocument.Parse(p!["PolicyDocument"]!.ToJsonString(), PolicyKind.Identity))];

        private static string Sqs(string queueUrl)
        {
            var parts = new Uri(queueUrl).AbsolutePath.Trim('/').Split('/');
            return $"arn:aws:sqs:{Region}:{parts[0]}:{parts[1]}";
        }

        private static string Text(JsonNode? node) => TemplateValues.ScalarText(node!, "value");
    }
}
