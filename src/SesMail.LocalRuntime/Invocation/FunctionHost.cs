using System.Globalization;
using System.Text.Json.Nodes;
using SesMail.Functions;
using SesMail.Infrastructure.Provisioning;
using SesMail.Infrastructure.Template;
using SesMail.LocalRuntime.Hosting;

namespace SesMail.LocalRuntime.Invocation;

/// <summary>
/// Every <c>AWS::Lambda::Function</c> of the template, resolved and built at start-up (a handler that does not
/// resolve stops the start with a message naming the function), invoked by name or ARN. With <see cref="RoleCredentials"/>
/// each function runs with credentials from <c>AssumeRole</c> on its <c>Role</c>, as Lambda gives them
/// (<c>AWS_ACCESS_KEY_ID</c>, <c>AWS_SECRET_ACCESS_KEY</c>, <c>AWS_SESSION_TOKEN</c>): the instance is built again,
/// as Lambda starts a new execution environment, when they are about to expire.
/// </summary>
internal sealed class FunctionHost : ILambdaInvoker
{
    private static readonly TimeSpan RenewBefore = TimeSpan.FromMinutes(5);
    private readonly Dictionary<string, FunctionSlot> _byNameOrArn = new(StringComparer.Ordinal);
    private readonly RoleCredentials? _roles;

    /// <summary>Builds the functions.</summary>
    /// <param name="template">The template.</param>
    /// <param name="stack">The provisioned stack (evaluates each function's environment).</param>
    /// <param name="endpointUrl">Given to each function as <c>AWS_ENDPOINT_URL</c>; <c>null</c> for AWS.</param>
    /// <param name="loggerFactory">Creates one logger per function (<c>Lambda.{name}</c>).</param>
    /// <param name="include">Which functions to build (all when <c>null</c>).</param>
    /// <param name="roles">Assumes each function's role; <c>null</c> runs every function with the runtime's own credentials.</param>
    /// <exception cref="InvalidOperationException">A handler does not resolve; every failing function is listed.</exception>
    public FunctionHost(TemplateDocument template, ResolvedStack stack, Uri? endpointUrl, ILoggerFactory loggerFactory, Func<TemplateResource, bool>? include = null, RoleCredentials? roles = null)
    {
        _roles = roles is { Enabled: true } ? roles : null;
        var evaluator = stack.Evaluator(template);
        var errors = new List<string>();
        foreach (var resource in template.OfType("AWS::Lambda::Function").Where(evaluator.Exists).Where(r => include?.Invoke(r) ?? true))
        {
            var resolved = stack.Resource(resource.LogicalId);
            var properties = evaluator.Properties(resource);
            var name = resolved.PhysicalId;
            var arn = resolved.Attribute("Arn") ?? name;
            var timeout = TimeSpan.FromSeconds(Number(properties, "Timeout", 3));
            var memory = (int)Number(properties, "MemorySize", 128);
            var settings = Settings(properties, name, memory, stack.Region, endpointUrl);
            var logger = loggerFactory.CreateLogger($"Lambda.{name}");
            var handler = properties["Handler"]?.GetValue<string>() ?? string.Empty;
            try
            {
                var function = LambdaFunction.Create(name, arn, handler, timeout, memory, settings, logger);
                var slot = new FunctionSlot(function, properties["Role"] is JsonValue role && role.TryGetValue<string>(out var roleArn) ? roleArn : null,
                    credentials => LambdaFunction.Create(name, arn, handler, timeout, memory, Settings(properties, name, memory, stack.Region, endpointUrl, credentials), logger));
                _byNameOrArn[name] = slot;
                _byNameOrArn[arn] = slot;
                _byNameOrArn[resource.LogicalId] = slot;
            }
            catch (InvalidOperationException ex)
            {
                errors.Add(ex.Message);
            }
        }

        if (errors.Count > 0)
        {
            throw new InvalidOperationException(string.Join(Environment.NewLine, errors));
        }
    }

    /// <summary>The functions, once each.</summary>
    public IEnumerable<LambdaFunction> Functions => _byNameOrArn.Values.Distinct().Select(s => s.Current);

    /// <summary>The function with a name, ARN or logical id.</summary>
    /// <exception cref="KeyNotFoundException">No such function.</exception>
    public LambdaFunction Get(string nameOrArn) => Slot(nameOrArn).Current;

    /// <summary>The role ARN a function runs as (its <c>Role</c>), or <c>null</c>.</summary>
    /// <exception cref="KeyNotFoundException">No such function.</exception>
    public string? RoleArn(string nameOrArn) => Slot(nameOrArn).RoleArn;

