using System.Globalization;
using System.Text.Json.Nodes;
using SesMail.Functions;
using SesMail.Infrastructure.Provisioning;
using SesMail.Infrastructure.Template;

namespace SesMail.LocalRuntime.Invocation;

/// <summary>
/// Every <c>AWS::Lambda::Function</c> of the template, resolved and built at start-up (a handler that does not
/// resolve stops the start with a message naming the function), invoked by name or ARN.
/// </summary>
internal sealed class FunctionHost : ILambdaInvoker
{
    private readonly Dictionary<string, LambdaFunction> _byNameOrArn = new(StringComparer.Ordinal);

    /// <summary>Builds the functions.</summary>
    /// <param name="template">The template.</param>
    /// <param name="stack">The provisioned stack (evaluates each function's environment).</param>
    /// <param name="endpointUrl">Given to each function as <c>AWS_ENDPOINT_URL</c>; <c>null</c> for AWS.</param>
    /// <param name="loggerFactory">Creates one logger per function (<c>Lambda.{name}</c>).</param>
    /// <param name="include">Which functions to build (all when <c>null</c>).</param>
    /// <exception cref="InvalidOperationException">A handler does not resolve; every failing function is listed.</exception>
    public FunctionHost(TemplateDocument template, ResolvedStack stack, Uri? endpointUrl, ILoggerFactory loggerFactory, Func<TemplateResource, bool>? include = null)
    {
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
            try
            {
                var function = LambdaFunction.Create(name, arn, properties["Handler"]?.GetValue<string>() ?? string.Empty, timeout, memory, settings, loggerFactory.CreateLogger($"Lambda.{name}"));
                _byNameOrArn[name] = function;
                _byNameOrArn[arn] = function;
                _byNameOrArn[resource.LogicalId] = function;
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
    public IEnumerable<LambdaFunction> Functions => _byNameOrArn.Values.Distinct();

    /// <summary>The function with a name, ARN or logical id.</summary>
    /// <exception cref="KeyNotFoundException">No such function.</exception>
    public LambdaFunction Get(string nameOrArn) => _byNameOrArn.TryGetValue(nameOrArn, out var f)
        ? f
        : throw new KeyNotFoundException($"The stack has no function {nameOrArn} (known: {string.Join(", ", Functions.Select(x => x.Name))}).");

    /// <inheritdoc/>
    public Task<InvocationResult> InvokeAsync(string functionNameOrArn, ReadOnlyMemory<byte> payload, CancellationToken cancellationToken) =>
        Get(functionNameOrArn).InvokeAsync(payload, cancellationToken);

    /// <summary>The function's environment: the template's variables plus what the Lambda service sets.</summary>
    internal static FunctionSettings Settings(JsonObject properties, string name, int memory, string region, Uri? endpointUrl)
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
}
