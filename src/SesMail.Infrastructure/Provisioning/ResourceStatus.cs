using System.Text.Json.Serialization;

namespace SesMail.Infrastructure.Provisioning;

/// <summary>What provisioning did with one resource.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<ResourceStatus>))]
public enum ResourceStatus
{
    /// <summary>The resource did not exist and was created.</summary>
    Created,

    /// <summary>The resource existed and some of its configuration was changed to match the template.</summary>
    Updated,

    /// <summary>The resource existed and already matched the template.</summary>
    Unchanged,

    /// <summary>Written by earlier versions for functions, mappings and pipes, which the backend now holds; kept so older stack files still read.</summary>
    HandledByLocalRuntime,

    /// <summary>The backend cannot hold this type (log groups, alarms…); only its names and ARNs are computed.</summary>
    Skipped,

    /// <summary>The resource's condition is false, so it is not part of this stack.</summary>
    ConditionFalse,
}
