using SesMail.Emulator.Iam.Policies;
using SesMail.Emulator.Protocols;

namespace SesMail.Tests.Emulator.Iam;

/// <summary>
/// Policy evaluation cases taken from the AWS IAM User Guide; each case names the page (and section) its policy and
/// expected outcome come from.
/// </summary>
[Trait("Kind", "Unit")]
public sealed class PolicyEvaluatorTests
{
    private const string Account = "111122223333";
    private const string EvaluationLogic = "https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic.html";
    private const string ActionPage = "https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_action.html";
    private const string NotActionPage = "https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_notaction.html";
    private const string ResourcePage = "https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_resource.html";
    private const string NotResourcePage = "https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_notresource.html";
    private const string VariablesPage = "https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_variables.html";
    private const string OperatorsPage = "https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html";
    private const string MultiValuedPage = "https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-single-vs-multi-valued-context-keys.html";
    private const string PrincipalPage = "https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_principal.html";
    private const string SesPage = "https://docs.aws.amazon.com/ses/latest/dg/control-user-access.html";
    private const string SesReceivingPage = "https://docs.aws.amazon.com/ses/latest/dg/receiving-email-permissions.html";
    private const string SnsToSqsPage = "https://docs.aws.amazon.com/sns/latest/dg/subscribe-sqs-queue-to-sns-topic.html";

    private static readonly AwsPrincipal Alice = new(AwsPrincipalType.User, $"arn:aws:iam::{Account}:user/Alice", "AIDAALICE", Account)
    {
        UserName = "Alice",
        Tags = new Dictionary<string, string> { ["job-category"] = "iamuser-admin" },
    };

    private static readonly AwsPrincipal RouterSession = new(AwsPrincipalType.AssumedRole, $"arn:aws:sts::{Account}:assumed-role/router/fn", "AROAROUTER:fn", Account)
    {
        RoleArn = $"arn:aws:iam::{Account}:role/router",
    };

    private static readonly AwsPrincipal Ses = new(AwsPrincipalType.Service, "ses.amazonaws.com", "ses.amazonaws.com", Account)
    {
        ServiceName = "ses.amazonaws.com",
        SourceArn = $"arn:aws:ses:us-east-1:{Account}:receipt-rule-set/rules:receipt-rule/store",
    };

    private static readonly AwsPrincipal Sns = new(AwsPrincipalType.Service, "sns.amazonaws.com", "sns.amazonaws.com", Account)
    {
        ServiceName = "sns.amazonaws.com",
        SourceArn = $"arn:aws:sns:us-east-1:{Account}:inbound",
    };

    /// <summary>One case: the policies, the request, and what AWS documents as the outcome.</summary>
    public sealed record Case(
        string Name,
        string Source,
        AwsPrincipal Principal,
        string Action,
        string Resource,
        string Expected,
        string[] Identity,
        string? ResourcePolicy = null,
        (string Key, string[] Values)[]? Keys = null,
        string? Session = null)
    {
        public override string ToString() => Name;
    }

