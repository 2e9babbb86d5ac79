using System.Text.Json.Serialization;
using SesMail.Cli.Deploy;
using SesMail.Cli.Load;
using SesMail.Cli.Mail;
using SesMail.Cli.Queues;
using SesMail.Cli.Rules;
using SesMail.Cli.Send;
using SesMail.Cli.Token;

namespace SesMail.Cli.Hosting;

/// <summary>Every JSON shape the CLI reads or writes.</summary>
[JsonSourceGenerationOptions(WriteIndented = true, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(RoutingRule))]
[JsonSerializable(typeof(IReadOnlyList<RoutingRule>))]
[JsonSerializable(typeof(SendResult))]
[JsonSerializable(typeof(IReadOnlyList<MailboxSummary>))]
[JsonSerializable(typeof(IReadOnlyList<StoredMessage>))]
[JsonSerializable(typeof(StoredMessage))]
[JsonSerializable(typeof(MailPage))]
[JsonSerializable(typeof(IReadOnlyList<QueueStatus>))]
[JsonSerializable(typeof(RedriveResult))]
[JsonSerializable(typeof(LoadReport))]
[JsonSerializable(typeof(LoadComparison))]
[JsonSerializable(typeof(RuleTestReport))]
[JsonSerializable(typeof(RulesMigrated))]
[JsonSerializable(typeof(TokenStatus))]
[JsonSerializable(typeof(ClientStored))]
[JsonSerializable(typeof(TokenRefreshed))]
[JsonSerializable(typeof(DeployResult))]
[JsonSerializable(typeof(PackageResult))]
[JsonSerializable(typeof(DestroyResult))]
[JsonSerializable(typeof(IReadOnlyList<SesMail.Cli.Alarms.AlarmSummary>))]
[JsonSerializable(typeof(SesMail.Cli.Status.StatusCommand.StatusReport))]
[JsonSerializable(typeof(SesMail.Cli.Status.EmulatorHealthBody))]
[JsonSerializable(typeof(SesMail.Cli.SmtpUsers.SmtpUserView))]
[JsonSerializable(typeof(IReadOnlyList<SesMail.Cli.SmtpUsers.SmtpUserView>))]
[JsonSerializable(typeof(SesMail.Cli.SmtpUsers.LocalSmtpEndpoint))]
[JsonSerializable(typeof(SesMail.Functions.SmtpCredentials.SmtpCredentialsPayload))]
[JsonSerializable(typeof(IReadOnlyList<SesMail.Cli.Trace.TraceView>))]
internal sealed partial class CliJsonContext : JsonSerializerContext;
