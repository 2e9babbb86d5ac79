using System.Globalization;
using System.Net;
using System.Security.Cryptography;
using MimeKit;
using SesMail.Emulator.Protocols;

namespace SesMail.Emulator.Ses;

/// <summary>
/// SESv2 errors as the service names them (https://docs.aws.amazon.com/ses/latest/APIReference-V2/CommonErrors.html and
/// each operation's Errors section), and the translation of the shared sending path's v1 errors into them.
/// </summary>
internal static class SesV2Errors
{
    public static AwsServiceException NotFound(string message) => new("NotFoundException", message, HttpStatusCode.NotFound);

    public static AwsServiceException AlreadyExists(string message) => new("AlreadyExistsException", message);

    public static AwsServiceException BadRequest(string message) => new("BadRequestException", message);

    /// <summary>The v2 error for an error of the shared v1 code (<see cref="SesSending"/>, <see cref="SesProvider"/>).</summary>
    /// <param name="error">The v1 error.</param>
    /// <returns>The v2 error.</returns>
    public static AwsServiceException From(AwsServiceException error) => error.Code switch
    {
        "ConfigurationSetDoesNotExist" or "EventDestinationDoesNotExist" => NotFound(error.Message),
        "ConfigurationSetAlreadyExists" or "EventDestinationAlreadyExists" => AlreadyExists(error.Message),
        "ConfigurationSetSendingPausedException" => new("SendingPausedException", error.Message),
        "Throttling" when error.Message.StartsWith("Daily", StringComparison.Ordinal) => new("LimitExceededException", error.Message),
        "Throttling" => new("TooManyRequestsException", error.Message, (HttpStatusCode)429),
        "MessageRejected" => error,
        _ => BadRequest(error.Message),
    };
}

/// <summary>
/// Amazon SES API v2 (https://docs.aws.amazon.com/ses/latest/APIReference-V2/API_Operations.html), one method per
/// operation, spoken in REST-JSON (signing name <c>ses</c>, paths under <c>/v2/email</c>) by <see cref="SesV2Service"/>:
/// configuration sets with SNS event destinations, email identities with their default configuration set, the
/// account's quota, and <c>SendEmail</c> (simple or raw content) through the same sending path as v1 and SMTP
/// (<see cref="SesSending"/>). Identities and configuration sets are v1's: one store serves both APIs.
/// </summary>
/// <remarks>
/// Not emulated (refused with <c>BadRequestException</c> where the input names them): templates, tracking, delivery,
/// suppression and VDM options, destinations other than SNS, DKIM signing attributes (every identity gets Easy DKIM,
/// verified at once), sending authorization, contact lists, dedicated IPs and deliverability dashboards. Tags are
/// accepted and not kept.
/// </remarks>
internal sealed class SesV2Provider(SesStore store, SesProvider v1, SesSending sending, SesSendingQuota quota, TimeProvider time)
{
    public EmptyResult CreateConfigurationSet(V2CreateConfigurationSetRequest request, AwsRequestContext context)
    {
        var name = Translate(() => SesProvider.ConfigurationSetName(Required(request.ConfigurationSetName, "ConfigurationSetName")));
        if (request.TrackingOptions is not null || request.DeliveryOptions is not null || request.SuppressionOptions is not null || request.VdmOptions is not null)
        {
            throw SesV2Errors.BadRequest("Tracking, delivery, suppression and VDM options of configuration sets are not emulated by SesMail.Emulator.");
        }

        Configure(context, region =>
        {
            var set = new SesConfigurationSet(name, time.GetUtcNow())
            {
                SendingEnabled = request.SendingOptions?.SendingEnabled ?? true,
                ReputationMetricsEnabled = request.ReputationOptions?.ReputationMetricsEnabled ?? false,
            };
            if (!region.ConfigurationSets.TryAdd(name, set))
            {
                throw SesV2Errors.AlreadyExists($"Configuration set <{name}> already exists.");
            }
        });
        return EmptyResult.Instance;
    }

    public V2GetConfigurationSetResult GetConfigurationSet(V2ConfigurationSetRequest request, AwsRequestContext context)
    {
        var name = Required(request.ConfigurationSetName, "ConfigurationSetName");
        return Configure(context, region =>
        {
            var set = RequireSet(region, name);
            return new V2GetConfigurationSetResult(set.Name, new V2ReputationOptions(set.ReputationMetricsEnabled), new V2SendingOptions(set.SendingEnabled), []);
        });
    }

