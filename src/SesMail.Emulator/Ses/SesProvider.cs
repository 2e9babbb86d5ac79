using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using MimeKit;
using SesMail.Emulator.Protocols;

namespace SesMail.Emulator.Ses;

/// <summary>
/// Amazon SES v1 (API version 2010-12-01), one method per operation: sending, identities and receipt rule sets
/// (https://docs.aws.amazon.com/ses/latest/APIReference/API_Operations.html), spoken in the Query protocol (signing
/// name <c>email</c>) by <see cref="SesService"/>.
/// </summary>
/// <remarks>
/// Sending goes through <see cref="SesSending"/> (verified sender, configuration set, quota and rate, outbox, event
/// publishing), the path SESv2 and the SMTP endpoint share. Configuration sets have SNS event destinations only.
/// Not emulated: the sandbox (recipients need no verification; the account behaves as with production access),
/// DNS-based verification (every identity is verified at once: status <c>Success</c>),
/// sending authorization (the <c>*Arn</c> members of the send operations are refused), message tags, tracking and
/// delivery options of configuration sets, checks that a receipt rule's bucket, topic or function exist and grant SES access
/// (<c>InvalidS3Configuration</c> and friends are never raised), and delivery: sent mail is captured in
/// <see cref="SesOutbox"/>, never sent. SendRawEmail stores the bytes exactly as given (SES would rewrite
/// <c>Message-ID</c> and add its DKIM signature). SendBounce cannot know the original sender (the receiving edge runs
/// outside the emulator), so its capture lists no destinations and names the original message id.
/// </remarks>
internal sealed partial class SesProvider(SesStore store, SesOutbox outbox, SesSending sending, SesSendingQuota quota, TimeProvider time)
{
    /// <summary>SES v1's maximum message size for sending: 10 MB (https://docs.aws.amazon.com/ses/latest/dg/quotas.html).</summary>
    public const int MaxSendSize = 10 * 1024 * 1024;

    // ---- identities ------------------------------------------------------------------------------------------

    public EmptyResult VerifyEmailIdentity(VerifyEmailIdentityRequest request, AwsRequestContext context)
    {
        var address = Required(request.EmailAddress, "EmailAddress");
        if (!MailboxAddress.TryParse(address, out var mailbox) || mailbox.Address != address.Trim() || !address.Contains('@', StringComparison.Ordinal))
        {
            throw SesErrors.InvalidParameterValue($"Invalid email address <{address}>.");
        }

        Configure(context, region =>
        {
            if (!region.Identities.TryGetValue(mailbox.Address, out var existing) || existing.Type != SesIdentityType.EmailAddress)
            {
                region.Identities[mailbox.Address] = new SesIdentity(mailbox.Address, SesIdentityType.EmailAddress, null);
            }
        });
        return EmptyResult.Instance;
    }

    /// <summary><c>VerifyEmailAddress</c>: the older name of <see cref="VerifyEmailIdentity"/>.</summary>
    public EmptyResult VerifyEmailAddress(VerifyEmailIdentityRequest request, AwsRequestContext context) => VerifyEmailIdentity(request, context);

