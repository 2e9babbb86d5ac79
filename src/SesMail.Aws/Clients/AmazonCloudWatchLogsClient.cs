// The smallest Amazon CloudWatch Logs client this project needs, on AWSSDK.Core's signer, named as AWSSDK.CloudWatchLogs
// names it (that package is not on this project's feed). Swapping in the official package means deleting this file.
// Wire format: AWS JSON 1.1, X-Amz-Target Logs_20140328.* — https://docs.aws.amazon.com/AmazonCloudWatchLogs/latest/APIReference/Welcome.html
#pragma warning disable CA1002, CA2227 // shapes mirror the official SDK (List<T> members)
using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using Amazon.CloudWatchLogs.Model;
using Amazon.Runtime;
using SesMail.Aws.Clients;

namespace Amazon.CloudWatchLogs
{
    /// <summary>Settings of <see cref="AmazonCloudWatchLogsClient"/> (endpoint prefix <c>logs</c>).</summary>
    public sealed class AmazonCloudWatchLogsConfig : AwsClientConfig;

    /// <summary>A CloudWatch Logs error; <see cref="AmazonServiceException.ErrorCode"/> carries its code (e.g. <c>ResourceAlreadyExistsException</c>).</summary>
    public class AmazonCloudWatchLogsException : AmazonServiceException
    {
        /// <summary>Creates the exception.</summary>
        /// <param name="message">The service's message.</param>
        /// <param name="errorCode">The service's error code.</param>
        /// <param name="requestId">The request id.</param>
        /// <param name="statusCode">The HTTP status.</param>
        public AmazonCloudWatchLogsException(string message, string errorCode, string requestId, HttpStatusCode statusCode)
            : base(message, (int)statusCode >= 500 ? ErrorType.Receiver : ErrorType.Sender, errorCode, requestId, statusCode)
        {
        }
    }

    /// <summary>The CloudWatch Logs operations SesMail uses.</summary>
    public interface IAmazonCloudWatchLogs : IDisposable
    {
        /// <summary>CreateLogGroup: https://docs.aws.amazon.com/AmazonCloudWatchLogs/latest/APIReference/API_CreateLogGroup.html</summary>
        /// <param name="request">The group's name.</param>
        /// <param name="cancellationToken">Cancels the call.</param>
        /// <returns>An empty response.</returns>
        /// <exception cref="AmazonCloudWatchLogsException"><c>ResourceAlreadyExistsException</c> when it exists.</exception>
        Task<CreateLogGroupResponse> CreateLogGroupAsync(CreateLogGroupRequest request, CancellationToken cancellationToken = default);

        /// <summary>PutRetentionPolicy: https://docs.aws.amazon.com/AmazonCloudWatchLogs/latest/APIReference/API_PutRetentionPolicy.html</summary>
        /// <param name="request">The group and the days to keep events.</param>
        /// <param name="cancellationToken">Cancels the call.</param>
        /// <returns>An empty response.</returns>
        Task<PutRetentionPolicyResponse> PutRetentionPolicyAsync(PutRetentionPolicyRequest request, CancellationToken cancellationToken = default);

        /// <summary>DescribeLogGroups, one page: https://docs.aws.amazon.com/AmazonCloudWatchLogs/latest/APIReference/API_DescribeLogGroups.html</summary>
        /// <param name="request">The name prefix and the page token.</param>
        /// <param name="cancellationToken">Cancels the call.</param>
        /// <returns>The groups with their retention.</returns>
        Task<DescribeLogGroupsResponse> DescribeLogGroupsAsync(DescribeLogGroupsRequest request, CancellationToken cancellationToken = default);
    }

    /// <summary>The JSON 1.1 CloudWatch Logs client (signing name <c>logs</c>).</summary>
    public sealed class AmazonCloudWatchLogsClient : IAmazonCloudWatchLogs
    {
        private readonly AwsProtocolClient _client;

        /// <summary>Creates a client.</summary>
        /// <param name="credentials">Credentials, or <c>null</c> for the default chain.</param>
        /// <param name="config">Endpoint and region.</param>
        public AmazonCloudWatchLogsClient(AWSCredentials? credentials, AmazonCloudWatchLogsConfig config) =>
            _client = new AwsProtocolClient("logs", "logs", credentials, config, null, (m, c, r, s) => new AmazonCloudWatchLogsException(m, c, r, s));

