using System.CommandLine;
using System.Globalization;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text.Json.Serialization;
using Amazon.CloudFormation;
using Amazon.CloudFormation.Model;
using Amazon.SQS.Model;
using SesMail.Cli.Alarms;
using SesMail.Cli.Hosting;
using SesMail.Cli.Mail;
using SesMail.Cli.Queues;
using SesMail.Cli.Send;
using Spectre.Console;

namespace SesMail.Cli.Status;

/// <summary>
/// <c>sesmail status</c>: one look at the whole stack — whether the emulator answers (<c>GET /_sesmail/health</c>), the
/// CloudFormation stack's name and status, whether the SMTP edge accepts connections, each function's invocations and
/// errors in the last hour (<c>AWS/Lambda</c>), the depth of every queue and DLQ (<c>ApproximateNumberOfMessages</c>),
/// the alarms in ALARM and the Gmail stand-in's message count. A part that cannot be read is reported, not fatal.
/// </summary>
/// <remarks>
/// Exit codes: 0 when everything answers and nothing needs attention; 2 when something does (listed under
/// <c>problems</c>: the stack missing or not complete, the SMTP edge not listening, an alarm in ALARM, a dead letter);
/// 1 when the emulator does not answer at all (start the AppHost). Against AWS (no endpoint) the emulator, SMTP and
/// mailbox parts are left out. See docs/OPERATIONS.md.
/// </remarks>
internal static class StatusCommand
{
    /// <summary>The JSON document of <c>sesmail status -o json</c>.</summary>
    /// <param name="Endpoint">The endpoint asked (<c>AWS {region}</c> for real AWS).</param>
    /// <param name="Emulator">The emulator's health, or <c>null</c> against AWS.</param>
    /// <param name="Stack">The CloudFormation stack, or <c>null</c> when it does not exist or could not be read.</param>
    /// <param name="Smtp">The SMTP edge, or <c>null</c> against AWS.</param>
    /// <param name="Functions">The stack's functions with their last hour.</param>
    /// <param name="Queues">Every queue and DLQ of the stack, in pipeline order.</param>
    /// <param name="Alarms">The stack's alarms by state.</param>
    /// <param name="Mailbox">The Gmail stand-in's messages, or <c>null</c> against AWS or when it could not be read.</param>
    /// <param name="Problems">What needs attention, one sentence each; empty when all is well.</param>
    internal sealed record StatusReport(
        [property: JsonPropertyName("endpoint")] string Endpoint,
        [property: JsonPropertyName("emulator")] EmulatorStatus? Emulator,
        [property: JsonPropertyName("stack")] StackStatus? Stack,
        [property: JsonPropertyName("smtp")] SmtpStatus? Smtp,
        [property: JsonPropertyName("functions")] IReadOnlyList<FunctionStatus> Functions,
        [property: JsonPropertyName("queues")] IReadOnlyList<QueueDepth> Queues,
        [property: JsonPropertyName("alarms")] AlarmCounts? Alarms,
        [property: JsonPropertyName("mailbox")] MailboxStatus? Mailbox,
        [property: JsonPropertyName("problems")] IReadOnlyList<string> Problems);

    /// <summary>The emulator's answer to <c>GET /_sesmail/health</c>.</summary>
    /// <param name="Reachable">Whether it answered.</param>
    /// <param name="Status"><c>running</c>, or what answered instead (e.g. <c>HTTP 404: not the SesMail emulator</c>).</param>
    /// <param name="Services">How many AWS services it emulates.</param>
    internal sealed record EmulatorStatus(
        [property: JsonPropertyName("reachable")] bool Reachable,
        [property: JsonPropertyName("status")] string Status,
        [property: JsonPropertyName("services")] int Services);

    /// <summary>The stack as CloudFormation's <c>DescribeStacks</c> reports it.</summary>
    /// <param name="Name">E.g. <c>ses-mail-test</c>.</param>
    /// <param name="Status">E.g. <c>CREATE_COMPLETE</c>, <c>UPDATE_ROLLBACK_COMPLETE</c>.</param>
    /// <param name="Reason">CloudFormation's <c>StackStatusReason</c>, if any.</param>
    internal sealed record StackStatus(
        [property: JsonPropertyName("name")] string Name,
        [property: JsonPropertyName("status")] string Status,
        [property: JsonPropertyName("reason")] string? Reason);

