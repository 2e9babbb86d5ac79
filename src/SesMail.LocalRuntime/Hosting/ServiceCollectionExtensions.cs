using Amazon;
using Amazon.CloudFormation;
using Amazon.Runtime;
using SesMail.Infrastructure.Provisioning;
using SesMail.LocalRuntime.SesReceiving;

namespace SesMail.LocalRuntime.Hosting;

/// <summary>The local runtime's composition root.</summary>
public static class ServiceCollectionExtensions
{
    /// <summary>
    /// Registers the local runtime: options from <c>SesMail:*</c> and <c>AWS_ENDPOINT_URL</c>, the backend clients
    /// (CloudFormation among them), the start-up host (package upload → deploy through CloudFormation → seed → attached
    /// handlers of every SesMail stack; the backend runs the mappings and the pipes), shared state with readiness gates,
    /// and the <c>/health</c> check.
    /// </summary>
    /// <param name="services">The service collection.</param>
    /// <param name="configuration">The configuration to bind.</param>
    /// <returns>The same collection.</returns>
    public static IServiceCollection AddLocalRuntime(this IServiceCollection services, IConfiguration configuration)
    {
        var options = new LocalRuntimeOptions();
        configuration.GetSection(LocalRuntimeOptions.SectionName).Bind(options);
        if (configuration["AWS_ENDPOINT_URL"] is { Length: > 0 } endpoint)
        {
            options.EndpointUrl = new Uri(endpoint);
        }

        services.AddSingleton(options);
        services.AddSingleton(TimeProvider.System);
        services.AddSingleton(_ => ProvisioningClients.Create(options.EndpointUrl, options.Region));
        services.AddSingleton<IAmazonCloudFormation>(_ => new AmazonCloudFormationClient(
            options.EndpointUrl is null ? null : new BasicAWSCredentials("test", "test"),
            new AmazonCloudFormationConfig
            {
                ServiceURL = options.EndpointUrl?.ToString(),
                RegionEndpoint = RegionEndpoint.GetBySystemName(options.Region),
                AuthenticationRegion = options.Region,
            }));
        services.AddSingleton<LocalStackDeployment>();
        services.AddSingleton(s => new RoleCredentials(options.EndpointUrl, options.Region, new Amazon.Runtime.BasicAWSCredentials("test", "test"), s.GetRequiredService<ILogger<RoleCredentials>>()));
        services.AddSingleton<LocalRuntimeState>();
        services.AddSingleton<LocalSeeder>();
        services.AddHostedService<LocalRuntimeHost>();
        services.AddHealthChecks().AddCheck<LocalRuntimeHealthCheck>("local-runtime", tags: ["ready"]);

        // Components that wait for the stack and register a readiness gate, one line each.
        services.AddSesReceivingEdge(configuration); // SMTP on SesMail:Smtp:* (127.0.0.1:2525); /health check "ses-smtp-edge"
        return services;
    }
}