        /// <inheritdoc />
        public async Task<CreateLogGroupResponse> CreateLogGroupAsync(CreateLogGroupRequest request, CancellationToken cancellationToken = default)
        {
            await _client.JsonAsync("Logs_20140328.CreateLogGroup", "1.1", new JsonObject { ["logGroupName"] = request.LogGroupName }.ToJsonString(), cancellationToken).ConfigureAwait(false);
            return new CreateLogGroupResponse();
        }

        /// <inheritdoc />
        public async Task<PutRetentionPolicyResponse> PutRetentionPolicyAsync(PutRetentionPolicyRequest request, CancellationToken cancellationToken = default)
        {
            await _client.JsonAsync("Logs_20140328.PutRetentionPolicy", "1.1",
                new JsonObject { ["logGroupName"] = request.LogGroupName, ["retentionInDays"] = request.RetentionInDays }.ToJsonString(), cancellationToken).ConfigureAwait(false);
            return new PutRetentionPolicyResponse();
        }

        /// <inheritdoc />
        public async Task<DescribeLogGroupsResponse> DescribeLogGroupsAsync(DescribeLogGroupsRequest request, CancellationToken cancellationToken = default)
        {
            var body = new JsonObject();
            if (request.LogGroupNamePrefix is { } prefix)
            {
                body["logGroupNamePrefix"] = prefix;
            }

            if (request.NextToken is { } token)
            {
                body["nextToken"] = token;
            }

            var text = await _client.JsonAsync("Logs_20140328.DescribeLogGroups", "1.1", body.ToJsonString(), cancellationToken).ConfigureAwait(false);
            using var document = JsonDocument.Parse(text);
            var root = document.RootElement;
            return new DescribeLogGroupsResponse
            {
                LogGroups = root.TryGetProperty("logGroups", out var groups)
                    ? [.. groups.EnumerateArray().Select(g => new LogGroup
                    {
                        LogGroupName = g.GetProperty("logGroupName").GetString() ?? string.Empty,
                        RetentionInDays = g.TryGetProperty("retentionInDays", out var days) ? days.GetInt32() : null,
                        Arn = g.TryGetProperty("arn", out var arn) ? arn.GetString() : null,
                    })]
                    : [],
                NextToken = root.TryGetProperty("nextToken", out var next) ? next.GetString() : null,
            };
        }

        /// <inheritdoc />
        public void Dispose() => _client.Dispose();
    }
}

namespace Amazon.CloudWatchLogs.Model
{
    /// <summary>Input of CreateLogGroup.</summary>
    public sealed class CreateLogGroupRequest
    {
        /// <summary>The group's name, e.g. <c>/aws/lambda/ses-mail-router-enrichment-test</c>.</summary>
        public string LogGroupName { get; set; } = string.Empty;
    }

    /// <summary>Output of CreateLogGroup (empty).</summary>
    public sealed class CreateLogGroupResponse;

    /// <summary>Input of PutRetentionPolicy.</summary>
    public sealed class PutRetentionPolicyRequest
    {
        /// <summary>The group's name.</summary>
        public string LogGroupName { get; set; } = string.Empty;

        /// <summary>Days to keep events: 1, 3, 5, 7, 14, 30, 60, 90, … 3653.</summary>
        public int RetentionInDays { get; set; }
    }

    /// <summary>Output of PutRetentionPolicy (empty).</summary>
    public sealed class PutRetentionPolicyResponse;

    /// <summary>Input of DescribeLogGroups.</summary>
    public sealed class DescribeLogGroupsRequest
    {
        /// <summary>Only groups whose name starts with this.</summary>
        public string? LogGroupNamePrefix { get; set; }

        /// <summary>The token of the next page.</summary>
        public string? NextToken { get; set; }
    }

    /// <summary>Output of DescribeLogGroups.</summary>
    public sealed class DescribeLogGroupsResponse
    {
        /// <summary>The groups of this page.</summary>
        public List<LogGroup> LogGroups { get; set; } = [];

        /// <summary>The token of the next page, or <c>null</c>.</summary>
        public string? NextToken { get; set; }
    }

    /// <summary>A log group.</summary>
    public sealed class LogGroup
    {
        /// <summary>The name.</summary>
        public string LogGroupName { get; set; } = string.Empty;

        /// <summary>Days events are kept, or <c>null</c> for ever.</summary>
        public int? RetentionInDays { get; set; }

        /// <summary>The ARN (ending <c>:*</c>).</summary>
        public string? Arn { get; set; }
    }
}