    /// <summary>The SMTP edge.</summary>
    /// <param name="Address"><c>host:port</c>.</param>
    /// <param name="Listening">Whether a TCP connection was accepted within 2 seconds.</param>
    internal sealed record SmtpStatus(
        [property: JsonPropertyName("address")] string Address,
        [property: JsonPropertyName("listening")] bool Listening);

    /// <summary>One function's last hour, from <c>AWS/Lambda</c> (per-minute sums).</summary>
    /// <param name="Name">The function name.</param>
    /// <param name="Invocations">Invocations in the last hour, or <c>null</c> when the metric could not be read.</param>
    /// <param name="Errors">Errors in the last hour, or <c>null</c>.</param>
    /// <param name="LastInvocation">The start of the last minute with an invocation (UTC), or <c>null</c> for none in the hour.</param>
    internal sealed record FunctionStatus(
        [property: JsonPropertyName("name")] string Name,
        [property: JsonPropertyName("invocations")] long? Invocations,
        [property: JsonPropertyName("errors")] long? Errors,
        [property: JsonPropertyName("lastInvocation")] DateTimeOffset? LastInvocation);

    /// <summary>One queue's depth.</summary>
    /// <param name="Role"><c>input</c>, <c>forwarder</c>, <c>retry</c>, <c>bouncer</c>.</param>
    /// <param name="Name">The queue name.</param>
    /// <param name="DeadLetter">Whether it is the role's dead-letter queue.</param>
    /// <param name="Messages"><c>ApproximateNumberOfMessages</c>, or <c>null</c> when the queue does not exist.</param>
    /// <param name="InFlight"><c>ApproximateNumberOfMessagesNotVisible</c>, or <c>null</c>.</param>
    internal sealed record QueueDepth(
        [property: JsonPropertyName("role")] string Role,
        [property: JsonPropertyName("name")] string Name,
        [property: JsonPropertyName("deadLetter")] bool DeadLetter,
        [property: JsonPropertyName("messages")] long? Messages,
        [property: JsonPropertyName("inFlight")] long? InFlight);

    /// <summary>The stack's alarms by state.</summary>
    /// <param name="Total">How many.</param>
    /// <param name="InAlarm">The names of those in ALARM.</param>
    /// <param name="InsufficientData">How many are in INSUFFICIENT_DATA.</param>
    internal sealed record AlarmCounts(
        [property: JsonPropertyName("total")] int Total,
        [property: JsonPropertyName("inAlarm")] IReadOnlyList<string> InAlarm,
        [property: JsonPropertyName("insufficientData")] int InsufficientData);

    /// <summary>The Gmail stand-in's mailboxes.</summary>
    /// <param name="Messages">Messages across every mailbox.</param>
    /// <param name="Mailboxes">How many mailboxes hold any.</param>
    internal sealed record MailboxStatus(
        [property: JsonPropertyName("messages")] int Messages,
        [property: JsonPropertyName("mailboxes")] int Mailboxes);

    public static Command Create(GlobalOptions global, CliConsole console, CliHost host)
    {
        var command = new Command(
            "status",
            "Is the local stack up? The emulator, the stack, the SMTP edge, the functions' last hour, queue depths, alarms in ALARM and the mailbox. Exits 1 when the emulator does not answer, 2 when something needs attention.");
        var smtp = SendCommand.SmtpOption();
        command.Options.Add(smtp);
        CliRun.Bind(command, global, console, async (result, run, ct) =>
        {
            var report = await ReadAsync(run, SmtpTarget.Parse(result.GetValue(smtp)), host.Clock, ct).ConfigureAwait(false);
            if (run.Json)
            {
                run.WriteJson(report, CliJsonContext.Default.StatusReport);
            }
            else
            {
                Write(run, report);
            }

            return report.Problems.Count == 0 ? 0 : 2;
        });
        return command;
    }

