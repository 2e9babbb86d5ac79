using SesMail.Infrastructure.Provisioning;
using SesMail.Infrastructure.Template;

namespace SesMail.LocalRuntime.Hosting;

/// <summary>
/// The runtime's shared state: the provisioned stack once it exists, and the readiness of each component. Hosted
/// services (the SES receiving edge among them) await <see cref="Stack"/> before they start, and register a
/// <see cref="ReadinessGate"/> that <c>/health</c> waits for.
/// </summary>
public sealed class LocalRuntimeState
{
    private readonly TaskCompletionSource<RuntimeStack> _stack = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly List<ReadinessGate> _gates = [];
    private readonly Lock _lock = new();

    /// <summary>Completes when provisioning and seeding are done; faults when provisioning failed.</summary>
    public Task<RuntimeStack> Stack => _stack.Task;

    /// <summary>Why start-up failed, or <c>null</c>.</summary>
    public string? Failure { get; private set; }

    /// <summary>Registers a component whose readiness <c>/health</c> waits for (e.g. <c>smtp</c>). Call it at construction, before the host starts.</summary>
    /// <param name="name">A short name shown in the health report.</param>
    /// <returns>The gate; call <see cref="ReadinessGate.MarkReady"/> once the component serves.</returns>
    public ReadinessGate AddReadinessGate(string name)
    {
        var gate = new ReadinessGate(name);
        lock (_lock)
        {
            _gates.Add(gate);
        }

        return gate;
    }

    /// <summary>The registered gates.</summary>
    public IReadOnlyList<ReadinessGate> Gates
    {
        get
        {
            lock (_lock)
            {
                return [.. _gates];
            }
        }
    }

    internal void SetStack(RuntimeStack stack) => _stack.TrySetResult(stack);

    internal void SetFailed(Exception error)
    {
        Failure = error.Message;
        _stack.TrySetException(error);
    }
}

/// <summary>The template and the stack provisioned from it.</summary>
/// <param name="Template">The template.</param>
/// <param name="Resolved">Physical names, ARNs, queue URLs and outputs.</param>
public sealed record RuntimeStack(TemplateDocument Template, ResolvedStack Resolved);

/// <summary>One component's readiness.</summary>
public sealed class ReadinessGate
{
    internal ReadinessGate(string name) => Name = name;

    /// <summary>The component name.</summary>
    public string Name { get; }

    /// <summary>Whether the component serves.</summary>
    public bool IsReady { get; private set; }

    /// <summary>Why it is not ready (shown by <c>/health</c>), or <c>null</c>.</summary>
    public string? Reason { get; private set; } = "starting";

    /// <summary>Marks the component as serving.</summary>
    public void MarkReady()
    {
        IsReady = true;
        Reason = null;
    }

    /// <summary>Marks the component as not serving.</summary>
    /// <param name="reason">Why, for the health report.</param>
    public void MarkNotReady(string reason)
    {
        IsReady = false;
        Reason = reason;
    }
}