    /// <inheritdoc/>
    public async Task<InvocationResult> InvokeAsync(string functionNameOrArn, ReadOnlyMemory<byte> payload, CancellationToken cancellationToken)
    {
        var slot = Slot(functionNameOrArn);
        if (_roles is not null && slot.RoleArn is { } role && slot.Expiration - DateTimeOffset.UtcNow < RenewBefore)
        {
            await slot.RenewAsync(_roles, role, cancellationToken).ConfigureAwait(false);
        }

        return await slot.Current.InvokeAsync(payload, cancellationToken).ConfigureAwait(false);
    }

    private FunctionSlot Slot(string nameOrArn) => _byNameOrArn.TryGetValue(nameOrArn, out var f)
        ? f
        : throw new KeyNotFoundException($"The stack has no function {nameOrArn} (known: {string.Join(", ", Functions.Select(x => x.Name))}).");

    /// <summary>The function's environment: the template's variables plus what the Lambda service sets, including its role's credentials when given.</summary>
    internal static FunctionSettings Settings(JsonObject properties, string name, int memory, string region, Uri? endpointUrl, Amazon.SecurityToken.Model.Credentials? credentials = null)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["AWS_REGION"] = region,
            ["AWS_DEFAULT_REGION"] = region,
            ["AWS_LAMBDA_FUNCTION_NAME"] = name,
            ["AWS_LAMBDA_FUNCTION_MEMORY_SIZE"] = memory.ToString(CultureInfo.InvariantCulture),
            ["AWS_LAMBDA_FUNCTION_VERSION"] = "$LATEST",
            ["AWS_LAMBDA_LOG_GROUP_NAME"] = $"/aws/lambda/{name}",
            ["AWS_EXECUTION_ENV"] = "AWS_Lambda_dotnet10",
            ["_HANDLER"] = properties["Handler"]?.GetValue<string>() ?? string.Empty,
        };
        if (endpointUrl is not null)
        {
            values["AWS_ENDPOINT_URL"] = endpointUrl.ToString().TrimEnd('/');
            values["AWS_ACCESS_KEY_ID"] = Environment.GetEnvironmentVariable("AWS_ACCESS_KEY_ID") ?? "test";
            values["AWS_SECRET_ACCESS_KEY"] = Environment.GetEnvironmentVariable("AWS_SECRET_ACCESS_KEY") ?? "test";
        }

        if (credentials is not null)
        {
            values["AWS_ACCESS_KEY_ID"] = credentials.AccessKeyId;
            values["AWS_SECRET_ACCESS_KEY"] = credentials.SecretAccessKey;
            values["AWS_SESSION_TOKEN"] = credentials.SessionToken;
        }

        if (properties["Environment"]?["Variables"] is JsonObject variables)
        {
            foreach (var (key, value) in variables)
            {
                values[key] = TemplateValues.ScalarText(value, $"Environment.Variables.{key}");
            }
        }

        return new FunctionSettings(values);
    }

    private static double Number(JsonObject properties, string name, double fallback) =>
        properties[name] is { } n ? double.Parse(TemplateValues.ScalarText(n, name), CultureInfo.InvariantCulture) : fallback;

    /// <summary>One function: its current instance and the credentials it was built with.</summary>
    private sealed class FunctionSlot(LambdaFunction initial, string? roleArn, Func<Amazon.SecurityToken.Model.Credentials, LambdaFunction> build)
    {
        private readonly SemaphoreSlim _renewing = new(1, 1);

        public LambdaFunction Current { get; private set; } = initial;

        public string? RoleArn { get; } = roleArn;

        /// <summary>When the current instance's credentials expire; the start of time until the role was first assumed.</summary>
        public DateTimeOffset Expiration { get; private set; } = DateTimeOffset.MinValue;

        public async Task RenewAsync(RoleCredentials roles, string role, CancellationToken cancellationToken)
        {
            await _renewing.WaitAsync(cancellationToken).ConfigureAwait(false);
            try
            {
                if (Expiration - DateTimeOffset.UtcNow >= RenewBefore)
                {
                    return; // another invocation renewed them meanwhile
                }

                var credentials = await roles.AssumeAsync(role, Current.Name, cancellationToken).ConfigureAwait(false);
                Current = build(credentials);
                Expiration = credentials.Expiration is { } at ? new DateTimeOffset(at.Kind == DateTimeKind.Local ? at.ToUniversalTime() : DateTime.SpecifyKind(at, DateTimeKind.Utc)) : DateTimeOffset.UtcNow.AddHours(1);
            }
            finally
            {
                _renewing.Release();
            }
        }
    }
}
