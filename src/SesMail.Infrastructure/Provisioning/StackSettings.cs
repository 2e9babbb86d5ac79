namespace SesMail.Infrastructure.Provisioning;

/// <summary>Which stack to provision: environment, account, region and parameter values.</summary>
/// <param name="Environment"><c>test</c> or <c>prod</c>; also the template's <c>Environment</c> parameter unless <paramref name="Parameters"/> sets it.</param>
/// <param name="AccountId">The account id ARNs carry (locally <c>000000000000</c>).</param>
/// <param name="Region">The region (locally <c>ap-southeast-2</c>).</param>
/// <param name="Parameters">Template parameter overrides by name (lists comma-joined), e.g. <c>Domains</c>.</param>
public sealed record StackSettings(
    string Environment,
    string AccountId,
    string Region,
    IReadOnlyDictionary<string, string> Parameters)
{
    /// <summary>The stack name, <c>ses-mail-{Environment}</c>.</summary>
    public string StackName => $"ses-mail-{Environment}";

    /// <summary>The parameter values given to the template: <see cref="Parameters"/> plus <c>Environment</c>.</summary>
    /// <returns>Name → value.</returns>
    public IReadOnlyDictionary<string, string> TemplateParameters()
    {
        var values = new Dictionary<string, string>(Parameters, StringComparer.Ordinal);
        values.TryAdd("Environment", Environment);
        return values;
    }
}