    public static TheoryData<Case> Cases() =>
    [
        // ---- evaluation logic: default deny, explicit allow, explicit deny wins
        new Case("no policy denies by default", EvaluationLogic + "#policy-eval-denyallow", Alice, "s3:GetObject", "arn:aws:s3:::bucket/a", "ImplicitDeny", []),
        new Case("an allow allows", EvaluationLogic + "#policy-eval-denyallow", Alice, "s3:GetObject", "arn:aws:s3:::bucket/a", "Allow",
            [Allow("\"s3:GetObject\"", "\"arn:aws:s3:::bucket/*\"")]),
        new Case("an explicit deny overrides an allow in another policy", EvaluationLogic + "#policy-eval-denyallow", Alice, "s3:GetObject", "arn:aws:s3:::bucket/a", "ExplicitDenyIdentity",
            [Allow("\"s3:*\"", "\"*\""), Deny("\"s3:GetObject\"", "\"arn:aws:s3:::bucket/*\"")]),
        new Case("an explicit deny in the resource policy overrides an identity allow", EvaluationLogic + "#policy-eval-denyallow", Alice, "s3:GetObject", "arn:aws:s3:::bucket/a", "ExplicitDenyResource",
            [Allow("\"s3:*\"", "\"*\"")], ResourcePolicy: $$$$$"""{"Version":"2012-10-17","Statement":[{"Effect":"Deny","Principal":{"AWS":"arn:aws:iam::{{{{{Account}}}}}:root"},"Action":"s3:GetObject","Resource":"arn:aws:s3:::bucket/*"}]}"""),
        new Case("a resource policy naming the user allows without an identity policy", EvaluationLogic + "#policy-eval-basics", Alice, "sqs:SendMessage", $"arn:aws:sqs:us-east-1:{Account}:q", "Allow",
            [], ResourcePolicy: $$$$$"""{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"{{{{{Alice.Arn}}}}}"},"Action":"sqs:SendMessage","Resource":"arn:aws:sqs:us-east-1:{{{{{Account}}}}}:q"}]}"""),
        new Case("a resource policy naming the account delegates to identity policies", PrincipalPage + "#principal-accounts", Alice, "sqs:SendMessage", $"arn:aws:sqs:us-east-1:{Account}:q", "ImplicitDeny",
            [], ResourcePolicy: $$$$$"""{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"{{{{{Account}}}}}"},"Action":"sqs:SendMessage","Resource":"*"}]}"""),
        new Case("a resource policy naming the role allows its sessions", PrincipalPage + "#principal-roles", RouterSession, "sns:Publish", $"arn:aws:sns:us-east-1:{Account}:t", "Allow",
            [], ResourcePolicy: $$$$$"""{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::{{{{{Account}}}}}:role/router"},"Action":"sns:Publish","Resource":"*"}]}"""),
        new Case("a session policy limits the role's permissions", "https://docs.aws.amazon.com/IAM/latest/UserGuide/access_policies.html#policies_session", RouterSession, "s3:PutObject", "arn:aws:s3:::bucket/a", "ImplicitDeny",
            [Allow("\"s3:*\"", "\"*\"")], Session: Allow("\"s3:GetObject\"", "\"*\"")),

        // ---- Action and NotAction
        new Case("actions match without case", ActionPage, Alice, "sqs:SendMessage", "*", "Allow", [Allow("\"SQS:sendmessage\"", "\"*\"")]),
        new Case("a wildcard in the action name", ActionPage, Alice, "iam:CreateAccessKey", "*", "Allow", [Allow("\"iam:*AccessKey*\"", "\"*\"")]),
        new Case("a wildcard does not cross services", ActionPage, Alice, "sqs:SendMessage", "*", "ImplicitDeny", [Allow("\"s3:*\"", "\"*\"")]),
        new Case("the ? wildcard matches one character", ActionPage, Alice, "s3:GetObject", "*", "Allow", [Allow("\"s3:?etObject\"", "\"*\"")]),
        new Case("NotAction with Allow allows every other action", NotActionPage, Alice, "s3:GetObject", "*", "Allow", [Statement("Allow", "\"NotAction\":\"iam:*\"", "\"Resource\":\"*\"")]),
        new Case("NotAction with Allow does not allow the listed action", NotActionPage, Alice, "iam:CreateUser", "*", "ImplicitDeny", [Statement("Allow", "\"NotAction\":\"iam:*\"", "\"Resource\":\"*\"")]),
        new Case("NotAction with Deny denies everything but the listed action", NotActionPage, Alice, "s3:GetObject", "*", "ExplicitDenyIdentity",
            [Allow("\"*\"", "\"*\""), Statement("Deny", "\"NotAction\":\"iam:*\"", "\"Resource\":\"*\"")]),

        // ---- Resource and NotResource
        new Case("a wildcard in the resource segment", ResourcePage + "#reference_policies_elements_resource_wildcards", Alice, "s3:GetObject", "arn:aws:s3:::bucket/emails/a.eml", "Allow",
            [Allow("\"s3:GetObject\"", "\"arn:aws:s3:::bucket/emails/*\"")]),
        new Case("a resource outside the prefix is not matched", ResourcePage + "#reference_policies_elements_resource_wildcards", Alice, "s3:GetObject", "arn:aws:s3:::bucket/other/a.eml", "ImplicitDeny",
            [Allow("\"s3:GetObject\"", "\"arn:aws:s3:::bucket/emails/*\"")]),
        new Case("a wildcard in the region and account segments", ResourcePage + "#reference_policies_elements_resource_wildcards", Alice, "sqs:SendMessage", $"arn:aws:sqs:ap-southeast-2:{Account}:q", "Allow",
            [Allow("\"sqs:SendMessage\"", "\"arn:aws:sqs:*:*:q\"")]),
        new Case("a log group ARN ending in :* covers its streams", ResourcePage, RouterSession, "logs:PutLogEvents", $"arn:aws:logs:us-east-1:{Account}:log-group:/aws/lambda/router:log-stream:2026/01/01", "Allow",
            [Allow("\"logs:PutLogEvents\"", $"\"arn:aws:logs:us-east-1:{Account}:log-group:/aws/lambda/router:*\"")]),
        new Case("NotResource with Allow allows every other resource", NotResourcePage, Alice, "s3:GetObject", "arn:aws:s3:::public/a", "Allow",
            [Statement("Allow", "\"Action\":\"s3:GetObject\"", "\"NotResource\":\"arn:aws:s3:::secret/*\"")]),
        new Case("NotResource with Allow does not allow the listed resource", NotResourcePage, Alice, "s3:GetObject", "arn:aws:s3:::secret/a", "ImplicitDeny",
            [Statement("Allow", "\"Action\":\"s3:GetObject\"", "\"NotResource\":\"arn:aws:s3:::secret/*\"")]),

        // ---- policy variables
        new Case("${aws:username} in the resource", VariablesPage + "#policy-vars-using-variables", Alice, "s3:GetObject", "arn:aws:s3:::bucket/home/Alice/a", "Allow",
            [Allow("\"s3:GetObject\"", "\"arn:aws:s3:::bucket/home/${aws:username}/*\"")]),
        new Case("${aws:username} does not match another user's folder", VariablesPage + "#policy-vars-using-variables", Alice, "s3:GetObject", "arn:aws:s3:::bucket/home/Bob/a", "ImplicitDeny",
            [Allow("\"s3:GetObject\"", "\"arn:aws:s3:::bucket/home/${aws:username}/*\"")]),
        new Case("a variable without a value matches nothing", VariablesPage + "#policy-vars-no-value", RouterSession, "s3:GetObject", "arn:aws:s3:::bucket/home/fn/a", "ImplicitDeny",
            [Allow("\"s3:GetObject\"", "\"arn:aws:s3:::bucket/home/${aws:username}/*\"")]),
        new Case("a variable's default value applies when the key is absent", VariablesPage + "#policy-vars-default-values", RouterSession, "s3:GetObject", "arn:aws:s3:::bucket/home/shared/a", "Allow",
            [Allow("\"s3:GetObject\"", "\"arn:aws:s3:::bucket/home/${aws:username, 'shared'}/*\"")]),
        new Case("${*} is a literal asterisk", VariablesPage + "#policy-vars-specialchars", Alice, "s3:GetObject", "arn:aws:s3:::bucket/a*", "Allow",
            [Allow("\"s3:GetObject\"", "\"arn:aws:s3:::bucket/a${*}\"")]),
        new Case("${*} does not match other characters", VariablesPage + "#policy-vars-specialchars", Alice, "s3:GetObject", "arn:aws:s3:::bucket/ab", "ImplicitDeny",
            [Allow("\"s3:GetObject\"", "\"arn:aws:s3:::bucket/a${*}\"")]),
        new Case("variables are literal text in a 2008-10-17 policy", VariablesPage, Alice, "s3:GetObject", "arn:aws:s3:::bucket/home/Alice/a", "ImplicitDeny",
            ["""{"Version":"2008-10-17","Statement":[{"Effect":"Allow","Action":"s3:GetObject","Resource":"arn:aws:s3:::bucket/home/${aws:username}/*"}]}"""]),

        // ---- condition operators
        new Case("StringEquals on a principal tag", OperatorsPage + "#Conditions_String", Alice, "iam:CreateAccessKey", $"arn:aws:iam::{Account}:user/Bob", "Allow",
            [Allow("\"iam:*AccessKey*\"", $"\"arn:aws:iam::{Account}:user/*\"", """{"StringEquals":{"aws:PrincipalTag/job-category":"iamuser-admin"}}""")]),
        new Case("StringEquals fails when the key is absent", OperatorsPage + "#Conditions_String", RouterSession, "iam:CreateAccessKey", $"arn:aws:iam::{Account}:user/Bob", "ImplicitDeny",
            [Allow("\"iam:*AccessKey*\"", $"\"arn:aws:iam::{Account}:user/*\"", """{"StringEquals":{"aws:PrincipalTag/job-category":"iamuser-admin"}}""")]),
        new Case("StringNotEquals holds when the key is absent", OperatorsPage, RouterSession, "s3:GetObject", "*", "Allow",
            [Allow("\"s3:GetObject\"", "\"*\"", """{"StringNotEquals":{"aws:PrincipalTag/job-category":"intern"}}""")]),
        new Case("StringNotEquals with several values needs the value to differ from all", OperatorsPage + "#Conditions_String", Alice, "s3:GetObject", "*", "ImplicitDeny",
            [Allow("\"s3:GetObject\"", "\"*\"", """{"StringNotEquals":{"aws:PrincipalTag/job-category":["intern","iamuser-admin"]}}""")]),
        new Case("StringLike with wildcards on ses:FromAddress (the SMTP credential policy)", SesPage, Alice, "ses:SendRawEmail", $"arn:aws:ses:us-east-1:{Account}:identity/news.example.com", "Allow",
            [Allow("[\"ses:SendEmail\",\"ses:SendRawEmail\"]", "\"*\"", """{"StringLike":{"ses:FromAddress":["app@example.com","*@news.example.com"]}}""")],
            Keys: [("ses:FromAddress", ["weekly@news.example.com"])]),
        new Case("StringLike refuses a sender outside the list", SesPage, Alice, "ses:SendRawEmail", $"arn:aws:ses:us-east-1:{Account}:identity/example.com", "ImplicitDeny",
            [Allow("[\"ses:SendEmail\",\"ses:SendRawEmail\"]", "\"*\"", """{"StringLike":{"ses:FromAddress":["app@example.com","*@news.example.com"]}}""")],
            Keys: [("ses:FromAddress", ["ceo@example.com"])]),
        new Case("StringNotLike denies what does not match", OperatorsPage + "#Conditions_String", Alice, "ses:SendRawEmail", "*", "ExplicitDenyIdentity",
            [Allow("\"ses:*\"", "\"*\""), Deny("\"ses:SendRawEmail\"", "\"*\"", """{"StringNotLike":{"ses:FromAddress":"*@example.com"}}""")],
            Keys: [("ses:FromAddress", ["x@other.test"])]),
        new Case("NumericLessThanEquals on s3:max-keys", OperatorsPage + "#Conditions_Numeric", Alice, "s3:ListBucket", "arn:aws:s3:::bucket", "Allow",
            [Allow("\"s3:ListBucket\"", "\"arn:aws:s3:::bucket\"", """{"NumericLessThanEquals":{"s3:max-keys":"10"}}""")], Keys: [("s3:max-keys", ["10"])]),
        new Case("NumericLessThanEquals refuses a larger value", OperatorsPage + "#Conditions_Numeric", Alice, "s3:ListBucket", "arn:aws:s3:::bucket", "ImplicitDeny",
            [Allow("\"s3:ListBucket\"", "\"arn:aws:s3:::bucket\"", """{"NumericLessThanEquals":{"s3:max-keys":"10"}}""")], Keys: [("s3:max-keys", ["11"])]),
        new Case("DateGreaterThan on aws:CurrentTime", OperatorsPage + "#Conditions_Date", Alice, "s3:GetObject", "*", "Allow",
            [Allow("\"s3:GetObject\"", "\"*\"", """{"DateGreaterThan":{"aws:CurrentTime":"2020-04-01T00:00:00Z"}}""")], Keys: [("aws:CurrentTime", ["2026-01-01T00:00:00Z"])]),
        new Case("DateLessThan refuses after the date", OperatorsPage + "#Conditions_Date", Alice, "s3:GetObject", "*", "ImplicitDeny",
            [Allow("\"s3:GetObject\"", "\"*\"", """{"DateLessThan":{"aws:CurrentTime":"2020-06-30T00:00:00Z"}}""")], Keys: [("aws:CurrentTime", ["2026-01-01T00:00:00Z"])]),
        new Case("Bool on aws:SecureTransport denies plain HTTP", OperatorsPage + "#Conditions_Boolean", Alice, "s3:GetObject", "*", "ExplicitDenyIdentity",
            [Allow("\"s3:*\"", "\"*\""), Deny("\"s3:*\"", "\"*\"", """{"Bool":{"aws:SecureTransport":"false"}}""")], Keys: [("aws:SecureTransport", ["false"])]),
        new Case("IpAddress on aws:SourceIp", OperatorsPage + "#Conditions_IPAddress", Alice, "s3:GetObject", "*", "Allow",
            [Allow("\"s3:GetObject\"", "\"*\"", """{"IpAddress":{"aws:SourceIp":"203.0.113.0/24"}}""")], Keys: [("aws:SourceIp", ["203.0.113.7"])]),
        new Case("ArnLike on aws:SourceArn", OperatorsPage + "#Conditions_ARN", Sns, "sqs:SendMessage", $"arn:aws:sqs:us-east-1:{Account}:q", "Allow",
            [], ResourcePolicy: $$$$$"""{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"sns.amazonaws.com"},"Action":"sqs:SendMessage","Resource":"arn:aws:sqs:us-east-1:{{{{{Account}}}}}:q","Condition":{"ArnLike":{"aws:SourceArn":"arn:aws:sns:*:{{{{{Account}}}}}:inbound"}}}]}""",
            Keys: [("aws:SourceArn", [Sns.SourceArn!])]),
        new Case("ArnEquals refuses another topic (the SQS queue policy of an SNS subscription)", SnsToSqsPage, Sns, "sqs:SendMessage", $"arn:aws:sqs:us-east-1:{Account}:q", "ImplicitDeny",
            [], ResourcePolicy: $$$$$"""{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"sns.amazonaws.com"},"Action":"sqs:SendMessage","Resource":"arn:aws:sqs:us-east-1:{{{{{Account}}}}}:q","Condition":{"ArnEquals":{"aws:SourceArn":"arn:aws:sns:us-east-1:{{{{{Account}}}}}:other"}}}]}""",
            Keys: [("aws:SourceArn", [Sns.SourceArn!])]),
        new Case("StringEqualsIfExists holds when the key is absent", OperatorsPage + "#Conditions_IfExists", Alice, "ec2:RunInstances", "*", "Allow",
            [Allow("\"ec2:RunInstances\"", "\"*\"", """{"StringLikeIfExists":{"ec2:InstanceType":["t1.*","t2.*"]}}""")]),
        new Case("StringEqualsIfExists is checked when the key is present", OperatorsPage + "#Conditions_IfExists", Alice, "ec2:RunInstances", "*", "ImplicitDeny",
            [Allow("\"ec2:RunInstances\"", "\"*\"", """{"StringLikeIfExists":{"ec2:InstanceType":["t1.*","t2.*"]}}""")], Keys: [("ec2:InstanceType", ["m5.large"])]),
        new Case("Null true holds when the key is absent", OperatorsPage + "#Conditions_Null", RouterSession, "s3:GetObject", "*", "Allow",
            [Allow("\"s3:GetObject\"", "\"*\"", """{"Null":{"aws:username":"true"}}""")]),
        new Case("Null true fails when the key is present", OperatorsPage + "#Conditions_Null", Alice, "s3:GetObject", "*", "ImplicitDeny",
            [Allow("\"s3:GetObject\"", "\"*\"", """{"Null":{"aws:username":"true"}}""")]),
        new Case("conditions on several keys must all hold", "https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition.html#AccessPolicyLanguage_MultipleConditions", Alice, "s3:GetObject", "*", "ImplicitDeny",
            [Allow("\"s3:GetObject\"", "\"*\"", """{"StringEquals":{"aws:PrincipalTag/job-category":"iamuser-admin","aws:username":"Bob"}}""")]),

        // ---- multivalued keys
        new Case("ForAllValues holds for a subset of the allowed values", MultiValuedPage + "#reference_policies_condition-multi-valued-context-keys", Alice, "dynamodb:GetItem", "*", "Allow",
            [Allow("\"dynamodb:GetItem\"", "\"*\"", """{"ForAllValues:StringLike":{"dynamodb:Attributes":["ID","Message","Tags"]}}""")], Keys: [("dynamodb:Attributes", ["ID", "Message"])]),
        new Case("ForAllValues fails when one value is outside", MultiValuedPage, Alice, "dynamodb:GetItem", "*", "ImplicitDeny",
            [Allow("\"dynamodb:GetItem\"", "\"*\"", """{"ForAllValues:StringLike":{"dynamodb:Attributes":["ID","Message","Tags"]}}""")], Keys: [("dynamodb:Attributes", ["ID", "Secret"])]),
        new Case("ForAllValues holds when the key is absent", MultiValuedPage, Alice, "dynamodb:GetItem", "*", "Allow",
            [Allow("\"dynamodb:GetItem\"", "\"*\"", """{"ForAllValues:StringLike":{"dynamodb:Attributes":["ID","Message","Tags"]}}""")]),
        new Case("ForAnyValue holds when one value matches", MultiValuedPage, Alice, "ec2:CreateTags", "*", "Allow",
            [Allow("\"ec2:CreateTags\"", "\"*\"", """{"ForAnyValue:StringEquals":{"aws:TagKeys":["environment","cost-center"]}}""")], Keys: [("aws:TagKeys", ["owner", "environment"])]),
        new Case("ForAnyValue fails when the key is absent", MultiValuedPage, Alice, "ec2:CreateTags", "*", "ImplicitDeny",
            [Allow("\"ec2:CreateTags\"", "\"*\"", """{"ForAnyValue:StringEquals":{"aws:TagKeys":["environment","cost-center"]}}""")]),

        // ---- the template's resource-based policies
        new Case("the bucket policy lets SES put received mail for the account", SesReceivingPage + "#receiving-email-permissions-s3", Ses, "s3:PutObject", "arn:aws:s3:::mail/emails/abc", "Allow",
            [], ResourcePolicy: $$$$$"""{"Version":"2012-10-17","Statement":[{"Sid":"AllowSESPuts","Effect":"Allow","Principal":{"Service":"ses.amazonaws.com"},"Action":"s3:PutObject","Resource":"arn:aws:s3:::mail/emails/*","Condition":{"StringEquals":{"aws:SourceAccount":"{{{{{Account}}}}}"}}}]}""",
            Keys: [("aws:SourceAccount", [Account])]),
        new Case("the bucket policy refuses SES acting for another account", SesReceivingPage + "#receiving-email-permissions-s3", Ses, "s3:PutObject", "arn:aws:s3:::mail/emails/abc", "ImplicitDeny",
            [], ResourcePolicy: $$$$$"""{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"ses.amazonaws.com"},"Action":"s3:PutObject","Resource":"arn:aws:s3:::mail/emails/*","Condition":{"StringEquals":{"aws:SourceAccount":"{{{{{Account}}}}}"}}}]}""",
            Keys: [("aws:SourceAccount", ["444455556666"])]),
        new Case("a service principal gets nothing from identity policies", EvaluationLogic, Ses, "s3:DeleteObject", "arn:aws:s3:::mail/emails/abc", "ImplicitDeny",
            [Allow("\"*\"", "\"*\"")], ResourcePolicy: $$$$$"""{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"ses.amazonaws.com"},"Action":"s3:PutObject","Resource":"arn:aws:s3:::mail/emails/*"}]}"""),
    ];

