using System.Text;
using SesMail.Emulator.Protocols;

namespace SesMail.Emulator.Ssm;

/// <summary>
/// <c>DescribeParameters</c> (https://docs.aws.amazon.com/systems-manager/latest/APIReference/API_DescribeParameters.html)
/// and <c>GetParameterHistory</c> (https://docs.aws.amazon.com/systems-manager/latest/APIReference/API_GetParameterHistory.html).
/// </summary>
/// <remarks>
/// DescribeParameters filters on <c>Name</c> (Equals, BeginsWith, Contains), <c>Path</c> (OneLevel, Recursive),
/// <c>Type</c>, <c>KeyId</c>, <c>DataType</c> and <c>Tier</c> (Equals), and the legacy <c>Filters</c> on Name, Type
/// and KeyId. Tags are not stored, so <c>tag:</c> filters are refused with <c>InvalidFilterKey</c>.
/// </remarks>
internal sealed partial class SsmProvider
{
    public DescribeParametersResult DescribeParameters(DescribeParametersRequest request, AwsRequestContext context)
    {
        var max = request.MaxResults ?? 50;
        if (max is < 1 or > 50)
        {
            throw SsmErrors.Validation("1 validation error detected: Value at 'maxResults' failed to satisfy constraint: Member must have value less than or equal to 50.");
        }

        var filters = new List<Func<string, SsmParameterVersion, bool>>();
        foreach (var filter in request.ParameterFilters ?? [])
        {
            filters.Add(ParameterFilter(filter));
        }

        foreach (var filter in request.Filters ?? [])
        {
            filters.Add(ParameterFilter(new SsmParameterStringFilter(filter.Key, "Equals", filter.Values)));
        }

        var after = request.NextToken is null ? null : DecodeToken(request.NextToken);
        var matching = store.InRegion(context.Region)
            .Select(h => (h.Name, Latest: h.Latest))
            .Where(p => p.Latest is not null && filters.All(f => f(p.Name, p.Latest)))
            .Where(p => after is null || string.CompareOrdinal(p.Name, after) > 0)
            .OrderBy(p => p.Name, StringComparer.Ordinal)
            .ToList();
        var page = matching.Take(max).Select(p => ToMetadata(p.Name, p.Latest!, context)).ToList();
        var next = matching.Count > max ? Convert.ToBase64String(Encoding.UTF8.GetBytes(page[^1].Name)) : null;
        return new DescribeParametersResult(page, next);
    }

    public GetParameterHistoryResult GetParameterHistory(GetParameterHistoryRequest request, AwsRequestContext context)
    {
        var name = request.Name ?? throw SsmErrors.Validation("1 validation error detected: Value null at 'name' failed to satisfy constraint: Member must not be null.");
        var max = request.MaxResults ?? 50;
        if (max is < 1 or > 50)
        {
            throw SsmErrors.Validation("1 validation error detected: Value at 'maxResults' failed to satisfy constraint: Member must have value less than or equal to 50.");
        }

        var history = store.Find(context.Region, name);
        var versions = history?.Versions() ?? [];
        if (versions.Count == 0)
        {
            throw SsmErrors.ParameterNotFound(name);
        }

        long after = 0;
        if (request.NextToken is not null && !long.TryParse(DecodeToken(request.NextToken), out after))
        {
            throw SsmErrors.InvalidNextToken();
        }

        var remaining = versions.Where(v => v.Version > after).ToList();
        var page = remaining.Take(max).Select(v =>
        {
            var metadata = ToMetadata(history!.Name, v, context);
            var value = ToParameter(history.Name, v, null, request.WithDecryption ?? false, context).Value;
            return new SsmParameterHistoryEntry(metadata.Name, metadata.Type, metadata.KeyId, metadata.LastModifiedDate, metadata.LastModifiedUser,
                metadata.Description, value, metadata.AllowedPattern, metadata.Version, [], metadata.Tier, [], metadata.DataType);
        }).ToList();
        var next = remaining.Count > max
            ? Convert.ToBase64String(Encoding.UTF8.GetBytes(page[^1].Version.ToString(System.Globalization.CultureInfo.InvariantCulture)))
            : null;
        return new GetParameterHistoryResult(page, next);
    }

    private static Func<string, SsmParameterVersion, bool> ParameterFilter(SsmParameterStringFilter filter)
    {
        var key = filter.Key ?? throw SsmErrors.Validation("1 validation error detected: Value null at 'parameterFilters.1.member.key' failed to satisfy constraint: Member must not be null.");
        var values = filter.Values ?? [];
        var option = filter.Option;
        switch (key)
        {
            case "Name":
                var names = values.Select(v => v.StartsWith('/') || !values.Any(x => x.StartsWith('/')) ? v : "/" + v).ToList();
                return (option ?? "Equals") switch
                {
                    "Equals" => (name, _) => names.Contains(name, StringComparer.Ordinal),
                    "BeginsWith" => (name, _) => names.Any(v => name.StartsWith(v, StringComparison.Ordinal)),
                    "Contains" => (name, _) => names.Any(v => name.Contains(v, StringComparison.Ordinal)),
                    _ => throw InvalidFilterOption(key, option),
                };
            case "Path":
                var recursive = (option ?? "OneLevel") switch
                {
                    "OneLevel" => false,
                    "Recursive" => true,
                    _ => throw InvalidFilterOption(key, option),
                };
                var prefixes = values.Select(v => v.EndsWith('/') ? v : v + "/").ToList();
                return (name, _) => prefixes.Any(prefix => name.StartsWith(prefix, StringComparison.Ordinal)
                    && (recursive || !name[prefix.Length..].Contains('/', StringComparison.Ordinal)));
            case "Type" or "KeyId" or "DataType" or "Tier":
                if ((option ?? "Equals") != "Equals")
                {
                    throw InvalidFilterOption(key, option);
                }

                return (_, version) => values.Contains(key switch
                {
                    "Type" => version.Type,
                    "KeyId" => version.KeyId ?? string.Empty,
                    "DataType" => version.DataType,
                    _ => "Standard",
                }, StringComparer.Ordinal);
            default:
                throw new AwsServiceException("InvalidFilterKey", $"The filter key {key} is not valid here: this emulator filters on Name, Path, Type, KeyId, DataType and Tier (tags are not stored).");
        }
    }

    private static AwsServiceException InvalidFilterOption(string key, string? option) =>
        new("InvalidFilterOption", $"The filter option '{option}' is not valid for key '{key}'.");

    private static SsmParameterMetadata ToMetadata(string name, SsmParameterVersion version, AwsRequestContext context) =>
        new(
            name,
            $"arn:aws:ssm:{context.Region}:{context.AccountId}:parameter{(name.StartsWith('/') ? name : "/" + name)}",
            version.Type,
            version.KeyId,
            version.LastModifiedDate.ToUnixTimeMilliseconds() / 1000.0,
            $"arn:aws:iam::{context.AccountId}:user/sesmail",
            version.Description,
            version.AllowedPattern,
            version.Version,
            "Standard",
            [],
            version.DataType);
}
