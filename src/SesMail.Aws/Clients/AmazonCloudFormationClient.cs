// The smallest AWS CloudFormation client this project needs, on AWSSDK.Core's signer, named as AWSSDK.CloudFormation
// names it (that package is not on this project's feed). Swapping in the official package means deleting this file.
// Wire format: AWS Query, version 2010-05-15 — https://docs.aws.amazon.com/AWSCloudFormation/latest/APIReference/Welcome.html
#pragma warning disable CA1002, CA2227 // shapes mirror the official SDK (List<T> members)
using System.Net;
using Amazon.CloudFormation.Model;
using Amazon.Runtime;
using SesMail.Aws.Clients;

namespace Amazon.CloudFormation
{
    /// <summary>Settings of <see cref="AmazonCloudFormationClient"/> (endpoint prefix <c>cloudformation</c>).</summary>
    public sealed class AmazonCloudFormationConfig : AwsClientConfig;

    /// <summary>
    /// A CloudFormation error; <see cref="AmazonServiceException.ErrorCode"/> carries CloudFormation's code (e.g.
    /// <c>ValidationError</c>, which DescribeStacks answers for a stack that does not exist).
    /// </summary>
    public class AmazonCloudFormationException : AmazonServiceException
    {
        /// <summary>Creates the exception.</summary>
        /// <param name="message">The service's message, e.g. <c>Stack with id ses-mail-prod does not exist</c>.</param>
        /// <param name="errorCode">The service's error code.</param>
        /// <param name="requestId">The request id.</param>
        /// <param name="statusCode">The HTTP status.</param>
        public AmazonCloudFormationException(string message, string errorCode, string requestId, HttpStatusCode statusCode)
            : base(message, (int)statusCode >= 500 ? ErrorType.Receiver : ErrorType.Sender, errorCode, requestId, statusCode)
        {
        }
    }

    /// <summary>The CloudFormation operations SesMail uses.</summary>
    public interface IAmazonCloudFormation : IDisposable
    {
        /// <summary>DescribeStacks: https://docs.aws.amazon.com/AWSCloudFormation/latest/APIReference/API_DescribeStacks.html</summary>
        /// <param name="request">The request (a stack name or id).</param>
        /// <param name="cancellationToken">Cancels the call.</param>
        /// <returns>The stacks with their status and outputs.</returns>
        /// <exception cref="AmazonCloudFormationException"><c>ValidationError</c>: no such stack.</exception>
        Task<DescribeStacksResponse> DescribeStacksAsync(DescribeStacksRequest request, CancellationToken cancellationToken = default);
    }

    /// <summary>AWS CloudFormation over the Query protocol. Errors throw <see cref="AmazonCloudFormationException"/>.</summary>
    public sealed class AmazonCloudFormationClient : IAmazonCloudFormation
    {
        private const string Version = "2010-05-15";
        private readonly AwsProtocolClient _client;

        /// <summary>Creates a client.</summary>
        /// <param name="credentials">Credentials, or <c>null</c> for the default chain.</param>
        /// <param name="config">Endpoint and region.</param>
        public AmazonCloudFormationClient(AWSCredentials? credentials, AmazonCloudFormationConfig config)
            : this(credentials, config, null)
        {
        }

        internal AmazonCloudFormationClient(AWSCredentials? credentials, AmazonCloudFormationConfig config, HttpMessageHandler? handler) =>
            _client = new AwsProtocolClient("cloudformation", "cloudformation", credentials, config, handler, (m, c, r, s) => new AmazonCloudFormationException(m, c, r, s));

        /// <inheritdoc />
        public async Task<DescribeStacksResponse> DescribeStacksAsync(DescribeStacksRequest request, CancellationToken cancellationToken = default)
        {
            ArgumentNullException.ThrowIfNull(request);
            var p = new List<KeyValuePair<string, string>>();
            p.AddIfSet("StackName", request.StackName);
            p.AddIfSet("NextToken", request.NextToken);
            var result = await _client.QueryAsync("DescribeStacks", Version, p, cancellationToken).ConfigureAwait(false);
            return new DescribeStacksResponse
            {
                Stacks = result.Element("Stacks")?.Elements("member").Select(s => new Stack
                {
                    StackName = s.Text("StackName") ?? string.Empty,
                    StackId = s.Text("StackId") ?? string.Empty,
                    StackStatus = s.Text("StackStatus") ?? string.Empty,
                    Outputs = s.Element("Outputs")?.Elements("member").Select(o => new Output
                    {
                        OutputKey = o.Text("OutputKey") ?? string.Empty,
                        OutputValue = o.Text("OutputValue") ?? string.Empty,
                        Description = o.Text("Description"),
                        ExportName = o.Text("ExportName"),
                    }).ToList() ?? [],
                }).ToList() ?? [],
                NextToken = result.Text("NextToken"),
            };
        }

        /// <inheritdoc />
        public void Dispose() => _client.Dispose();
    }
}

namespace Amazon.CloudFormation.Model
{
    /// <summary>DescribeStacks input.</summary>
    public sealed class DescribeStacksRequest
    {
        /// <summary>The stack name or id; <c>null</c> for every stack.</summary>
        public string? StackName { get; set; }

        /// <summary>The token of the next page.</summary>
        public string? NextToken { get; set; }
    }

    /// <summary>DescribeStacks output.</summary>
    public sealed class DescribeStacksResponse
    {
        /// <summary>The stacks.</summary>
        public List<Stack> Stacks { get; set; } = [];

        /// <summary>The token of the next page, or <c>null</c>.</summary>
        public string? NextToken { get; set; }
    }

    /// <summary>One stack (the members SesMail reads).</summary>
    public sealed class Stack
    {
        /// <summary>The stack name.</summary>
        public string StackName { get; set; } = string.Empty;

        /// <summary>The stack id (an ARN).</summary>
        public string StackId { get; set; } = string.Empty;

        /// <summary>The status, e.g. <c>CREATE_COMPLETE</c>, <c>UPDATE_COMPLETE</c>.</summary>
        public string StackStatus { get; set; } = string.Empty;

        /// <summary>The template's outputs, evaluated.</summary>
        public List<Output> Outputs { get; set; } = [];
    }

    /// <summary>One stack output.</summary>
    public sealed class Output
    {
        /// <summary>The output's logical name, e.g. <c>RoutingTableName</c>.</summary>
        public string OutputKey { get; set; } = string.Empty;

        /// <summary>The evaluated value.</summary>
        public string OutputValue { get; set; } = string.Empty;

        /// <summary>The output's description, if any.</summary>
        public string? Description { get; set; }

        /// <summary>The export name, if the output is exported.</summary>
        public string? ExportName { get; set; }
    }
}
