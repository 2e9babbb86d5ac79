using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using SesMail.Emulator.Protocols;

namespace SesMail.Emulator.Ssm;

/// <summary>
/// AWS Systems Manager Parameter Store, one method per operation
/// (https://docs.aws.amazon.com/systems-manager/latest/APIReference/API_Operations.html), spoken in JSON 1.1 by
/// <see cref="SsmService"/>.
/// </summary>
/// <remarks>
/// Not emulated: labels and <c>name:label</c> selectors (version selectors <c>name:3</c> work), parameter policies,
/// the Advanced and Intelligent-Tiering tiers (accepted, reported as <c>Standard</c>), <c>aws:ec2:image</c> data type
/// checks, the 100-version limit, public parameters under <c>/aws/</c>, and KMS: a SecureString read without
/// decryption returns an opaque base64 ciphertext under an emulator-local key, not a KMS ciphertext, and
/// <c>KeyId</c> is stored but not checked. Parameters survive a restart (see <see cref="SsmStore"/>).
/// </remarks>
internal sealed partial class SsmProvider(SsmStore store, TimeProvider time)
{
    private static readonly byte[] SecureStringKey = RandomNumberGenerator.GetBytes(32);

    public PutParameterResult PutParameter(PutParameterRequest request, AwsRequestContext context)
    {
        var name = CheckName(request.Name);
        var value = request.Value;
        if (string.IsNullOrEmpty(value))
        {
            throw SsmErrors.Validation("1 validation error detected: Value at 'value' failed to satisfy constraint: Member must have length greater than or equal to 1.");
        }

        if (value.Length > 4096)
        {
            throw SsmErrors.Validation("1 validation error detected: Value at 'value' failed to satisfy constraint: Member must have length less than or equal to 4096.");
        }

        if (request.Type is { } type && type is not ("String" or "StringList" or "SecureString"))
        {
            throw SsmErrors.Validation($"1 validation error detected: Value '{type}' at 'type' failed to satisfy constraint: Member must satisfy enum value set: [SecureString, StringList, String]");
        }

        var overwrite = request.Overwrite ?? false;
        if (overwrite && request.Tags is { Count: > 0 })
        {
            throw SsmErrors.Validation("Invalid request: tags and overwrite can't be used together. To create a parameter with tags, please remove overwrite flag. To update tags for an existing parameter, please use AddTagsToResource or RemoveTagsFromResource.");
        }

        if (request.AllowedPattern is { Length: > 0 } pattern && !Regex.IsMatch(value, pattern, RegexOptions.None, TimeSpan.FromSeconds(1)))
        {
            throw SsmErrors.ParameterPatternMismatch(pattern);
        }

        var now = time.GetUtcNow();
        var stored = store.GetOrAdd(context.Region, name).Put(overwrite, latest =>
        {
            var resolvedType = request.Type ?? latest?.Type ?? throw SsmErrors.Validation("A parameter type is required when you create a parameter.");
            return new SsmParameterVersion(
                resolvedType,
                value,
                (latest?.Version ?? 0) + 1,
                now,
                request.Description ?? latest?.Description,
                resolvedType == "SecureString" ? request.KeyId ?? latest?.KeyId ?? "alias/aws/ssm" : null,
                request.AllowedPattern ?? latest?.AllowedPattern,
                request.DataType ?? latest?.DataType ?? "text");
        }) ?? throw SsmErrors.ParameterAlreadyExists();
        return new PutParameterResult(stored.Version, "Standard");
    }

    public GetParameterResult GetParameter(GetParameterRequest request, AwsRequestContext context) =>
        new(Resolve(request.Name, request.WithDecryption ?? false, context) ?? throw SsmErrors.ParameterNotFound(request.Name!));

    public GetParametersResult GetParameters(GetParametersRequest request, AwsRequestContext context)
    {
        var names = request.Names ?? throw SsmErrors.Validation("1 validation error detected: Value null at 'names' failed to satisfy constraint: Member must not be null.");
        if (names.Count is 0 or > 10)
        {
            throw SsmErrors.Validation("1 validation error detected: Value at 'names' failed to satisfy constraint: Member must have length between 1 and 10.");
        }

        var found = new List<SsmParameter>();
        var invalid = new List<string>();
        foreach (var name in names.Distinct(StringComparer.Ordinal))
        {
            SsmParameter? parameter;
            try
            {
                parameter = Resolve(name, request.WithDecryption ?? false, context);
            }
            catch (AwsServiceException)
            {
                parameter = null;
            }

            if (parameter is null)
            {
                invalid.Add(name);
            }
            else
            {
                found.Add(parameter);
            }
        }

        return new GetParametersResult(found, invalid);
    }

    public GetParametersByPathResult GetParametersByPath(GetParametersByPathRequest request, AwsRequestContext context)
    {
        var path = request.Path;
        if (string.IsNullOrEmpty(path) || !path.StartsWith('/'))
        {
            throw SsmErrors.Validation("The parameter doesn't meet the parameter name requirements. The parameter name must begin with a forward slash \"/\".");
        }

        var max = request.MaxResults ?? 10;
        if (max is < 1 or > 10)
        {
            throw SsmErrors.Validation("1 validation error detected: Value at 'maxResults' failed to satisfy constraint: Member must have value less than or equal to 10.");
        }

        var prefix = path.EndsWith('/') ? path : path + "/";
        var recursive = request.Recursive ?? false;
        var after = request.NextToken is null ? null : DecodeToken(request.NextToken);
        var matching = store.InRegion(context.Region)
            .Where(p => p.Name.StartsWith(prefix, StringComparison.Ordinal) && (recursive || !p.Name[prefix.Length..].Contains('/', StringComparison.Ordinal)))
            .Where(p => after is null || string.CompareOrdinal(p.Name, after) > 0)
            .ToList();
        var page = matching.Take(max).Select(p => ToParameter(p.Name, p.Latest!, null, request.WithDecryption ?? false, context)).ToList();
        var next = matching.Count > max ? Convert.ToBase64String(Encoding.UTF8.GetBytes(page[^1].Name)) : null;
        return new GetParametersByPathResult(page, next);
    }

