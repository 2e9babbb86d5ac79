using System.Globalization;
using System.Security.Cryptography;
using System.Xml.Linq;
using MimeKit;
using SesMail.Emulator.Protocols;

namespace SesMail.Emulator.Ses;

/// <summary>
/// Amazon SES v1 (API version 2010-12-01, Query protocol, signing name <c>email</c>): sending, identities and
/// receipt rule sets (https://docs.aws.amazon.com/ses/latest/APIReference/API_Operations.html).
/// </summary>
/// <remarks>
/// Not emulated: the sandbox (recipients need no verification; the account behaves as with production access),
/// sending quotas and rates, DNS-based verification (every identity is verified at once: status <c>Success</c>),
/// configuration sets and event publishing, checks that a receipt rule's bucket, topic or function exist and grant
/// SES access (<c>InvalidS3Configuration</c> and friends are never raised), and delivery: sent mail is captured in
/// <see cref="SesOutbox"/>, never sent. SendRawEmail stores the bytes exactly as given (SES would rewrite
/// <c>Message-ID</c> and add its DKIM signature). SendBounce cannot know the original sender (the receiving edge runs
/// outside the emulator), so its capture lists no destinations and names the original message id.
/// </remarks>
internal sealed class SesProvider(SesStore store, SesOutbox outbox, TimeProvider time) : IQueryService
{
    /// <summary>SES v1's maximum message size for sending: 10 MB (https://docs.aws.amazon.com/ses/latest/dg/quotas.html).</summary>
    public const int MaxSendSize = 10 * 1024 * 1024;

    private static readonly HashSet<string> Actions = new(StringComparer.Ordinal)
    {
        "SendRawEmail", "SendEmail", "SendBounce",
        "VerifyEmailIdentity", "VerifyEmailAddress", "VerifyDomainIdentity", "DeleteIdentity", "ListIdentities",
        "GetIdentityVerificationAttributes", "GetSendQuota",
        "CreateReceiptRuleSet", "DeleteReceiptRuleSet", "DescribeReceiptRuleSet", "ListReceiptRuleSets",
        "SetActiveReceiptRuleSet", "DescribeActiveReceiptRuleSet",
        "CreateReceiptRule", "UpdateReceiptRule", "DeleteReceiptRule", "DescribeReceiptRule", "SetReceiptRulePosition",
    };

    public string SigningName => "email";

    public string XmlNamespace => "http://ses.amazonaws.com/doc/2010-12-01/";

    public bool Handles(string action) => Actions.Contains(action);

    public async ValueTask<IEnumerable<XElement>> InvokeAsync(string action, IReadOnlyDictionary<string, string> parameters, AwsRequestContext context, CancellationToken cancellationToken)
    {
        var region = store.Region(context.Region);
        return action switch
        {
            "SendRawEmail" => await SendRawEmailAsync(region, parameters, context, cancellationToken).ConfigureAwait(false),
            "SendEmail" => await SendEmailAsync(region, parameters, context, cancellationToken).ConfigureAwait(false),
            "SendBounce" => await SendBounceAsync(region, parameters, context, cancellationToken).ConfigureAwait(false),
            "GetSendQuota" => GetSendQuota(context),
            _ => Configure(action, region, parameters),
        };
    }

    private IEnumerable<XElement> Configure(string action, SesRegionState region, IReadOnlyDictionary<string, string> p)
    {
        lock (region.Gate)
        {
            return action switch
            {
                "VerifyEmailIdentity" => VerifyEmail(region, SesQuery.Required(p, "EmailAddress")),
                "VerifyEmailAddress" => VerifyEmail(region, SesQuery.Required(p, "EmailAddress")),
                "VerifyDomainIdentity" => VerifyDomainIdentity(region, SesQuery.Required(p, "Domain")),
                "DeleteIdentity" => DeleteIdentity(region, SesQuery.Required(p, "Identity")),
                "ListIdentities" => ListIdentities(region, p),
                "GetIdentityVerificationAttributes" => GetIdentityVerificationAttributes(region, p),
                "CreateReceiptRuleSet" => CreateReceiptRuleSet(region, SesQuery.Required(p, "RuleSetName")),
                "DeleteReceiptRuleSet" => DeleteReceiptRuleSet(region, SesQuery.Required(p, "RuleSetName")),
                "DescribeReceiptRuleSet" => DescribeRuleSet(region.RequireRuleSet(SesQuery.Required(p, "RuleSetName"))),
                "ListReceiptRuleSets" => ListReceiptRuleSets(region, p),
                "SetActiveReceiptRuleSet" => SetActiveReceiptRuleSet(region, SesQuery.Optional(p, "RuleSetName")),
                "DescribeActiveReceiptRuleSet" => region.ActiveRuleSet is { } active ? DescribeRuleSet(region.RuleSets[active]) : [],
                "CreateReceiptRule" => CreateReceiptRule(region, p),
                "UpdateReceiptRule" => UpdateReceiptRule(region, p),
                "DeleteReceiptRule" => DeleteReceiptRule(region, p),
                "DescribeReceiptRule" => DescribeReceiptRule(region, p),
                "SetReceiptRulePosition" => SetReceiptRulePosition(region, p),
                _ => throw AwsServiceException.Common.UnknownOperation("InvalidAction", action),
            };
        }
    }

