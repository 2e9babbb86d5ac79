namespace SesMail.Emulator.Ses;

/// <summary>
/// A configuration set: rules applied to the mail sent with it (sending on or paused, reputation metrics) and where its
/// events go (https://docs.aws.amazon.com/ses/latest/dg/using-configuration-sets.html). SES v1 and v2 see the same sets.
/// Held under the region's <see cref="SesRegionState.Gate"/>.
/// </summary>
/// <param name="name">The name (letters, digits, <c>_</c> and <c>-</c>, at most 64 characters).</param>
/// <param name="createdTimestamp">When it was created.</param>
internal sealed class SesConfigurationSet(string name, DateTimeOffset createdTimestamp)
{
    /// <summary>The name.</summary>
    public string Name { get; } = name;

    /// <summary>When it was created.</summary>
    public DateTimeOffset CreatedTimestamp { get; } = createdTimestamp;

    /// <summary>Whether mail may be sent with the set (<c>SendingOptions.SendingEnabled</c>; default on).</summary>
    public bool SendingEnabled { get; set; } = true;

    /// <summary>Whether SES publishes reputation metrics for the set (<c>ReputationOptions.ReputationMetricsEnabled</c>; default off).</summary>
    public bool ReputationMetricsEnabled { get; set; }

    /// <summary>The event destinations, in creation order.</summary>
    public List<SesEventDestination> EventDestinations { get; } = [];

    /// <summary>The position of the destination called <paramref name="destination"/>, or -1.</summary>
    public int IndexOf(string destination) => EventDestinations.FindIndex(d => d.Name == destination);
}

/// <summary>One event destination of a configuration set. Only SNS destinations are emulated.</summary>
/// <param name="Name">The destination name.</param>
/// <param name="Enabled">Whether events are published to it.</param>
/// <param name="MatchingEventTypes">The event types it receives, in SESv2 spelling (<see cref="SesEventTypes"/>).</param>
/// <param name="TopicArn">The SNS topic the events are published to.</param>
internal sealed record SesEventDestination(string Name, bool Enabled, IReadOnlyList<string> MatchingEventTypes, string TopicArn);

/// <summary>
/// The event types of SES event publishing in their two spellings: SES v1 (<c>send</c>, <c>renderingFailure</c>) and
/// SESv2 (<c>SEND</c>, <c>RENDERING_FAILURE</c>), https://docs.aws.amazon.com/ses/latest/APIReference-V2/API_EventDestination.html.
/// The store keeps the v2 spelling.
/// </summary>
internal static class SesEventTypes
{
    private static readonly (string V1, string V2)[] Names =
    [
        ("send", "SEND"), ("reject", "REJECT"), ("bounce", "BOUNCE"), ("complaint", "COMPLAINT"), ("delivery", "DELIVERY"),
        ("open", "OPEN"), ("click", "CLICK"), ("renderingFailure", "RENDERING_FAILURE"), ("deliveryDelay", "DELIVERY_DELAY"),
        ("subscription", "SUBSCRIPTION"),
    ];

    /// <summary>The v2 name of a v1 name, or <c>null</c> when it is none.</summary>
    public static string? FromV1(string name) => Names.FirstOrDefault(n => n.V1 == name).V2;

    /// <summary>The v1 name of a v2 name.</summary>
    public static string ToV1(string name) => Names.First(n => n.V2 == name).V1;

    /// <summary>Whether <paramref name="name"/> is a v2 name.</summary>
    public static bool IsV2(string name) => Names.Any(n => n.V2 == name);

    /// <summary>The v2 name of an event as its JSON's <c>eventType</c> spells it (<c>Bounce</c> → <c>BOUNCE</c>).</summary>
    public static string OfEvent(string eventType) => eventType switch
    {
        "Send" => "SEND",
        "Delivery" => "DELIVERY",
        "Bounce" => "BOUNCE",
        "Complaint" => "COMPLAINT",
        "Reject" => "REJECT",
        _ => eventType.ToUpperInvariant(),
    };
}