    public EmptyResult DeleteParameter(DeleteParameterRequest request, AwsRequestContext context)
    {
        var name = request.Name ?? throw SsmErrors.Validation("1 validation error detected: Value null at 'name' failed to satisfy constraint: Member must not be null.");
        if (!store.Remove(context.Region, name))
        {
            throw SsmErrors.ParameterNotFound(name);
        }

        return EmptyResult.Instance;
    }

    public DeleteParametersResult DeleteParameters(DeleteParametersRequest request, AwsRequestContext context)
    {
        var names = request.Names ?? [];
        if (names.Count is 0 or > 10)
        {
            throw SsmErrors.Validation("1 validation error detected: Value at 'names' failed to satisfy constraint: Member must have length between 1 and 10.");
        }

        var deleted = new List<string>();
        var invalid = new List<string>();
        foreach (var name in names.Distinct(StringComparer.Ordinal))
        {
            (store.Remove(context.Region, name) ? deleted : invalid).Add(name);
        }

        return new DeleteParametersResult(deleted, invalid);
    }

    /// <summary>Finds <c>name</c> or <c>name:version</c>; <c>null</c> when absent.</summary>
    private SsmParameter? Resolve(string? requested, bool withDecryption, AwsRequestContext context)
    {
        if (string.IsNullOrEmpty(requested))
        {
            throw SsmErrors.Validation("1 validation error detected: Value null at 'name' failed to satisfy constraint: Member must not be null.");
        }

        var colon = requested.LastIndexOf(':');
        var name = colon > 0 && !requested.StartsWith("arn:", StringComparison.Ordinal) ? requested[..colon] : requested;
        var selector = colon > 0 && !requested.StartsWith("arn:", StringComparison.Ordinal) ? requested[colon..] : null;
        var history = store.Find(context.Region, name);
        if (history is null)
        {
            return null;
        }

        if (selector is null)
        {
            return ToParameter(name, history.Latest!, null, withDecryption, context);
        }

        if (!long.TryParse(selector[1..], NumberStyles.None, CultureInfo.InvariantCulture, out var number))
        {
            throw SsmErrors.Validation($"Labels are not emulated by SesMail.Emulator; select a version with {name}:<number>.");
        }

        var version = history.Version(number) ?? throw SsmErrors.ParameterVersionNotFound(requested);
        return ToParameter(name, version, selector, withDecryption, context);
    }

    private static SsmParameter ToParameter(string name, SsmParameterVersion version, string? selector, bool withDecryption, AwsRequestContext context) =>
        new(
            name,
            version.Type,
            version.Type == "SecureString" && !withDecryption ? Seal(version.Value) : version.Value,
            version.Version,
            selector,
            version.LastModifiedDate.ToUnixTimeMilliseconds() / 1000.0,
            $"arn:aws:ssm:{context.Region}:{context.AccountId}:parameter{(name.StartsWith('/') ? name : "/" + name)}",
            version.DataType);

    /// <summary>An opaque base64 ciphertext standing in for the KMS-encrypted value AWS returns without decryption.</summary>
    private static string Seal(string value)
    {
        var plain = Encoding.UTF8.GetBytes(value);
        var nonce = RandomNumberGenerator.GetBytes(12);
        var sealedBytes = new byte[plain.Length];
        var tag = new byte[16];
        using var aes = new AesGcm(SecureStringKey, 16);
        aes.Encrypt(nonce, plain, sealedBytes, tag);
        return Convert.ToBase64String([.. nonce, .. tag, .. sealedBytes]);
    }

    private static string CheckName(string? name)
    {
        if (string.IsNullOrEmpty(name))
        {
            throw SsmErrors.Validation("1 validation error detected: Value null at 'name' failed to satisfy constraint: Member must not be null.");
        }

        if (name.Length > 2048 || !ValidName().IsMatch(name) || (name.Contains('/', StringComparison.Ordinal) && !name.StartsWith('/')) || name.Contains("//", StringComparison.Ordinal))
        {
            throw SsmErrors.Validation("Parameter name: can't be prefixed with \"aws\" or \"ssm\" (case-insensitive). It must use only letters, numbers, or the following symbols: . (period), - (hyphen), _ (underscore). Special characters are not allowed. All sub-paths, if specified, must use the forward slash symbol \"/\". Valid example: /get/parameters2-/by1./path0_.");
        }

        var first = name.TrimStart('/');
        if (first.StartsWith("aws", StringComparison.OrdinalIgnoreCase) || first.StartsWith("ssm", StringComparison.OrdinalIgnoreCase))
        {
            throw SsmErrors.Validation("No access to reserved parameter name: " + name + ".");
        }

        if (name.Count(c => c == '/') > 15)
        {
            throw new AwsServiceException("HierarchyLevelLimitExceededException", "A hierarchy can have a maximum of 15 levels.");
        }

        return name;
    }

    private static string DecodeToken(string token)
    {
        try
        {
            return Encoding.UTF8.GetString(Convert.FromBase64String(token));
        }
        catch (FormatException)
        {
            throw SsmErrors.InvalidNextToken();
        }
    }

    [GeneratedRegex("^[a-zA-Z0-9_.\\-/]+$")]
    private static partial Regex ValidName();
}
