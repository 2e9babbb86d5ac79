namespace SesMail.Emulator.Ses;

/// <summary>
/// One action of a receipt rule (https://docs.aws.amazon.com/ses/latest/APIReference/API_ReceiptAction.html):
/// the member name of the union (<c>S3Action</c>, <c>SNSAction</c>, <c>BounceAction</c>, <c>LambdaAction</c>,
/// <c>StopAction</c>, <c>AddHeaderAction</c>, <c>WorkmailAction</c>, <c>ConnectAction</c>) and its scalar members in
/// the order sent (<c>BucketName</c>, <c>ObjectKeyPrefix</c>, <c>TopicArn</c>, …).
/// </summary>
/// <param name="Type">The union member, e.g. <c>S3Action</c>.</param>
/// <param name="Members">The action's fields, AWS spelling, as strings.</param>
internal sealed record SesReceiptAction(string Type, IReadOnlyList<KeyValuePair<string, string>> Members)
{
    /// <summary>The value of one member, or <c>null</c>.</summary>
    public string? Get(string member) => Members.FirstOrDefault(m => m.Key == member).Value;
}

/// <summary>
/// A receipt rule (https://docs.aws.amazon.com/ses/latest/APIReference/API_ReceiptRule.html).
/// </summary>
/// <param name="Name">Rule name.</param>
/// <param name="Enabled">Whether the rule is active; SES's default is <c>false</c>.</param>
/// <param name="TlsPolicy"><c>Require</c> or <c>Optional</c> (default).</param>
/// <param name="Recipients">Addresses, domains or <c>.domain</c> subdomain patterns; empty = every verified domain.</param>
/// <param name="Actions">Actions in order.</param>
/// <param name="ScanEnabled">Whether SES scans for spam and viruses.</param>
internal sealed record SesReceiptRule(
    string Name,
    bool Enabled,
    string TlsPolicy,
    IReadOnlyList<string> Recipients,
    IReadOnlyList<SesReceiptAction> Actions,
    bool ScanEnabled);

/// <summary>A receipt rule set: its metadata and its ordered rules.</summary>
internal sealed class SesReceiptRuleSet(string name, DateTimeOffset createdTimestamp)
{
    public string Name { get; } = name;

    public DateTimeOffset CreatedTimestamp { get; } = createdTimestamp;

    public List<SesReceiptRule> Rules { get; } = [];

    public int IndexOf(string rule) => Rules.FindIndex(r => r.Name == rule);
}