    public VerifyDomainIdentityResult VerifyDomainIdentity(VerifyDomainIdentityRequest request, AwsRequestContext context)
    {
        var domain = Required(request.Domain, "Domain").Trim().TrimEnd('.');
        if (domain.Length == 0 || domain.Contains('@', StringComparison.Ordinal) || domain.Any(char.IsWhiteSpace))
        {
            throw SesErrors.InvalidParameterValue($"Invalid domain name <{domain}>.");
        }

        return Configure(context, region =>
        {
            if (!region.Identities.TryGetValue(domain, out var identity) || identity.Type != SesIdentityType.Domain)
            {
                identity = new SesIdentity(domain, SesIdentityType.Domain, Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)));
                region.Identities[domain] = identity;
            }

            return new VerifyDomainIdentityResult(identity.VerificationToken!);
        });
    }

    public EmptyResult DeleteIdentity(DeleteIdentityRequest request, AwsRequestContext context)
    {
        var identity = Required(request.Identity, "Identity");
        Configure(context, region => region.Identities.Remove(identity));
        return EmptyResult.Instance;
    }

    public ListIdentitiesResult ListIdentities(ListIdentitiesRequest request, AwsRequestContext context)
    {
        var typeFilter = Optional(request.IdentityType);
        if (typeFilter is not (null or "EmailAddress" or "Domain"))
        {
            throw SesErrors.InvalidParameterValue($"Invalid IdentityType '{typeFilter}': use EmailAddress or Domain.");
        }

        var maxItems = request.MaxItems is { } max ? (max is >= 1 and <= 1000 ? max : throw SesErrors.InvalidParameterValue($"Invalid MaxItems '{max}'.")) : 1000;
        var start = PageStart(request.NextToken);
        var all = Configure(context, region => region.Identities.Values
            .Where(i => typeFilter is null || i.Type.ToString() == typeFilter)
            .Select(i => i.Name)
            .Order(StringComparer.OrdinalIgnoreCase)
            .ToList());
        var page = all.Skip(start).Take(maxItems).ToList();
        return new ListIdentitiesResult(page, NextToken(start, page.Count, all.Count));
    }

    public GetIdentityVerificationAttributesResult GetIdentityVerificationAttributes(GetIdentityVerificationAttributesRequest request, AwsRequestContext context) =>
        Configure(context, region =>
        {
            var attributes = new Dictionary<string, IdentityVerificationAttributes>(StringComparer.Ordinal);
            foreach (var name in request.Identities ?? [])
            {
                if (region.Identities.TryGetValue(name, out var identity))
                {
                    attributes[identity.Name] = new IdentityVerificationAttributes("Success", identity.VerificationToken);
                }
            }

            return new GetIdentityVerificationAttributesResult(attributes);
        });

    /// <summary>
    /// <c>GetSendQuota</c> (https://docs.aws.amazon.com/ses/latest/APIReference/API_GetSendQuota.html): the quota and rate
    /// the emulator enforces (<see cref="SesSendingQuota"/>) and the recipients of messages sent in this region during the
    /// last 24 hours.
    /// </summary>
    public GetSendQuotaResult GetSendQuota(GetSendQuotaRequest request, AwsRequestContext context) =>
        new(quota.Max24HourSend, quota.MaxSendRate, quota.SentLast24Hours(context.Region));

    // ---- receipt rule sets -----------------------------------------------------------------------------------

    public EmptyResult CreateReceiptRuleSet(RuleSetRequest request, AwsRequestContext context)
    {
        var name = ValidateName(Required(request.RuleSetName, "RuleSetName"), "rule set");
        Configure(context, region =>
        {
            if (region.RuleSets.ContainsKey(name))
            {
                throw SesErrors.RuleSetAlreadyExists(name);
            }

            if (region.RuleSets.Count >= 40)
            {
                throw SesErrors.LimitExceeded("An account can have at most 40 receipt rule sets per region.");
            }

            region.RuleSets[name] = new SesReceiptRuleSet(name, time.GetUtcNow());
        });
        return EmptyResult.Instance;
    }

    public EmptyResult DeleteReceiptRuleSet(RuleSetRequest request, AwsRequestContext context)
    {
        var name = Required(request.RuleSetName, "RuleSetName");
        Configure(context, region =>
        {
            if (region.ActiveRuleSet == name)
            {
                throw SesErrors.CannotDeleteActive(name);
            }

            region.RuleSets.Remove(name);
        });
        return EmptyResult.Instance;
    }

    public DescribeReceiptRuleSetResult DescribeReceiptRuleSet(RuleSetRequest request, AwsRequestContext context)
    {
        var name = Required(request.RuleSetName, "RuleSetName");
        return Configure(context, region => Describe(region.RequireRuleSet(name)));
    }

    public ListReceiptRuleSetsResult ListReceiptRuleSets(ListReceiptRuleSetsRequest request, AwsRequestContext context)
    {
        var start = PageStart(request.NextToken);
        var all = Configure(context, region => region.RuleSets.Values.OrderBy(s => s.CreatedTimestamp).ThenBy(s => s.Name, StringComparer.Ordinal).ToList());
        var page = all.Skip(start).Take(100).ToList();
        return new ListReceiptRuleSetsResult([.. page.Select(Metadata)], NextToken(start, page.Count, all.Count));
    }

    public EmptyResult SetActiveReceiptRuleSet(RuleSetRequest request, AwsRequestContext context)
    {
        var name = Optional(request.RuleSetName);
        Configure(context, region =>
        {
            if (name is not null)
            {
                region.RequireRuleSet(name);
            }

            region.ActiveRuleSet = name;
        });
        return EmptyResult.Instance;
    }

    public DescribeReceiptRuleSetResult DescribeActiveReceiptRuleSet(DescribeActiveReceiptRuleSetRequest request, AwsRequestContext context) =>
        Configure(context, region => region.ActiveRuleSet is { } active ? Describe(region.RuleSets[active]) : new DescribeReceiptRuleSetResult(null, null));

    private static ReceiptRuleSetMetadata Metadata(SesReceiptRuleSet set) => new(set.Name, set.CreatedTimestamp);

    private static DescribeReceiptRuleSetResult Describe(SesReceiptRuleSet set) => new(Metadata(set), [.. set.Rules]);

    // ---- receipt rules ---------------------------------------------------------------------------------------

    public EmptyResult CreateReceiptRule(CreateReceiptRuleRequest request, AwsRequestContext context)
    {
        var setName = Required(request.RuleSetName, "RuleSetName");
        Configure(context, region =>
        {
            var set = region.RequireRuleSet(setName);
            var rule = ReadRule(request.Rule);
            if (set.IndexOf(rule.Name!) >= 0)
            {
                throw SesErrors.RuleAlreadyExists(rule.Name!);
            }

            if (set.Rules.Count >= 200)
            {
                throw SesErrors.LimitExceeded("A receipt rule set can have at most 200 rules.");
            }

            var after = Optional(request.After);
            var position = 0;
            if (after is not null)
            {
                var index = set.IndexOf(after);
                position = index >= 0 ? index + 1 : throw SesErrors.RuleDoesNotExist(after);
            }

            set.Rules.Insert(position, rule);
        });
        return EmptyResult.Instance;
    }

    public EmptyResult UpdateReceiptRule(UpdateReceiptRuleRequest request, AwsRequestContext context)
    {
        var setName = Required(request.RuleSetName, "RuleSetName");
        Configure(context, region =>
        {
            var set = region.RequireRuleSet(setName);
            var rule = ReadRule(request.Rule);
            var index = set.IndexOf(rule.Name!);
            set.Rules[index >= 0 ? index : throw SesErrors.RuleDoesNotExist(rule.Name!)] = rule;
        });
        return EmptyResult.Instance;
    }

    public EmptyResult DeleteReceiptRule(RuleRequest request, AwsRequestContext context)
    {
        var setName = Required(request.RuleSetName, "RuleSetName");
        Configure(context, region =>
        {
            var set = region.RequireRuleSet(setName);
            var name = Required(request.RuleName, "RuleName");
            set.Rules.RemoveAll(r => r.Name == name); // SES: deleting a rule that does not exist succeeds.
        });
        return EmptyResult.Instance;
    }

    public DescribeReceiptRuleResult DescribeReceiptRule(RuleRequest request, AwsRequestContext context)
    {
        var setName = Required(request.RuleSetName, "RuleSetName");
        return Configure(context, region =>
        {
            var set = region.RequireRuleSet(setName);
            var name = Required(request.RuleName, "RuleName");
            var index = set.IndexOf(name);
            return new DescribeReceiptRuleResult(index >= 0 ? set.Rules[index] : throw SesErrors.RuleDoesNotExist(name));
        });
    }

    public EmptyResult SetReceiptRulePosition(SetReceiptRulePositionRequest request, AwsRequestContext context)
    {
        var setName = Required(request.RuleSetName, "RuleSetName");
        Configure(context, region =>
        {
            var set = region.RequireRuleSet(setName);
            var name = Required(request.RuleName, "RuleName");
            var index = set.IndexOf(name);
            var rule = index >= 0 ? set.Rules[index] : throw SesErrors.RuleDoesNotExist(name);
            var after = Optional(request.After);
            if (after is not null && set.IndexOf(after) < 0)
            {
                throw SesErrors.RuleDoesNotExist(after);
            }

            set.Rules.RemoveAt(index);
            set.Rules.Insert(after is null ? 0 : set.IndexOf(after) + 1, rule);
        });
        return EmptyResult.Instance;
    }

    /// <summary>The members each action type must carry, as SES requires them.</summary>
    private static readonly Dictionary<string, string[]> RequiredActionMembers = new(StringComparer.Ordinal)
    {
        ["S3Action"] = ["BucketName"],
        ["SNSAction"] = ["TopicArn"],
        ["BounceAction"] = ["SmtpReplyCode", "Message", "Sender"],
        ["LambdaAction"] = ["FunctionArn"],
        ["StopAction"] = ["Scope"],
        ["AddHeaderAction"] = ["HeaderName", "HeaderValue"],
        ["WorkmailAction"] = ["OrganizationArn"],
        ["ConnectAction"] = ["InstanceARN", "IAMRoleARN"],
    };

    /// <summary>
    /// Checks a rule as SES does (name, TLS policy, at most 100 recipients, each action exactly one known type with its
    /// required members) and fills SES's defaults, so that a stored rule has every member.
    /// </summary>
    /// <exception cref="AwsServiceException"><c>MissingParameter</c>, <c>InvalidParameterValue</c> or <c>LimitExceeded</c>.</exception>
    private static ReceiptRule ReadRule(ReceiptRule? rule)
    {
        var name = ValidateName(Required(rule?.Name, "Rule.Name"), "rule");
        var tls = Optional(rule!.TlsPolicy) ?? "Optional";
        if (tls is not ("Optional" or "Require"))
        {
            throw SesErrors.InvalidParameterValue($"Invalid TlsPolicy '{tls}': use Require or Optional.");
        }

        var recipients = rule.Recipients ?? [];
        if (recipients.Count > 100)
        {
            throw SesErrors.LimitExceeded("A receipt rule can have at most 100 recipients.");
        }

        foreach (var recipient in recipients)
        {
            if (recipient.Length == 0 || recipient.Any(char.IsWhiteSpace) || recipient.Count(c => c == '@') > 1)
            {
                throw SesErrors.InvalidParameterValue($"Invalid recipient '{recipient}': give an email address, a domain, or .domain for its subdomains.");
            }
        }

        var actions = rule.Actions ?? [];
        for (var i = 0; i < actions.Count; i++)
        {
            var members = JsonSerializer.SerializeToNode(actions[i] with { Unknown = null }, SesApiJsonContext.Default.ReceiptAction)!.AsObject();
            var types = members.Select(m => m.Key).Concat(actions[i].Unknown?.Keys.AsEnumerable() ?? []).ToList();
            if (types.Count != 1 || !RequiredActionMembers.TryGetValue(types[0], out var required))
            {
                throw SesErrors.InvalidParameterValue(
                    $"Action {i + 1} must set exactly one of {string.Join(", ", RequiredActionMembers.Keys)}; got {string.Join(", ", types)}.");
            }

            var values = members[types[0]]!.AsObject();
            foreach (var member in required)
            {
                if (values[member]?.GetValue<string>() is not { Length: > 0 })
                {
                    throw SesErrors.Missing($"Rule.Actions.member.{i + 1}.{types[0]}.{member}");
                }
            }
        }

        return new ReceiptRule(name, rule.Enabled ?? false, tls, recipients, [.. actions.Select(a => a with { Unknown = null })], rule.ScanEnabled ?? false);
    }

    /// <summary>Checks a rule or rule-set name as SES does.</summary>
    /// <exception cref="AwsServiceException"><c>InvalidParameterValue</c> for a bad name.</exception>
    private static string ValidateName(string name, string what)
    {
        if (!NamePattern().IsMatch(name))
        {
            throw SesErrors.InvalidParameterValue(
                $"Invalid {what} name <{name}>: the name must contain only ASCII letters, numbers, underscores, periods or dashes, start and end with a letter or number, and be fewer than 64 characters.");
        }

        return name;
    }

    [GeneratedRegex("^[A-Za-z0-9](?:[A-Za-z0-9_.-]{0,61}[A-Za-z0-9])?$", RegexOptions.CultureInvariant)]
    private static partial Regex NamePattern();

    // ---- sending ---------------------------------------------------------------------------------------------

    public async ValueTask<MessageIdResult> SendRawEmailAsync(SendRawEmailRequest request, AwsRequestContext context, CancellationToken cancellationToken)
    {
        RefuseSendingAuthorization(request.SourceArn, request.FromArn, request.ReturnPathArn);
        byte[] raw;
        try
        {
            raw = Convert.FromBase64String(Required(request.RawMessage?.Data, "RawMessage.Data"));
        }
        catch (FormatException)
        {
            throw SesErrors.InvalidParameterValue("RawMessage.Data is not valid base64.");
        }

        var (message, source, destinations) = await ParseRawAsync(raw, Optional(request.Source), request.Destinations ?? [], cancellationToken).ConfigureAwait(false);
        var sent = await sending.SendAsync(new OutboundMessage("SendRawEmail", source, destinations, raw, message, Optional(request.ConfigurationSetName)), context, cancellationToken).ConfigureAwait(false);
        return new MessageIdResult(sent.MessageId);
    }

    /// <summary>
    /// Reads a raw message as SES does for <c>SendRawEmail</c> (and SESv2's raw content): at most 10 MB, parseable
    /// MIME; the sender is <paramref name="source"/>, else the From header; the recipients are
    /// <paramref name="destinations"/>, else To, Cc and Bcc.
    /// </summary>
    /// <exception cref="AwsServiceException"><c>MessageRejected</c> or <c>InvalidParameterValue</c>.</exception>
    internal static async Task<(MimeMessage Message, string Source, IReadOnlyList<string> Destinations)> ParseRawAsync(
        byte[] raw, string? source, IReadOnlyList<string> destinations, CancellationToken cancellationToken)
    {
        if (raw.Length > MaxSendSize)
        {
            throw SesErrors.MessageRejected($"Message length is more than {MaxSendSize} bytes long: '{raw.Length}'.");
        }

        MimeMessage message;
        try
        {
            using var stream = new MemoryStream(raw, writable: false);
            message = await MimeMessage.LoadAsync(stream, cancellationToken).ConfigureAwait(false);
        }
        catch (FormatException error)
        {
            throw SesErrors.MessageRejected($"Could not parse the raw message: {error.Message}");
        }

        var sender = source is { } s
            ? Address(s, "Source")
            : message.From.Mailboxes.FirstOrDefault()?.Address ?? throw SesErrors.MessageRejected("Missing required header 'From'.");
        var recipients = destinations.Select(d => Address(d, "Destinations")).ToList();
        if (recipients.Count == 0)
        {
            recipients = [.. message.To.Mailboxes.Concat(message.Cc.Mailboxes).Concat(message.Bcc.Mailboxes).Select(m => m.Address)];
        }

        if (recipients.Count == 0)
        {
            throw SesErrors.MessageRejected("Missing final destinations: give Destinations or To, Cc or Bcc headers.");
        }

        return (message, sender, recipients);
    }

    public async ValueTask<MessageIdResult> SendEmailAsync(SendEmailRequest request, AwsRequestContext context, CancellationToken cancellationToken)
    {
        RefuseSendingAuthorization(request.SourceArn, null, request.ReturnPathArn);
        var source = Required(request.Source, "Source");
        var to = request.Destination?.ToAddresses ?? [];
        var cc = request.Destination?.CcAddresses ?? [];
        var bcc = request.Destination?.BccAddresses ?? [];
        if (to.Count + cc.Count + bcc.Count == 0)
        {
            throw SesErrors.Missing("Destination.ToAddresses");
        }

        var text = Optional(request.Message?.Body?.Text?.Data);
        var html = Optional(request.Message?.Body?.Html?.Data);
        if (text is null && html is null)
        {
            throw SesErrors.Missing("Message.Body");
        }

        var subject = Required(request.Message?.Subject?.Data, "Message.Subject.Data");
        var sent = await SendSimpleAsync("SendEmail", source, to, cc, bcc, request.ReplyToAddresses ?? [], subject, text, html, Optional(request.ConfigurationSetName), context, cancellationToken).ConfigureAwait(false);
        return new MessageIdResult(sent.MessageId);
    }

    /// <summary>
    /// Builds and sends a simple message (SES v1 <c>SendEmail</c>, SESv2 <c>SendEmail</c> with <c>Simple</c> content):
    /// headers from the parameters, a text and/or HTML body, <c>Message-ID</c> from the SES message id.
    /// </summary>
    /// <exception cref="AwsServiceException">As <see cref="SesSending.SendAsync"/>, or <c>InvalidParameterValue</c> for a bad address.</exception>
    internal async Task<SesSentMessage> SendSimpleAsync(
        string operation, string source, IReadOnlyList<string> to, IReadOnlyList<string> cc, IReadOnlyList<string> bcc, IReadOnlyList<string> replyTo,
        string subject, string? text, string? html, string? configurationSet, AwsRequestContext context, CancellationToken cancellationToken)
    {
        var sourceAddress = Address(source, "Source");
        var destinations = to.Concat(cc).Concat(bcc).Select(d => Address(d, "Destination")).ToList();
        var messageId = sending.NewMessageId();
        var message = new MimeMessage { Subject = subject, Date = time.GetUtcNow() };
        message.From.Add(MailboxAddress.Parse(source));
        message.To.AddRange(to.Select(MailboxAddress.Parse));
        message.Cc.AddRange(cc.Select(MailboxAddress.Parse));
        message.ReplyTo.AddRange(replyTo.Select(MailboxAddress.Parse));
        message.MessageId = $"{messageId}@{context.Region}.amazonses.com";
        message.Body = new BodyBuilder { TextBody = text, HtmlBody = html }.ToMessageBody();
        return await sending.SendAsync(new OutboundMessage(operation, sourceAddress, destinations, Serialize(message), message, configurationSet, messageId), context, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Sending authorization (another account's identity) is not emulated: the <c>*Arn</c> members are refused.</summary>
    private static void RefuseSendingAuthorization(params string?[] arns)
    {
        if (arns.FirstOrDefault(a => Optional(a) is not null) is { } arn)
        {
            throw SesErrors.InvalidParameterValue($"Sending authorization is not emulated by SesMail.Emulator: remove {arn}.");
        }
    }

    public async ValueTask<MessageIdResult> SendBounceAsync(SendBounceRequest request, AwsRequestContext context, CancellationToken cancellationToken)
    {
        var originalMessageId = Required(request.OriginalMessageId, "OriginalMessageId");
        var bounceSender = Address(Required(request.BounceSender, "BounceSender"), "BounceSender");
        var reportingMta = Required(request.MessageDsn?.ReportingMta, "MessageDsn.ReportingMta");
        var recipients = (request.BouncedRecipientInfoList ?? [])
            .TakeWhile(r => Optional(r.Recipient) is not null)
            .Select(r => (
                Recipient: r.Recipient!,
                Status: Optional(r.RecipientDsnFields?.Status) ?? BounceStatus(Optional(r.BounceType)),
                Action: Optional(r.RecipientDsnFields?.Action) ?? "failed",
                Diagnostic: Optional(r.RecipientDsnFields?.DiagnosticCode)))
            .ToList();
        if (recipients.Count == 0)
        {
            throw SesErrors.Missing("BouncedRecipientInfoList");
        }

        var messageId = sending.NewMessageId();
        var explanation = Optional(request.Explanation) ?? "Your message could not be delivered.";
        var status = new MessageDeliveryStatus();
        var perMessage = new HeaderList { { "Reporting-MTA", reportingMta }, { "X-Original-Message-ID", originalMessageId } };
        if (Optional(request.MessageDsn?.ArrivalDate) is { } arrival)
        {
            perMessage.Add("Arrival-Date", arrival);
        }

        status.StatusGroups.Add(perMessage);
        foreach (var r in recipients)
        {
            var group = new HeaderList { { "Final-Recipient", $"rfc822; {r.Recipient}" }, { "Action", r.Action }, { "Status", r.Status } };
            if (r.Diagnostic is not null)
            {
                group.Add("Diagnostic-Code", r.Diagnostic);
            }

            status.StatusGroups.Add(group);
        }

        var report = new MultipartReport("delivery-status") { new TextPart("plain") { Text = explanation }, status };
        var message = new MimeMessage { Subject = "Delivery Status Notification (Failure)", Date = time.GetUtcNow(), Body = report };
        message.From.Add(MailboxAddress.Parse(bounceSender));
        message.MessageId = $"{messageId}@{context.Region}.amazonses.com";

        var raw = Serialize(message);
        var envelope = Capture(context, "SendBounce", bounceSender, [], message.Subject, raw.Length, messageId) with { OriginalMessageId = originalMessageId };
        await outbox.AddAsync(envelope, raw, cancellationToken).ConfigureAwait(false);
        return new MessageIdResult(envelope.MessageId);
    }

    private static string BounceStatus(string? bounceType) => bounceType switch
    {
        "DoesNotExist" => "5.1.1",
        "MessageTooLarge" => "5.3.4",
        "ExceededQuota" => "5.2.2",
        "ContentRejected" => "5.6.1",
        "TemporaryFailure" => "4.0.0",
        _ => "5.0.0",
    };

    private SesSentMessage Capture(AwsRequestContext context, string operation, string source, IReadOnlyList<string> destinations, string? subject, long size, string? messageId = null)
    {
        if (!Configure(context, region => region.IsVerifiedSender(source)))
        {
            throw SesErrors.NotVerified(context.Region, [source]);
        }

        return new SesSentMessage(messageId ?? sending.NewMessageId(), time.GetUtcNow(), context.Region, operation, source, destinations, subject, size);
    }

    private static string Address(string value, string parameter)
    {
        if (MailboxAddress.TryParse(value, out var mailbox) && mailbox.Address.Contains('@', StringComparison.Ordinal))
        {
            return mailbox.Address;
        }

        throw SesErrors.InvalidParameterValue($"Missing final '@domain' in {parameter} address <{value}>.");
    }

    private static byte[] Serialize(MimeMessage message)
    {
        using var buffer = new MemoryStream();
        var options = FormatOptions.Default.Clone();
        options.NewLineFormat = NewLineFormat.Dos;
        message.WriteTo(options, buffer);
        return buffer.ToArray();
    }

    // ---- helpers ---------------------------------------------------------------------------------------------

    /// <summary>Runs <paramref name="change"/> on the caller's region under its lock.</summary>
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

    /// <summary>A required parameter: absent or empty is <c>MissingParameter</c>, as SES answers it.</summary>
    private static string Required(string? value, string name) => string.IsNullOrEmpty(value) ? throw SesErrors.Missing(name) : value;

    /// <summary>An optional parameter: empty reads as absent.</summary>
    private static string? Optional(string? value) => string.IsNullOrEmpty(value) ? null : value;

    /// <summary>Where a page starts: <c>NextToken</c> is the offset of the next item.</summary>
    private static int PageStart(string? nextToken)
    {
        if (Optional(nextToken) is not { } text)
        {
            return 0;
        }

        return int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var start)
            ? start
            : throw SesErrors.InvalidParameterValue($"Invalid NextToken '{text}'.");
    }

    private static string? NextToken(int start, int count, int total) =>
        start + count < total ? (start + count).ToString(CultureInfo.InvariantCulture) : null;
}