    [Theory]
    [MemberData(nameof(Cases))]
    public void Evaluate_DocumentedCase_MatchesDocumentedOutcome(Case c)
    {
        var keys = new RequestContextKeys();
        foreach (var (key, values) in GlobalKeys(c.Principal))
        {
            keys.Set(key, values);
        }

        foreach (var (key, values) in c.Keys ?? [])
        {
            keys.Set(key, values);
        }

        var decision = PolicyEvaluator.Evaluate(
            new AuthorizationRequest(c.Principal, c.Action, c.Resource, keys),
            [.. c.Identity.Select(p => PolicyDocument.Parse(p, PolicyKind.Identity))],
            c.Session is null ? [] : [PolicyDocument.Parse(c.Session, PolicyKind.Identity)],
            c.ResourcePolicy is null ? null : PolicyDocument.Parse(c.ResourcePolicy, PolicyKind.Resource));

        decision.ToString().Should().Be(c.Expected, $"{c.Name} ({c.Source})");
    }

    public static TheoryData<string, string, string> Malformed() => new()
    {
        { "not JSON", "Identity", "Syntax errors in policy." },
        { """{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:GetObject"}]}""", "Identity", "Policy statement must contain resources." },
        { """{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Resource":"*"}]}""", "Identity", "Policy statement must contain actions." },
        { """{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":"*","Action":"s3:GetObject","Resource":"*"}]}""", "Identity", "Policy document should not specify a principal." },
        { """{"Version":"2012-10-17","Statement":[{"Effect":"Maybe","Action":"s3:GetObject","Resource":"*"}]}""", "Identity", "Invalid effect: Maybe" },
        { """{"Version":"2019-01-01","Statement":[{"Effect":"Allow","Action":"s3:GetObject","Resource":"*"}]}""", "Identity", "The policy failed legacy parsing" },
        { """{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"GetObject","Resource":"*"}]}""", "Identity", "Actions/Conditions must be prefaced by a vendor, e.g., iam, sdb, ec2, etc." },
        { """{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:GetObject","Resource":"bucket"}]}""", "Identity", "Resource bucket must be in ARN format or \"*\"." },
        { """{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:GetObject","Resource":"*","Condition":{"StringMaybe":{"a:b":"c"}}}]}""", "Identity", "Invalid Condition type : StringMaybe." },
        { """{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"sts:AssumeRole"}]}""", "Trust", "Missing required field Principal" },
        { """{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"lambda.amazonaws.com"},"Action":"s3:GetObject"}]}""", "Trust", "AssumeRole policy may only specify STS AssumeRole actions." },
    };