    /// <summary>
    /// <c>GetSendQuota</c> (https://docs.aws.amazon.com/ses/latest/APIReference/API_GetSendQuota.html): the sandbox
    /// quota (200 messages a day, 1 a second; not enforced) and the recipients of messages captured in this region
    /// during the last 24 hours.
    /// </summary>
    private XElement[] GetSendQuota(AwsRequestContext context)
    {
        var since = time.GetUtcNow().AddHours(-24);
        var sent = outbox.List().Where(m => m.Region == context.Region && m.Timestamp > since).Sum(m => Math.Max(1, m.Destinations.Count));
        return
        [
            new XElement("Max24HourSend", "200.0"),
            new XElement("MaxSendRate", "1.0"),
            new XElement("SentLast24Hours", sent.ToString("0.0", System.Globalization.CultureInfo.InvariantCulture)),
        ];
    }

    // ---- identities ------------------------------------------------------------------------------------------

    private static XElement[] VerifyEmail(SesRegionState region, string address)
    {
        if (!MailboxAddress.TryParse(address, out var mailbox) || mailbox.Address != address.Trim() || !address.Contains('@', StringComparison.Ordinal))
        {
            throw SesErrors.InvalidParameterValue($"Invalid email address <{address}>.");
        }

        region.Identities[mailbox.Address] = new SesIdentity(mailbox.Address, SesIdentityType.EmailAddress, null);
        return [];
    }