    /// <summary>Reads every part; only an emulator that does not answer at all throws.</summary>
    /// <exception cref="CliException">The endpoint does not answer (exit code 1, with the command that starts the stack).</exception>
    internal static async Task<StatusReport> ReadAsync(CliRun run, SmtpTarget smtpTarget, TimeProvider clock, CancellationToken ct)
    {
        var settings = run.Settings;
        var problems = new List<string>();
        EmulatorStatus? emulator = null;
        SmtpStatus? smtp = null;
        if (settings.Endpoint is { } endpoint)
        {
            emulator = await HealthAsync(endpoint, ct).ConfigureAwait(false);
            smtp = new SmtpStatus(smtpTarget.ToString(), await ListeningAsync(smtpTarget, ct).ConfigureAwait(false));
            if (!smtp.Listening)
            {
                problems.Add($"nothing accepts SMTP connections at {smtp.Address} (the runtime's SMTP edge; pass --smtp if it listens elsewhere)");
            }
        }

        var stack = await StackAsync(run.Aws.CloudFormation, settings.StackName ?? $"ses-mail-{settings.Environment}", problems, ct).ConfigureAwait(false);
        var functions = stack is null ? [] : await FunctionsAsync(run, stack.Name, clock, problems, ct).ConfigureAwait(false);

        IReadOnlyList<QueueDepth> queues = [];
        try
        {
            var names = await run.NamesAsync(ct).ConfigureAwait(false);
            queues = await Task.WhenAll(names.Queues.SelectMany(p => new[] { (p.Role, p.Queue, Dlq: false), (p.Role, p.DeadLetterQueue, Dlq: true) })
                .Select(q => DepthAsync(run, q.Role, q.Item2, q.Dlq, ct))).ConfigureAwait(false);
            foreach (var dlq in queues.Where(q => q.DeadLetter && q.Messages > 0))
            {
                problems.Add($"{dlq.Messages} message(s) in the {dlq.Role} DLQ {dlq.Name} (sesmail dlq redrive --queue {dlq.Role})");
            }

            // Mail parked in the retry queue waits for a person (a Gmail token to refresh, docs/OPERATIONS.md), as
            // sesmail queues reports it: it is not delivered until then.
            foreach (var parked in queues.Where(q => q.Role == "retry" && !q.DeadLetter && q.Messages > 0))
            {
                problems.Add($"{parked.Messages} message(s) parked in the retry queue {parked.Name}, waiting for a Gmail token (sesmail token status, then sesmail token refresh)");
            }
        }
        catch (CliException error)
        {
            problems.Add($"queues: {error.Message}");
        }

        AlarmCounts? alarms = null;
        try
        {
            var read = await AlarmsCommand.ReadAsync(run.Aws.CloudWatch, settings.Environment, all: false, ct).ConfigureAwait(false);
            alarms = new AlarmCounts(read.Count, [.. read.Where(a => a.State == "ALARM").Select(a => a.Name)], read.Count(a => a.State == "INSUFFICIENT_DATA"));
            if (alarms.InAlarm.Count > 0)
            {
                problems.Add($"{alarms.InAlarm.Count} alarm(s) in ALARM: {string.Join(", ", alarms.InAlarm)} (sesmail alarms)");
            }
        }
        catch (Amazon.Runtime.AmazonServiceException error)
        {
            problems.Add($"alarms: {error.Message}");
        }

        MailboxStatus? mailbox = null;
        if (settings.Endpoint is not null)
        {
            try
            {
                var boxes = await GmailStandInClient.For(run).MailboxesAsync(ct).ConfigureAwait(false);
                mailbox = new MailboxStatus(boxes.Sum(b => b.MessageCount), boxes.Count(b => b.MessageCount > 0));
            }
            catch (Exception error) when (error is CliException or HttpRequestException or System.Text.Json.JsonException)
            {
                problems.Add($"mailbox: {error.Message}");
            }
        }

        return new StatusReport(settings.Describe(), emulator, stack, smtp, functions, queues, alarms, mailbox, problems);
    }

    private static async Task<EmulatorStatus> HealthAsync(Uri endpoint, CancellationToken ct)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        HttpResponseMessage response;
        try
        {
            response = await http.GetAsync(new Uri(endpoint, "/_sesmail/health"), ct).ConfigureAwait(false);
        }
        catch (Exception error) when (error is HttpRequestException || (error is TaskCanceledException && !ct.IsCancellationRequested))
        {
            var endpointText = endpoint.ToString().TrimEnd('/');
            throw new CliException(
                $"the SesMail emulator does not answer at {endpointText} ({(error is TaskCanceledException ? "no answer within 5 s" : error.Message)}).",
                $"{ErrorTranslator.StartHint} (or pass --endpoint where it listens).",
                1,
                error);
        }

