namespace SesMail.Infrastructure.Template;

/// <summary>
/// Values of CloudFormation's pseudo parameters for one stack
/// (https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/pseudo-parameter-reference.html).
/// </summary>
/// <param name="AccountId"><c>AWS::AccountId</c>, 12 digits (locally <c>000000000000</c>).</param>
/// <param name="Region"><c>AWS::Region</c>, e.g. <c>ap-southeast-2</c>.</param>
/// <param name="StackName"><c>AWS::StackName</c>, e.g. <c>ses-mail-test</c>.</param>
/// <param name="Partition"><c>AWS::Partition</c>, <c>aws</c> unless in China or GovCloud.</param>
/// <param name="UrlSuffix"><c>AWS::URLSuffix</c>, <c>amazonaws.com</c> unless in China.</param>
public sealed record PseudoParameters(
    string AccountId,
    string Region,
    string StackName,
    string Partition = "aws",
    string UrlSuffix = "amazonaws.com")
{
    /// <summary>
    /// <c>AWS::StackId</c>, <c>arn:aws:cloudformation:{region}:{account}:stack/{name}/{uuid}</c>: the one CloudFormation
    /// gave the stack, or by default one derived from the other values with an all-zero UUID.
    /// </summary>
    public string StackId { get; init; } = $"arn:{Partition}:cloudformation:{Region}:{AccountId}:stack/{StackName}/00000000-0000-0000-0000-000000000000";

    /// <summary>The value of a pseudo parameter, or <c>null</c> when <paramref name="name"/> is not one (or is <c>AWS::NoValue</c>).</summary>
    /// <param name="name">e.g. <c>AWS::Region</c>.</param>
    /// <returns>The value.</returns>
    public string? Get(string name) => name switch
    {
        "AWS::AccountId" => AccountId,
        "AWS::Region" => Region,
        "AWS::StackName" => StackName,
        "AWS::Partition" => Partition,
        "AWS::URLSuffix" => UrlSuffix,
        "AWS::StackId" => StackId,
        _ => null,
    };

    /// <summary>Whether <paramref name="name"/> names a pseudo parameter (including <c>AWS::NoValue</c> and <c>AWS::NotificationARNs</c>).</summary>
    /// <param name="name">A <c>Ref</c> target.</param>
    /// <returns><c>true</c> for pseudo parameters.</returns>
    public static bool IsPseudo(string name) => name.StartsWith("AWS::", StringComparison.Ordinal);
}