    public V2ListConfigurationSetsResult ListConfigurationSets(V2ListRequest request, AwsRequestContext context)
    {
        var all = Configure(context, region => region.ConfigurationSets.Keys.Order(StringComparer.Ordinal).ToList());
        var (page, next) = Page(all, request);
        return new V2ListConfigurationSetsResult(page, next);
    }

    public EmptyResult DeleteConfigurationSet(V2ConfigurationSetRequest request, AwsRequestContext context)
    {
        var name = Required(request.ConfigurationSetName, "ConfigurationSetName");
        Configure(context, region =>
        {
            RequireSet(region, name);
            region.ConfigurationSets.Remove(name);
        });
        return EmptyResult.Instance;
    }

    public EmptyResult CreateConfigurationSetEventDestination(V2EventDestinationRequest request, AwsRequestContext context)
    {
        var setName = Required(request.ConfigurationSetName, "ConfigurationSetName");
        var destination = ReadDestination(request);
        Configure(context, region =>
        {
            var set = RequireSet(region, setName);
            if (set.IndexOf(destination.Name) >= 0)
            {
                throw SesV2Errors.AlreadyExists($"Event destination <{destination.Name}> already exists in configuration set <{setName}>.");
            }

            set.EventDestinations.Add(destination);
        });
        return EmptyResult.Instance;
    }

    public V2GetEventDestinationsResult GetConfigurationSetEventDestinations(V2ConfigurationSetRequest request, AwsRequestContext context)
    {
        var name = Required(request.ConfigurationSetName, "ConfigurationSetName");
        return Configure(context, region => new V2GetEventDestinationsResult(
            [.. RequireSet(region, name).EventDestinations.Select(d => new V2EventDestination(d.Name, d.Enabled, d.MatchingEventTypes, new V2SnsDestination(d.TopicArn)))]));
    }

    public EmptyResult UpdateConfigurationSetEventDestination(V2EventDestinationRequest request, AwsRequestContext context)
    {
        var setName = Required(request.ConfigurationSetName, "ConfigurationSetName");
        var destination = ReadDestination(request);
        Configure(context, region =>
        {
            var set = RequireSet(region, setName);
            var index = set.IndexOf(destination.Name);
            set.EventDestinations[index >= 0 ? index : throw SesV2Errors.NotFound($"Event destination <{destination.Name}> does not exist in configuration set <{setName}>.")] = destination;
        });
        return EmptyResult.Instance;
    }

    public EmptyResult DeleteConfigurationSetEventDestination(V2EventDestinationNameRequest request, AwsRequestContext context)
    {
        var setName = Required(request.ConfigurationSetName, "ConfigurationSetName");
        var name = Required(request.EventDestinationName, "EventDestinationName");
        Configure(context, region =>
        {
            var set = RequireSet(region, setName);
            var index = set.IndexOf(name);
            set.EventDestinations.RemoveAt(index >= 0 ? index : throw SesV2Errors.NotFound($"Event destination <{name}> does not exist in configuration set <{setName}>."));
        });
        return EmptyResult.Instance;
    }