    [Theory]
    [MemberData(nameof(Malformed))]
    public void Parse_InvalidDocument_ThrowsIamMessage(string document, string kind, string message)
    {
        var parse = () => PolicyDocument.Parse(document, Enum.Parse<PolicyKind>(kind));

        parse.Should().Throw<PolicyFormatException>().WithMessage(message);
    }

    private static IEnumerable<(string Key, string[] Values)> GlobalKeys(AwsPrincipal principal)
    {
        if (principal.UserName is { } user)
        {
            yield return ("aws:username", [user]);
        }

        foreach (var (key, value) in principal.Tags)
        {
            yield return ($"aws:PrincipalTag/{key}", [value]);
        }

        if (principal.ServiceName is not null)
        {
            yield return ("aws:SourceAccount", [principal.AccountId]);
        }
    }

    private static string Allow(string action, string resource, string? condition = null) =>
        Statement("Allow", $"\"Action\":{action}", $"\"Resource\":{resource}", condition);

    private static string Deny(string action, string resource, string? condition = null) =>
        Statement("Deny", $"\"Action\":{action}", $"\"Resource\":{resource}", condition);

    private static string Statement(string effect, string action, string resource, string? condition = null) =>
        $$"""{"Version":"2012-10-17","Statement":[{"Effect":"{{effect}}",{{action}},{{resource}}{{(condition is null ? string.Empty : $",\"Condition\":{condition}")}}}]}""";
}