    private static XElement[] VerifyDomainIdentity(SesRegionState region, string domain)
    {
        domain = domain.Trim().TrimEnd('.');
        if (domain.Length == 0 || domain.Contains('@', StringComparison.Ordinal) || domain.Any(char.IsWhiteSpace))
        {
            throw SesErrors.InvalidParameterValue($"Invalid domain name <{domain}>.");
        }

        if (!region.Identities.TryGetValue(domain, out var identity) || identity.Type != SesIdentityType.Domain)
        {
            identity = new SesIdentity(domain, SesIdentityType.Domain, Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)));
            region.Identities[domain] = identity;
        }

        return [new XElement("VerificationToken", identity.VerificationToken)];
    }

    private static XElement[] DeleteIdentity(SesRegionState region, string identity)
    {
        region.Identities.Remove(identity);
        return [];
    }

    private static XElement[] ListIdentities(SesRegionState region, IReadOnlyDictionary<string, string> p)
    {
        var typeFilter = SesQuery.Optional(p, "IdentityType");
        if (typeFilter is not (null or "EmailAddress" or "Domain"))
        {
            throw SesErrors.InvalidParameterValue($"Invalid IdentityType '{typeFilter}': use EmailAddress or Domain.");
        }

        var maxItems = ParseInt(SesQuery.Optional(p, "MaxItems"), "MaxItems", 1, 1000) ?? 1000;
        var start = ParseInt(SesQuery.Optional(p, "NextToken"), "NextToken", 0, int.MaxValue) ?? 0;
        var all = region.Identities.Values
            .Where(i => typeFilter is null || i.Type.ToString() == typeFilter)
            .Select(i => i.Name)
            .Order(StringComparer.OrdinalIgnoreCase)
            .ToList();
        var page = all.Skip(start).Take(maxItems).ToList();
        var result = new List<XElement> { new("Identities", page.Select(i => new XElement("member", i))) };
        if (start + page.Count < all.Count)
        {
            result.Add(new XElement("NextToken", (start + page.Count).ToString(CultureInfo.InvariantCulture)));
        }

        return [.. result];
    }

    private static XElement[] GetIdentityVerificationAttributes(SesRegionState region, IReadOnlyDictionary<string, string> p)
    {
        var identities = SesQuery.List(p, "Identities");
        var entries = identities
            .Select(name => region.Identities.TryGetValue(name, out var identity) ? identity : null)
            .OfType<SesIdentity>()
            .Select(identity => new XElement("entry",
                new XElement("key", identity.Name),
                new XElement("value",
                    new XElement("VerificationStatus", "Success"),
                    identity.VerificationToken is null ? null : new XElement("VerificationToken", identity.VerificationToken))));
        return [new XElement("VerificationAttributes", entries)];
    }

    // ---- receipt rule sets -----------------------------------------------------------------------------------

    private XElement[] CreateReceiptRuleSet(SesRegionState region, string name)
    {
        SesQuery.ValidateName(name, "rule set");
        if (region.RuleSets.ContainsKey(name))
        {
            throw SesErrors.RuleSetAlreadyExists(name);
        }

        if (region.RuleSets.Count >= 40)
        {
            throw SesErrors.LimitExceeded("An account can have at most 40 receipt rule sets per region.");
        }

        region.RuleSets[name] = new SesReceiptRuleSet(name, time.GetUtcNow());
        return [];
    }

    private static XElement[] DeleteReceiptRuleSet(SesRegionState region, string name)
    {
        if (region.ActiveRuleSet == name)
        {
            throw SesErrors.CannotDeleteActive(name);
        }

        region.RuleSets.Remove(name);
        return [];
    }

    private static XElement[] DescribeRuleSet(SesReceiptRuleSet set) =>
    [
        SesQuery.WriteMetadata(set, "Metadata"),
        new XElement("Rules", set.Rules.Select(r => SesQuery.WriteRule(r))),
    ];

    private static XElement[] ListReceiptRuleSets(SesRegionState region, IReadOnlyDictionary<string, string> p)
    {
        var start = ParseInt(SesQuery.Optional(p, "NextToken"), "NextToken", 0, int.MaxValue) ?? 0;
        var all = region.RuleSets.Values.OrderBy(s => s.CreatedTimestamp).ThenBy(s => s.Name, StringComparer.Ordinal).ToList();
        var page = all.Skip(start).Take(100).ToList();
        var result = new List<XElement> { new("RuleSets", page.Select(s => SesQuery.WriteMetadata(s, "member"))) };
        if (start + page.Count < all.Count)
        {
            result.Add(new XElement("NextToken", (start + page.Count).ToString(CultureInfo.InvariantCulture)));
        }

        return [.. result];
    }

    private static XElement[] SetActiveReceiptRuleSet(SesRegionState region, string? name)
    {
        if (name is not null)
        {
            region.RequireRuleSet(name);
        }

        region.ActiveRuleSet = name;
        return [];
    }

    // ---- receipt rules ---------------------------------------------------------------------------------------

    private static XElement[] CreateReceiptRule(SesRegionState region, IReadOnlyDictionary<string, string> p)
    {
        var set = region.RequireRuleSet(SesQuery.Required(p, "RuleSetName"));
        var rule = SesQuery.ReadRule(p);
        if (set.IndexOf(rule.Name) >= 0)
        {
            throw SesErrors.RuleAlreadyExists(rule.Name);
        }

        if (set.Rules.Count >= 200)
        {
            throw SesErrors.LimitExceeded("A receipt rule set can have at most 200 rules.");
        }

        var after = SesQuery.Optional(p, "After");
        var position = 0;
        if (after is not null)
        {
            var index = set.IndexOf(after);
            position = index >= 0 ? index + 1 : throw SesErrors.RuleDoesNotExist(after);
        }

        set.Rules.Insert(position, rule);
        return [];
    }

    private static XElement[] UpdateReceiptRule(SesRegionState region, IReadOnlyDictionary<string, string> p)
    {
        var set = region.RequireRuleSet(SesQuery.Required(p, "RuleSetName"));
        var rule = SesQuery.ReadRule(p);
        var index = set.IndexOf(rule.Name);
        set.Rules[index >= 0 ? index : throw SesErrors.RuleDoesNotExist(rule.Name)] = rule;
        return [];
    }

    private static XElement[] DeleteReceiptRule(SesRegionState region, IReadOnlyDictionary<string, string> p)
    {
        var set = region.RequireRuleSet(SesQuery.Required(p, "RuleSetName"));
        var name = SesQuery.Required(p, "RuleName");
        set.Rules.RemoveAll(r => r.Name == name); // SES: deleting a rule that does not exist succeeds.
        return [];
    }

    private static XElement[] DescribeReceiptRule(SesRegionState region, IReadOnlyDictionary<string, string> p)
    {
        var set = region.RequireRuleSet(SesQuery.Required(p, "RuleSetName"));
        var name = SesQuery.Required(p, "RuleName");
        var index = set.IndexOf(name);
        return [SesQuery.WriteRule(index >= 0 ? set.Rules[index] : throw SesErrors.RuleDoesNotExist(name), "Rule")];
    }

    private static XElement[] SetReceiptRulePosition(SesRegionState region, IReadOnlyDictionary<string, string> p)
    {
        var set = region.RequireRuleSet(SesQuery.Required(p, "RuleSetName"));
        var name = SesQuery.Required(p, "RuleName");
        var index = set.IndexOf(name);
        var rule = index >= 0 ? set.Rules[index] : throw SesErrors.RuleDoesNotExist(name);
        var after = SesQuery.Optional(p, "After");
        if (after is not null && set.IndexOf(after) < 0)
        {
            throw SesErrors.RuleDoesNotExist(after);
        }

        set.Rules.RemoveAt(index);
        set.Rules.Insert(after is null ? 0 : set.IndexOf(after) + 1, rule);
        return [];
    }

    // ---- sending ---------------------------------------------------------------------------------------------

    private async Task<IEnumerable<XElement>> SendRawEmailAsync(SesRegionState region, IReadOnlyDictionary<string, string> p, AwsRequestContext context, CancellationToken cancellationToken)
    {
        byte[] raw;
        try
        {
            raw = Convert.FromBase64String(SesQuery.Required(p, "RawMessage.Data"));
        }
        catch (FormatException)
        {
            throw SesErrors.InvalidParameterValue("RawMessage.Data is not valid base64.");
        }

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

        var source = SesQuery.Optional(p, "Source") is { } s
            ? Address(s, "Source")
            : message.From.Mailboxes.FirstOrDefault()?.Address ?? throw SesErrors.MessageRejected("Missing required header 'From'.");
        var destinations = SesQuery.List(p, "Destinations").Select(d => Address(d, "Destinations")).ToList();
        if (destinations.Count == 0)
        {
            destinations = [.. message.To.Mailboxes.Concat(message.Cc.Mailboxes).Concat(message.Bcc.Mailboxes).Select(m => m.Address)];
        }

        if (destinations.Count == 0)
        {
            throw SesErrors.MessageRejected("Missing final destinations: give Destinations or To, Cc or Bcc headers.");
        }

        var envelope = Capture(region, context, "SendRawEmail", source, destinations, message.Subject, raw.Length);
        await outbox.AddAsync(envelope, raw, cancellationToken).ConfigureAwait(false);
        return [new XElement("MessageId", envelope.MessageId)];
    }

    private async Task<IEnumerable<XElement>> SendEmailAsync(SesRegionState region, IReadOnlyDictionary<string, string> p, AwsRequestContext context, CancellationToken cancellationToken)
    {
        var source = SesQuery.Required(p, "Source");
        var sourceAddress = Address(source, "Source");
        var to = SesQuery.List(p, "Destination.ToAddresses");
        var cc = SesQuery.List(p, "Destination.CcAddresses");
        var bcc = SesQuery.List(p, "Destination.BccAddresses");
        var destinations = to.Concat(cc).Concat(bcc).Select(d => Address(d, "Destination")).ToList();
        if (destinations.Count == 0)
        {
            throw SesErrors.Missing("Destination.ToAddresses");
        }

        var text = SesQuery.Optional(p, "Message.Body.Text.Data");
        var html = SesQuery.Optional(p, "Message.Body.Html.Data");
        if (text is null && html is null)
        {
            throw SesErrors.Missing("Message.Body");
        }

        var messageId = NewMessageId();
        var message = new MimeMessage { Subject = SesQuery.Required(p, "Message.Subject.Data"), Date = time.GetUtcNow() };
        message.From.Add(MailboxAddress.Parse(source));
        message.To.AddRange(to.Select(MailboxAddress.Parse));
        message.Cc.AddRange(cc.Select(MailboxAddress.Parse));
        message.ReplyTo.AddRange(SesQuery.List(p, "ReplyToAddresses").Select(MailboxAddress.Parse));
        message.MessageId = $"{messageId}@{context.Region}.amazonses.com";
        var builder = new BodyBuilder { TextBody = text, HtmlBody = html };
        message.Body = builder.ToMessageBody();

        var raw = Serialize(message);
        var envelope = Capture(region, context, "SendEmail", sourceAddress, destinations, message.Subject, raw.Length, messageId);
        await outbox.AddAsync(envelope, raw, cancellationToken).ConfigureAwait(false);
        return [new XElement("MessageId", envelope.MessageId)];
    }

    private async Task<IEnumerable<XElement>> SendBounceAsync(SesRegionState region, IReadOnlyDictionary<string, string> p, AwsRequestContext context, CancellationToken cancellationToken)
    {
        var originalMessageId = SesQuery.Required(p, "OriginalMessageId");
        var bounceSender = Address(SesQuery.Required(p, "BounceSender"), "BounceSender");
        var reportingMta = SesQuery.Required(p, "MessageDsn.ReportingMta");
        var recipients = new List<(string Recipient, string? BounceType, string Status, string Action, string? Diagnostic)>();
        for (var i = 1; SesQuery.Optional(p, $"BouncedRecipientInfoList.member.{i}.Recipient") is { } recipient; i++)
        {
            var head = $"BouncedRecipientInfoList.member.{i}.";
            var bounceType = SesQuery.Optional(p, head + "BounceType");
            var dsn = head + "RecipientDsnFields.";
            recipients.Add((
                recipient,
                bounceType,
                SesQuery.Optional(p, dsn + "Status") ?? BounceStatus(bounceType),
                SesQuery.Optional(p, dsn + "Action") ?? "failed",
                SesQuery.Optional(p, dsn + "DiagnosticCode")));
        }

        if (recipients.Count == 0)
        {
            throw SesErrors.Missing("BouncedRecipientInfoList");
        }

        var messageId = NewMessageId();
        var explanation = SesQuery.Optional(p, "Explanation") ?? "Your message could not be delivered.";
        var status = new MessageDeliveryStatus();
        var perMessage = new HeaderList { { "Reporting-MTA", reportingMta }, { "X-Original-Message-ID", originalMessageId } };
        if (SesQuery.Optional(p, "MessageDsn.ArrivalDate") is { } arrival)
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
        var envelope = Capture(region, context, "SendBounce", bounceSender, [], message.Subject, raw.Length, messageId) with { OriginalMessageId = originalMessageId };
        await outbox.AddAsync(envelope, raw, cancellationToken).ConfigureAwait(false);
        return [new XElement("MessageId", envelope.MessageId)];
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

    private SesSentMessage Capture(SesRegionState region, AwsRequestContext context, string operation, string source, IReadOnlyList<string> destinations, string? subject, long size, string? messageId = null)
    {
        lock (region.Gate)
        {
            if (!region.IsVerifiedSender(source))
            {
                throw SesErrors.NotVerified(context.Region, [source]);
            }
        }

        return new SesSentMessage(messageId ?? NewMessageId(), time.GetUtcNow(), context.Region, operation, source, destinations, subject, size);
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

    /// <summary>An SES sending message id: 16 hex digits, a UUID and <c>-000000</c>, like <c>010001…-…-000000</c>.</summary>
    private string NewMessageId()
    {
        var millis = time.GetUtcNow().ToUnixTimeMilliseconds();
        return string.Create(CultureInfo.InvariantCulture, $"0100{millis:x12}-{Guid.NewGuid()}-000000");
    }

    private static int? ParseInt(string? value, string name, int min, int max)
    {
        if (value is null)
        {
            return null;
        }

        return int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var parsed) && parsed >= min && parsed <= max
            ? parsed
            : throw SesErrors.InvalidParameterValue($"Invalid {name} '{value}'.");
    }
}