    public V2CreateEmailIdentityResult CreateEmailIdentity(V2CreateEmailIdentityRequest request, AwsRequestContext context)
    {
        var name = Required(request.EmailIdentity, "EmailIdentity").Trim();
        if (request.DkimSigningAttributes is not null)
        {
            throw SesV2Errors.BadRequest("DkimSigningAttributes (BYODKIM) are not emulated by SesMail.Emulator: every identity gets Easy DKIM.");
        }

        var isAddress = name.Contains('@', StringComparison.Ordinal);
        if (isAddress ? !MailboxAddress.TryParse(name, out var mailbox) || mailbox.Address != name : name.Length == 0 || name.Any(char.IsWhiteSpace))
        {
            throw SesV2Errors.BadRequest($"Invalid email identity <{name}>.");
        }

        var setName = Optional(request.ConfigurationSetName);
        return Configure(context, region =>
        {
            if (region.Identities.ContainsKey(name))
            {
                throw SesV2Errors.AlreadyExists($"Email identity <{name}> already exists.");
            }

            if (setName is not null)
            {
                RequireSet(region, setName);
            }

            region.Identities[name] = new SesIdentity(
                name,
                isAddress ? SesIdentityType.EmailAddress : SesIdentityType.Domain,
                isAddress ? null : Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)),
                setName);
            return new V2CreateEmailIdentityResult(isAddress ? "EMAIL_ADDRESS" : "DOMAIN", true, Dkim(name, isAddress));
        });
    }

    public V2GetEmailIdentityResult GetEmailIdentity(V2EmailIdentityRequest request, AwsRequestContext context)
    {
        var name = Required(request.EmailIdentity, "EmailIdentity");
        return Configure(context, region =>
        {
            var identity = RequireIdentity(region, name);
            var isAddress = identity.Type == SesIdentityType.EmailAddress;
            return new V2GetEmailIdentityResult(isAddress ? "EMAIL_ADDRESS" : "DOMAIN", true, true, "SUCCESS", Dkim(identity.Name, isAddress), identity.ConfigurationSetName, []);
        });
    }

    public V2ListEmailIdentitiesResult ListEmailIdentities(V2ListRequest request, AwsRequestContext context)
    {
        var all = Configure(context, region => region.Identities.Values.OrderBy(i => i.Name, StringComparer.OrdinalIgnoreCase).ToList());
        var (page, next) = Page(all, request);
        return new V2ListEmailIdentitiesResult(
            [.. page.Select(i => new V2IdentityInfo(i.Type == SesIdentityType.EmailAddress ? "EMAIL_ADDRESS" : "DOMAIN", i.Name, true, "SUCCESS"))],
            next);
    }

    public EmptyResult DeleteEmailIdentity(V2EmailIdentityRequest request, AwsRequestContext context)
    {
        var name = Required(request.EmailIdentity, "EmailIdentity");
        Configure(context, region =>
        {
            RequireIdentity(region, name);
            region.Identities.Remove(name);
        });
        return EmptyResult.Instance;
    }

    /// <summary>
    /// <c>PutEmailIdentityConfigurationSetAttributes</c>: the identity's default configuration set, applied to mail from it
    /// that names no set (https://docs.aws.amazon.com/ses/latest/APIReference-V2/API_PutEmailIdentityConfigurationSetAttributes.html).
    /// </summary>
    public EmptyResult PutEmailIdentityConfigurationSetAttributes(V2PutIdentityConfigurationSetRequest request, AwsRequestContext context)
    {
        var name = Required(request.EmailIdentity, "EmailIdentity");
        var setName = Optional(request.ConfigurationSetName);
        Configure(context, region =>
        {
            var identity = RequireIdentity(region, name);
            if (setName is not null)
            {
                RequireSet(region, setName);
            }

            region.Identities[identity.Name] = identity with { ConfigurationSetName = setName };
        });
        return EmptyResult.Instance;
    }

    public V2GetAccountResult GetAccount(V2GetAccountRequest request, AwsRequestContext context) =>
        new(new V2SendQuota(quota.Max24HourSend, quota.MaxSendRate, quota.SentLast24Hours(context.Region)), true, true, "HEALTHY", false);

    public async ValueTask<V2SendEmailResult> SendEmailAsync(V2SendEmailRequest request, AwsRequestContext context, CancellationToken cancellationToken)
    {
        if (Optional(request.FromEmailAddressIdentityArn) is { } arn)
        {
            throw SesV2Errors.BadRequest($"Sending authorization is not emulated by SesMail.Emulator: remove {arn}.");
        }

        var content = request.Content ?? throw SesV2Errors.BadRequest("Content is required.");
        if (content.Template is not null)
        {
            throw SesV2Errors.BadRequest("Templates are not emulated by SesMail.Emulator: send Simple or Raw content.");
        }

        var setName = Optional(request.ConfigurationSetName);
        try
        {
            if (content.Raw is { } raw)
            {
                byte[] bytes;
                try
                {
                    bytes = Convert.FromBase64String(Required(raw.Data, "Content.Raw.Data"));
                }
                catch (FormatException)
                {
                    throw SesV2Errors.BadRequest("Content.Raw.Data is not valid base64.");
                }

                var recipients = (request.Destination?.ToAddresses ?? []).Concat(request.Destination?.CcAddresses ?? []).Concat(request.Destination?.BccAddresses ?? []).ToList();
                var (message, source, destinations) = await SesProvider.ParseRawAsync(bytes, Optional(request.FromEmailAddress), recipients, cancellationToken).ConfigureAwait(false);
                var sent = await sending.SendAsync(new OutboundMessage("SendEmail", source, destinations, bytes, message, setName), context, cancellationToken).ConfigureAwait(false);
                return new V2SendEmailResult(sent.MessageId);
            }

            var simple = content.Simple ?? throw SesV2Errors.BadRequest("Content must have Simple, Raw or Template.");
            var from = Required(request.FromEmailAddress, "FromEmailAddress");
            var to = request.Destination?.ToAddresses ?? [];
            var cc = request.Destination?.CcAddresses ?? [];
            var bcc = request.Destination?.BccAddresses ?? [];
            if (to.Count + cc.Count + bcc.Count == 0)
            {
                throw SesV2Errors.BadRequest("Destination must name at least one recipient.");
            }

            var text = Optional(simple.Body?.Text?.Data);
            var html = Optional(simple.Body?.Html?.Data);
            if (text is null && html is null)
            {
                throw SesV2Errors.BadRequest("Content.Simple.Body needs Text or Html.");
            }

            var simpleSent = await v1.SendSimpleAsync("SendEmail", from, to, cc, bcc, request.ReplyToAddresses ?? [], Required(simple.Subject?.Data, "Content.Simple.Subject.Data"), text, html, setName, context, cancellationToken).ConfigureAwait(false);
            return new V2SendEmailResult(simpleSent.MessageId);
        }
        catch (AwsServiceException error) when (error.Code is not ("BadRequestException" or "NotFoundException"))
        {
            throw SesV2Errors.From(error);
        }
    }

    private static V2DkimAttributes Dkim(string name, bool isAddress) => new(
        !isAddress,
        isAddress ? "NOT_STARTED" : "SUCCESS",
        isAddress ? [] : [.. Enumerable.Range(1, 3).Select(i => Convert.ToHexStringLower(SHA256.HashData(System.Text.Encoding.UTF8.GetBytes($"{name}/{i}")))[..32])],
        "AWS_SES");

    private static SesConfigurationSet RequireSet(SesRegionState region, string name) =>
        region.ConfigurationSets.TryGetValue(name, out var set) ? set : throw SesV2Errors.NotFound($"Configuration set <{name}> does not exist.");

    private static SesIdentity RequireIdentity(SesRegionState region, string name) =>
        region.Identities.TryGetValue(name, out var identity) ? identity : throw SesV2Errors.NotFound($"Email identity <{name}> does not exist.");

    private static SesEventDestination ReadDestination(V2EventDestinationRequest request)
    {
        var name = Required(request.EventDestinationName, "EventDestinationName");
        var definition = request.EventDestination ?? throw SesV2Errors.BadRequest("EventDestination is required.");
        if (definition.CloudWatchDestination is not null || definition.KinesisFirehoseDestination is not null || definition.PinpointDestination is not null || definition.EventBridgeDestination is not null)
        {
            throw SesV2Errors.BadRequest("Only SNS event destinations (SnsDestination) are emulated by SesMail.Emulator.");
        }

        var types = definition.MatchingEventTypes ?? [];
        if (types.Count == 0)
        {
            throw SesV2Errors.BadRequest("EventDestination.MatchingEventTypes must name at least one event type.");
        }

        if (types.FirstOrDefault(t => !SesEventTypes.IsV2(t)) is { } bad)
        {
            throw SesV2Errors.BadRequest($"Invalid event type '{bad}'.");
        }

        var topic = Translate(() => SesProvider.SnsTopic(Required(definition.SnsDestination?.TopicArn, "EventDestination.SnsDestination.TopicArn")));
        return new SesEventDestination(Translate(() => SesProvider.ConfigurationSetName(name)), definition.Enabled ?? false, [.. types.Distinct(StringComparer.Ordinal)], topic);
    }

    private static T Translate<T>(Func<T> read)
    {
        try
        {
            return read();
        }
        catch (AwsServiceException error) when (error.Code is not "BadRequestException")
        {
            throw SesV2Errors.BadRequest(error.Message);
        }
    }

    private static (List<T> Page, string? Next) Page<T>(List<T> all, V2ListRequest request)
    {
        var size = request.PageSize is { } s ? (s is >= 1 and <= 1000 ? s : throw SesV2Errors.BadRequest($"Invalid PageSize '{s}'.")) : 1000;
        var start = 0;
        if (Optional(request.NextToken) is { } token && !int.TryParse(token, NumberStyles.None, CultureInfo.InvariantCulture, out start))
        {
            throw SesV2Errors.BadRequest($"Invalid NextToken '{token}'.");
        }

        var page = all.Skip(start).Take(size).ToList();
        return (page, start + page.Count < all.Count ? (start + page.Count).ToString(CultureInfo.InvariantCulture) : null);
    }

    private T Configure<T>(AwsRequestContext context, Func<SesRegionState, T> change)
    {
        var region = store.Region(context.Region);
        lock (region.Gate)
        {
            return change(region);
        }
    }

    private void Configure(AwsRequestContext context, Action<SesRegionState> change) =>
        Configure(context, region =>
        {
            change(region);
            return true;
        });

    private static string Required(string? value, string name) =>
        string.IsNullOrEmpty(value) ? throw SesV2Errors.BadRequest($"{name} is required.") : value;

    private static string? Optional(string? value) => string.IsNullOrEmpty(value) ? null : value;
}
