using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace SesMail.LocalRuntime.Hosting;

/// <summary><c>/health</c>: healthy once provisioning is done and every readiness gate (the SMTP edge) is ready.</summary>
internal sealed class LocalRuntimeHealthCheck(LocalRuntimeState state) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        if (state.Failure is { } failure)
        {
            return Task.FromResult(HealthCheckResult.Unhealthy($"start-up failed: {failure}"));
        }

        if (!state.Stack.IsCompletedSuccessfully)
        {
            return Task.FromResult(HealthCheckResult.Unhealthy("provisioning the stack"));
        }

        var waiting = state.Gates.Where(g => !g.IsReady).Select(g => $"{g.Name}: {g.Reason}").ToList();
        return Task.FromResult(waiting.Count == 0
            ? HealthCheckResult.Healthy("provisioned; all components ready")
            : HealthCheckResult.Unhealthy(string.Join("; ", waiting)));
    }
}