        using (response)
        {
            if (!response.IsSuccessStatusCode)
            {
                return new EmulatorStatus(true, $"HTTP {(int)response.StatusCode}: not the SesMail emulator", 0);
            }

            try
            {
                var body = await response.Content.ReadFromJsonAsync(CliJsonContext.Default.EmulatorHealthBody, ct).ConfigureAwait(false);
                return new EmulatorStatus(true, body?.Status ?? "running", body?.Services?.Count ?? 0);
            }
            catch (System.Text.Json.JsonException)
            {
                return new EmulatorStatus(true, "answered, but not with the SesMail emulator's health document", 0);
            }
        }
    }

    private static async Task<bool> ListeningAsync(SmtpTarget target, CancellationToken ct)
    {
        using var client = new TcpClient();
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(TimeSpan.FromSeconds(2));
        try
        {
            await client.ConnectAsync(target.Host, target.Port, timeout.Token).ConfigureAwait(false);
            return true;
        }
        catch (Exception error) when (error is SocketException || (error is OperationCanceledException && !ct.IsCancellationRequested))
        {
            return false;
        }
    }

    private static async Task<StackStatus?> StackAsync(IAmazonCloudFormation cloudFormation, string name, List<string> problems, CancellationToken ct)
    {
        try
        {
            var stack = (await cloudFormation.DescribeStacksAsync(new DescribeStacksRequest { StackName = name }, ct).ConfigureAwait(false)).Stacks.FirstOrDefault();
            if (stack is null)
            {
                problems.Add($"no stack {name}");
                return null;
            }

            var status = string.IsNullOrEmpty(stack.StackStatus) ? "UNKNOWN" : stack.StackStatus;
            if (!IsSettled(status))
            {
                problems.Add($"the stack {stack.StackName} is {status}" + (string.IsNullOrEmpty(stack.StackStatusReason) ? string.Empty : $": {stack.StackStatusReason}"));
            }

            return new StackStatus(stack.StackName, status, string.IsNullOrEmpty(stack.StackStatusReason) ? null : stack.StackStatusReason);
        }
        catch (AmazonCloudFormationException error) when (error.ErrorCode == "ValidationError")
        {
            problems.Add($"no stack {name}: {error.Message} (the runtime deploys it when it starts; is --env right?)");
            return null;
        }
    }

    /// <summary>Whether a stack status is a finished create or update that did not roll back (anything else is a problem).</summary>
    private static bool IsSettled(string status) =>
        status.EndsWith("_COMPLETE", StringComparison.Ordinal) && !status.Contains("ROLLBACK", StringComparison.Ordinal) && !status.StartsWith("DELETE", StringComparison.Ordinal);

    private static async Task<IReadOnlyList<FunctionStatus>> FunctionsAsync(CliRun run, string stackName, TimeProvider clock, List<string> problems, CancellationToken ct)
    {
        List<string> names;
        try
        {
            var resources = await run.Aws.CloudFormation.DescribeStackResourcesAsync(new DescribeStackResourcesRequest { StackName = stackName }, ct).ConfigureAwait(false);
            names = [.. resources.StackResources.Where(r => r.ResourceType == "AWS::Lambda::Function" && !string.IsNullOrEmpty(r.PhysicalResourceId))
                .Select(r => r.PhysicalResourceId!).Order(StringComparer.Ordinal)];
        }
        catch (AmazonCloudFormationException error)
        {
            problems.Add($"functions: {error.Message}");
            return [];
        }

        using var metrics = new LambdaMetrics(run.Aws.Credentials(), run.Settings.Endpoint, run.Settings.Region, clock);
        return await Task.WhenAll(names.Select(async name =>
        {
            var (invocations, last) = await metrics.LastHourAsync(name, "Invocations", ct).ConfigureAwait(false);
            var (errors, _) = await metrics.LastHourAsync(name, "Errors", ct).ConfigureAwait(false);
            return new FunctionStatus(name, invocations, errors, last);
        })).ConfigureAwait(false);
    }

    private static async Task<QueueDepth> DepthAsync(CliRun run, string role, string name, bool deadLetter, CancellationToken ct) =>
        await QueueAttributes.ReadAsync(run.Aws.Sqs, name, QueueAttributes.Counts, ct).ConfigureAwait(false) is { } queue
            ? new QueueDepth(role, name, deadLetter, queue.Visible, queue.InFlight)
            : new QueueDepth(role, name, deadLetter, null, null);

    private static void Write(CliRun run, StatusReport report)
    {
        var ansi = run.Console.Ansi;
        var grid = new Grid().AddColumn().AddColumn();
        grid.AddRow("Endpoint", Markup.Escape(report.Endpoint));
        if (report.Emulator is { } emulator)
        {
            grid.AddRow("Emulator", emulator.Status == "running" ? $"[green]running[/] ({emulator.Services} services)" : $"[yellow]{Markup.Escape(emulator.Status)}[/]");
        }

        grid.AddRow("Stack", report.Stack is { } stack
            ? $"{Markup.Escape(stack.Name)} {(IsSettled(stack.Status) ? "[green]" : "[red]")}{stack.Status}[/]"
            : "[red]missing[/]");
        if (report.Smtp is { } smtp)
        {
            grid.AddRow("SMTP edge", $"{Markup.Escape(smtp.Address)} {(smtp.Listening ? "[green]listening[/]" : "[red]not listening[/]")}");
        }

        if (report.Alarms is { } alarms)
        {
            grid.AddRow("Alarms", alarms.InAlarm.Count > 0
                ? $"[red]{alarms.InAlarm.Count} in ALARM[/]: {Markup.Escape(string.Join(", ", alarms.InAlarm))} (of {alarms.Total})"
                : $"[green]none in ALARM[/] (of {alarms.Total}; {alarms.InsufficientData} not yet evaluated: INSUFFICIENT_DATA)");
        }

        if (report.Mailbox is { } mailbox)
        {
            grid.AddRow("Mailbox", $"{Count(mailbox.Messages, "message")} in {Count(mailbox.Mailboxes, "mailbox")}");
        }

        ansi.Write(grid);
        if (report.Functions.Count > 0)
        {
            var functions = new Table().AddColumns("Function", "Invocations (1 h)", "Errors (1 h)", "Last invocation (UTC)");
            foreach (var f in report.Functions)
            {
                functions.AddRow(
                    Markup.Escape(f.Name),
                    f.Invocations?.ToString(CultureInfo.InvariantCulture) ?? "?",
                    f.Errors is > 0 ? $"[red]{f.Errors}[/]" : f.Errors?.ToString(CultureInfo.InvariantCulture) ?? "?",
                    f.LastInvocation?.UtcDateTime.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture) ?? "—");
            }

            ansi.Write(functions);
        }

        if (report.Queues.Count > 0)
        {
            var queues = new Table().AddColumns("Queue", "Name", "Messages", "In flight");
            foreach (var q in report.Queues)
            {
                queues.AddRow(
                    q.DeadLetter ? $"{q.Role} DLQ" : q.Role,
                    Markup.Escape(q.Name),
                    q.Messages is null ? "[red]missing[/]" : q.DeadLetter && q.Messages > 0 ? $"[red]{q.Messages}[/]" : q.Messages.Value.ToString(CultureInfo.InvariantCulture),
                    q.InFlight?.ToString(CultureInfo.InvariantCulture) ?? "—");
            }

            ansi.Write(queues);
        }

        foreach (var problem in report.Problems)
        {
            ansi.MarkupLine($"[yellow]![/] {Markup.Escape(problem)}");
        }
    }

    private static string Count(int n, string noun) => $"{n.ToString(CultureInfo.InvariantCulture)} {noun}{(n == 1 ? string.Empty : noun.EndsWith('x') ? "es" : "s")}";
}

/// <summary>The body of the emulator's <c>GET /_sesmail/health</c>: <c>{"status":"running","services":[…]}</c>.</summary>
/// <param name="Status">Always <c>running</c>.</param>
/// <param name="Services">The signing names of the emulated services.</param>
internal sealed record EmulatorHealthBody(
    [property: JsonPropertyName("status")] string? Status,
    [property: JsonPropertyName("services")] IReadOnlyList<string>? Services);
