// The smallest AWS CloudFormation client this project needs, on AWSSDK.Core's signer, named as AWSSDK.CloudFormation
// names it (that package is not on this project's feed). Swapping in the official package means deleting this file.
// Wire format: AWS Query, version 2010-05-15, signing name "cloudformation" —
// https://docs.aws.amazon.com/AWSCloudFormation/latest/APIReference/Welcome.html
#pragma warning disable CA1002, CA2227 // shapes mirror the official SDK (List<T> members)
using System.Globalization;
using System.Net;
using System.Xml.Linq;
using Amazon.CloudFormation.Model;
using Amazon.Runtime;
using SesMail.Aws.Clients;

namespace Amazon.CloudFormation
{
    /// <summary>Settings of <see cref="AmazonCloudFormationClient"/> (endpoint prefix <c>cloudformation</c>).</summary>
    public sealed class AmazonCloudFormationConfig : AwsClientConfig;

    /// <summary>
    /// A CloudFormation error; <see cref="AmazonServiceException.ErrorCode"/> carries CloudFormation's code
    /// (<c>ValidationError</c>, <c>AlreadyExistsException</c>, <c>ChangeSetNotFound</c>, <c>InsufficientCapabilitiesException</c>…).
    /// </summary>
    public class AmazonCloudFormationException : AmazonServiceException
    {
        /// <summary>Creates the exception.</summary>
        /// <param name="message">The service's message.</param>
        /// <param name="errorCode">The service's error code.</param>
        /// <param name="requestId">The request id.</param>
        /// <param name="statusCode">The HTTP status.</param>
        public AmazonCloudFormationException(string message, string errorCode, string requestId, HttpStatusCode statusCode)
            : base(message, (int)statusCode >= 500 ? ErrorType.Receiver : ErrorType.Sender, errorCode, requestId, statusCode)
        {
        }
    }

    /// <summary>The CloudFormation operations SesMail uses: stacks, change sets, events, resources and templates.</summary>
    public interface IAmazonCloudFormation : IDisposable
    {
        /// <summary>ValidateTemplate: https://docs.aws.amazon.com/AWSCloudFormation/latest/APIReference/API_ValidateTemplate.html</summary>
        /// <param name="request">The request.</param>
        /// <param name="cancellationToken">Cancels the call.</param>
        /// <returns>The template's parameters, description and required capabilities.</returns>
        Task<ValidateTemplateResponse> ValidateTemplateAsync(ValidateTemplateRequest request, CancellationToken cancellationToken = default);

        /// <summary>CreateStack (asynchronous: the stack starts in <c>CREATE_IN_PROGRESS</c>): https://docs.aws.amazon.com/AWSCloudFormation/latest/APIReference/API_CreateStack.html</summary>
        /// <param name="request">The request.</param>
        /// <param name="cancellationToken">Cancels the call.</param>
        /// <returns>The stack id.</returns>
        Task<CreateStackResponse> CreateStackAsync(CreateStackRequest request, CancellationToken cancellationToken = default);

        /// <summary>UpdateStack: https://docs.aws.amazon.com/AWSCloudFormation/latest/APIReference/API_UpdateStack.html</summary>
        /// <param name="request">The request.</param>
        /// <param name="cancellationToken">Cancels the call.</param>
        /// <returns>The stack id.</returns>
        Task<UpdateStackResponse> UpdateStackAsync(UpdateStackRequest request, CancellationToken cancellationToken = default);

        /// <summary>DeleteStack: https://docs.aws.amazon.com/AWSCloudFormation/latest/APIReference/API_DeleteStack.html</summary>
        /// <param name="request">The request.</param>
        /// <param name="cancellationToken">Cancels the call.</param>
        /// <returns>An empty response.</returns>
        Task<DeleteStackResponse> DeleteStackAsync(DeleteStackRequest request, CancellationToken cancellationToken = default);

        /// <summary>DescribeStacks: https://docs.aws.amazon.com/AWSCloudFormation/latest/APIReference/API_DescribeStacks.html</summary>
        /// <param name="request">The request.</param>
        /// <param name="cancellationToken">Cancels the call.</param>
        /// <returns>The stacks with status, parameters and outputs.</returns>
        Task<DescribeStacksResponse> DescribeStacksAsync(DescribeStacksRequest request, CancellationToken cancellationToken = default);

        /// <summary>DescribeStackEvents (newest first): https://docs.aws.amazon.com/AWSCloudFormation/latest/APIReference/API_DescribeStackEvents.html</summary>
        /// <param name="request">The request.</param>
        /// <param name="cancellationToken">Cancels the call.</param>
        /// <returns>One page of events.</returns>
        Task<DescribeStackEventsResponse> DescribeStackEventsAsync(DescribeStackEventsRequest request, CancellationToken cancellationToken = default);

        /// <summary>DescribeStackResources: https://docs.aws.amazon.com/AWSCloudFormation/latest/APIReference/API_DescribeStackResources.html</summary>
        /// <param name="request">The request.</param>
        /// <param name="cancellationToken">Cancels the call.</param>
        /// <returns>The stack's resources.</returns>
        Task<DescribeStackResourcesResponse> DescribeStackResourcesAsync(DescribeStackResourcesRequest request, CancellationToken cancellationToken = default);

        /// <summary>DescribeStackResource: https://docs.aws.amazon.com/AWSCloudFormation/latest/APIReference/API_DescribeStackResource.html</summary>
        /// <param name="request">The request.</param>
        /// <param name="cancellationToken">Cancels the call.</param>
        /// <returns>One resource.</returns>
        Task<DescribeStackResourceResponse> DescribeStackResourceAsync(DescribeStackResourceRequest request, CancellationToken cancellationToken = default);

        /// <summary>ListStackResources: https://docs.aws.amazon.com/AWSCloudFormation/latest/APIReference/API_ListStackResources.html</summary>
        /// <param name="request">The request.</param>
        /// <param name="cancellationToken">Cancels the call.</param>
        /// <returns>One page of resource summaries.</returns>
        Task<ListStackResourcesResponse> ListStackResourcesAsync(ListStackResourcesRequest request, CancellationToken cancellationToken = default);

        /// <summary>ListStacks (deleted stacks included for 90 days): https://docs.aws.amazon.com/AWSCloudFormation/latest/APIReference/API_ListStacks.html</summary>
        /// <param name="request">The request.</param>
        /// <param name="cancellationToken">Cancels the call.</param>
        /// <returns>One page of stack summaries.</returns>
        Task<ListStacksResponse> ListStacksAsync(ListStacksRequest request, CancellationToken cancellationToken = default);

        /// <summary>CreateChangeSet: https://docs.aws.amazon.com/AWSCloudFormation/latest/APIReference/API_CreateChangeSet.html</summary>
        /// <param name="request">The request.</param>
        /// <param name="cancellationToken">Cancels the call.</param>
        /// <returns>The change set id and stack id.</returns>
        Task<CreateChangeSetResponse> CreateChangeSetAsync(CreateChangeSetRequest request, CancellationToken cancellationToken = default);

        /// <summary>DescribeChangeSet: https://docs.aws.amazon.com/AWSCloudFormation/latest/APIReference/API_DescribeChangeSet.html</summary>
        /// <param name="request">The request.</param>
        /// <param name="cancellationToken">Cancels the call.</param>
        /// <returns>The change set's status and changes.</returns>
        Task<DescribeChangeSetResponse> DescribeChangeSetAsync(DescribeChangeSetRequest request, CancellationToken cancellationToken = default);

        /// <summary>ExecuteChangeSet: https://docs.aws.amazon.com/AWSCloudFormation/latest/APIReference/API_ExecuteChangeSet.html</summary>
        /// <param name="request">The request.</param>
        /// <param name="cancellationToken">Cancels the call.</param>
        /// <returns>An empty response.</returns>
        Task<ExecuteChangeSetResponse> ExecuteChangeSetAsync(ExecuteChangeSetRequest request, CancellationToken cancellationToken = default);

        /// <summary>DeleteChangeSet: https://docs.aws.amazon.com/AWSCloudFormation/latest/APIReference/API_DeleteChangeSet.html</summary>
        /// <param name="request">The request.</param>
        /// <param name="cancellationToken">Cancels the call.</param>
        /// <returns>An empty response.</returns>
        Task<DeleteChangeSetResponse> DeleteChangeSetAsync(DeleteChangeSetRequest request, CancellationToken cancellationToken = default);

        /// <summary>ListChangeSets: https://docs.aws.amazon.com/AWSCloudFormation/latest/APIReference/API_ListChangeSets.html</summary>
        /// <param name="request">The request.</param>
        /// <param name="cancellationToken">Cancels the call.</param>
        /// <returns>One page of change set summaries.</returns>
        Task<ListChangeSetsResponse> ListChangeSetsAsync(ListChangeSetsRequest request, CancellationToken cancellationToken = default);

        /// <summary>GetTemplate: https://docs.aws.amazon.com/AWSCloudFormation/latest/APIReference/API_GetTemplate.html</summary>
        /// <param name="request">The request.</param>
        /// <param name="cancellationToken">Cancels the call.</param>
        /// <returns>The template body as submitted.</returns>
        Task<GetTemplateResponse> GetTemplateAsync(GetTemplateRequest request, CancellationToken cancellationToken = default);

        /// <summary>GetTemplateSummary: https://docs.aws.amazon.com/AWSCloudFormation/latest/APIReference/API_GetTemplateSummary.html</summary>
        /// <param name="request">The request.</param>
        /// <param name="cancellationToken">Cancels the call.</param>
        /// <returns>The template's parameters, resource types and capabilities.</returns>
        Task<GetTemplateSummaryResponse> GetTemplateSummaryAsync(GetTemplateSummaryRequest request, CancellationToken cancellationToken = default);
    }

    /// <summary>AWS CloudFormation over the Query protocol. Errors throw <see cref="AmazonCloudFormationException"/>.</summary>
    public sealed class AmazonCloudFormationClient : IAmazonCloudFormation
    {
        private const string Version = "2010-05-15";
        private readonly AwsProtocolClient _client;

        /// <summary>Creates a client with the default credential chain and the environment's endpoint and region.</summary>
        public AmazonCloudFormationClient()
            : this(null, new AmazonCloudFormationConfig())
        {
        }

        /// <summary>Creates a client with the default credential chain.</summary>
        /// <param name="config">Endpoint and region.</param>
        public AmazonCloudFormationClient(AmazonCloudFormationConfig config)
            : this(null, config)
        {
        }

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
        public async Task<ValidateTemplateResponse> ValidateTemplateAsync(ValidateTemplateRequest request, CancellationToken cancellationToken = default)
        {
            var p = new List<KeyValuePair<string, string>>();
            p.AddIfSet("TemplateBody", request.TemplateBody);
            p.AddIfSet("TemplateURL", request.TemplateURL);
            var result = await _client.QueryAsync("ValidateTemplate", Version, p, cancellationToken).ConfigureAwait(false);
            return new ValidateTemplateResponse
            {
                Description = result.Text("Description"),
                Capabilities = result.Members("Capabilities"),
                CapabilitiesReason = result.Text("CapabilitiesReason"),
                Parameters = Items(result, "Parameters").Select(e => new TemplateParameter
                {
                    ParameterKey = e.Text("ParameterKey") ?? string.Empty,
                    DefaultValue = e.Text("DefaultValue"),
                    NoEcho = e.Flag("NoEcho"),
                    Description = e.Text("Description"),
                }).ToList(),
            };
        }

        /// <inheritdoc />
        public async Task<CreateStackResponse> CreateStackAsync(CreateStackRequest request, CancellationToken cancellationToken = default)
        {
            var p = new List<KeyValuePair<string, string>> { new("StackName", request.StackName) };
            p.AddIfSet("TemplateBody", request.TemplateBody);
            p.AddIfSet("TemplateURL", request.TemplateURL);
            AddParameters(p, request.Parameters);
            p.AddMembers("Capabilities", request.Capabilities);
            AddTags(p, request.Tags);
            p.AddIfSet("DisableRollback", request.DisableRollback);
            p.AddIfSet("OnFailure", request.OnFailure);
            p.AddIfSet("ClientRequestToken", request.ClientRequestToken);
            var result = await _client.QueryAsync("CreateStack", Version, p, cancellationToken).ConfigureAwait(false);
            return new CreateStackResponse { StackId = result.Text("StackId") ?? string.Empty };
        }

        /// <inheritdoc />
        public async Task<UpdateStackResponse> UpdateStackAsync(UpdateStackRequest request, CancellationToken cancellationToken = default)
        {
            var p = new List<KeyValuePair<string, string>> { new("StackName", request.StackName) };
            p.AddIfSet("TemplateBody", request.TemplateBody);
            p.AddIfSet("TemplateURL", request.TemplateURL);
            p.AddIfSet("UsePreviousTemplate", request.UsePreviousTemplate);
            AddParameters(p, request.Parameters);
            p.AddMembers("Capabilities", request.Capabilities);
            AddTags(p, request.Tags);
            p.AddIfSet("DisableRollback", request.DisableRollback);
            p.AddIfSet("ClientRequestToken", request.ClientRequestToken);
            var result = await _client.QueryAsync("UpdateStack", Version, p, cancellationToken).ConfigureAwait(false);
            return new UpdateStackResponse { StackId = result.Text("StackId") ?? string.Empty };
        }

        /// <inheritdoc />
        public async Task<DeleteStackResponse> DeleteStackAsync(DeleteStackRequest request, CancellationToken cancellationToken = default)
        {
            var p = new List<KeyValuePair<string, string>> { new("StackName", request.StackName) };
            p.AddMembers("RetainResources", request.RetainResources);
            p.AddIfSet("ClientRequestToken", request.ClientRequestToken);
            await _client.QueryAsync("DeleteStack", Version, p, cancellationToken).ConfigureAwait(false);
            return new DeleteStackResponse();
        }

        /// <inheritdoc />
        public async Task<DescribeStacksResponse> DescribeStacksAsync(DescribeStacksRequest request, CancellationToken cancellationToken = default)
        {
            var p = new List<KeyValuePair<string, string>>();
            p.AddIfSet("StackName", request.StackName);
            p.AddIfSet("NextToken", request.NextToken);
            var result = await _client.QueryAsync("DescribeStacks", Version, p, cancellationToken).ConfigureAwait(false);
            return new DescribeStacksResponse { Stacks = Items(result, "Stacks").Select(ReadStack).ToList(), NextToken = result.Text("NextToken") };
        }

        /// <inheritdoc />
        public async Task<DescribeStackEventsResponse> DescribeStackEventsAsync(DescribeStackEventsRequest request, CancellationToken cancellationToken = default)
        {
            var p = new List<KeyValuePair<string, string>> { new("StackName", request.StackName) };
            p.AddIfSet("NextToken", request.NextToken);
            var result = await _client.QueryAsync("DescribeStackEvents", Version, p, cancellationToken).ConfigureAwait(false);
            return new DescribeStackEventsResponse
            {
                StackEvents = Items(result, "StackEvents").Select(e => new StackEvent
                {
                    StackId = e.Text("StackId") ?? string.Empty,
                    EventId = e.Text("EventId") ?? string.Empty,
                    StackName = e.Text("StackName") ?? string.Empty,
                    LogicalResourceId = e.Text("LogicalResourceId") ?? string.Empty,
                    PhysicalResourceId = e.Text("PhysicalResourceId"),
                    ResourceType = e.Text("ResourceType") ?? string.Empty,
                    Timestamp = Time(e, "Timestamp") ?? default,
                    ResourceStatus = e.Text("ResourceStatus") ?? string.Empty,
                    ResourceStatusReason = e.Text("ResourceStatusReason"),
                    ResourceProperties = e.Text("ResourceProperties"),
                    ClientRequestToken = e.Text("ClientRequestToken"),
                }).ToList(),
                NextToken = result.Text("NextToken"),
            };
        }

        /// <inheritdoc />
        public async Task<DescribeStackResourcesResponse> DescribeStackResourcesAsync(DescribeStackResourcesRequest request, CancellationToken cancellationToken = default)
        {
            var p = new List<KeyValuePair<string, string>>();
            p.AddIfSet("StackName", request.StackName);
            p.AddIfSet("LogicalResourceId", request.LogicalResourceId);
            p.AddIfSet("PhysicalResourceId", request.PhysicalResourceId);
            var result = await _client.QueryAsync("DescribeStackResources", Version, p, cancellationToken).ConfigureAwait(false);
            return new DescribeStackResourcesResponse
            {
                StackResources = Items(result, "StackResources").Select(e => new StackResource
                {
                    StackName = e.Text("StackName") ?? string.Empty,
                    StackId = e.Text("StackId") ?? string.Empty,
                    LogicalResourceId = e.Text("LogicalResourceId") ?? string.Empty,
                    PhysicalResourceId = e.Text("PhysicalResourceId"),
                    ResourceType = e.Text("ResourceType") ?? string.Empty,
                    Timestamp = Time(e, "Timestamp") ?? default,
                    ResourceStatus = e.Text("ResourceStatus") ?? string.Empty,
                    ResourceStatusReason = e.Text("ResourceStatusReason"),
                    Description = e.Text("Description"),
                }).ToList(),
            };
        }

        /// <inheritdoc />
        public async Task<DescribeStackResourceResponse> DescribeStackResourceAsync(DescribeStackResourceRequest request, CancellationToken cancellationToken = default)
        {
            var result = await _client.QueryAsync("DescribeStackResource", Version,
                [new("StackName", request.StackName), new("LogicalResourceId", request.LogicalResourceId)], cancellationToken).ConfigureAwait(false);
            var e = result.Element("StackResourceDetail");
            return new DescribeStackResourceResponse
            {
                StackResourceDetail = e is null ? null : new StackResourceDetail
                {
                    StackName = e.Text("StackName") ?? string.Empty,
                    StackId = e.Text("StackId") ?? string.Empty,
                    LogicalResourceId = e.Text("LogicalResourceId") ?? string.Empty,
                    PhysicalResourceId = e.Text("PhysicalResourceId"),
                    ResourceType = e.Text("ResourceType") ?? string.Empty,
                    LastUpdatedTimestamp = Time(e, "LastUpdatedTimestamp") ?? default,
                    ResourceStatus = e.Text("ResourceStatus") ?? string.Empty,
                    ResourceStatusReason = e.Text("ResourceStatusReason"),
                    Description = e.Text("Description"),
                    Metadata = e.Text("Metadata"),
                },
            };
        }

        /// <inheritdoc />
        public async Task<ListStackResourcesResponse> ListStackResourcesAsync(ListStackResourcesRequest request, CancellationToken cancellationToken = default)
        {
            var p = new List<KeyValuePair<string, string>> { new("StackName", request.StackName) };
            p.AddIfSet("NextToken", request.NextToken);
            var result = await _client.QueryAsync("ListStackResources", Version, p, cancellationToken).ConfigureAwait(false);
            return new ListStackResourcesResponse
            {
                StackResourceSummaries = Items(result, "StackResourceSummaries").Select(e => new StackResourceSummary
                {
                    LogicalResourceId = e.Text("LogicalResourceId") ?? string.Empty,
                    PhysicalResourceId = e.Text("PhysicalResourceId"),
                    ResourceType = e.Text("ResourceType") ?? string.Empty,
                    LastUpdatedTimestamp = Time(e, "LastUpdatedTimestamp") ?? default,
                    ResourceStatus = e.Text("ResourceStatus") ?? string.Empty,
                    ResourceStatusReason = e.Text("ResourceStatusReason"),
                }).ToList(),
                NextToken = result.Text("NextToken"),
            };
        }

        /// <inheritdoc />
        public async Task<ListStacksResponse> ListStacksAsync(ListStacksRequest request, CancellationToken cancellationToken = default)
        {
            var p = new List<KeyValuePair<string, string>>();
            p.AddIfSet("NextToken", request.NextToken);
            p.AddMembers("StackStatusFilter", request.StackStatusFilter);
            var result = await _client.QueryAsync("ListStacks", Version, p, cancellationToken).ConfigureAwait(false);
            return new ListStacksResponse
            {
                StackSummaries = Items(result, "StackSummaries").Select(e => new StackSummary
                {
                    StackId = e.Text("StackId") ?? string.Empty,
                    StackName = e.Text("StackName") ?? string.Empty,
                    TemplateDescription = e.Text("TemplateDescription"),
                    CreationTime = Time(e, "CreationTime") ?? default,
                    LastUpdatedTime = Time(e, "LastUpdatedTime"),
                    DeletionTime = Time(e, "DeletionTime"),
                    StackStatus = e.Text("StackStatus") ?? string.Empty,
                    StackStatusReason = e.Text("StackStatusReason"),
                }).ToList(),
                NextToken = result.Text("NextToken"),
            };
        }

        /// <inheritdoc />
        public async Task<CreateChangeSetResponse> CreateChangeSetAsync(CreateChangeSetRequest request, CancellationToken cancellationToken = default)
        {
            var p = new List<KeyValuePair<string, string>> { new("StackName", request.StackName), new("ChangeSetName", request.ChangeSetName) };
            p.AddIfSet("ChangeSetType", request.ChangeSetType);
            p.AddIfSet("TemplateBody", request.TemplateBody);
            p.AddIfSet("TemplateURL", request.TemplateURL);
            p.AddIfSet("UsePreviousTemplate", request.UsePreviousTemplate);
            AddParameters(p, request.Parameters);
            p.AddMembers("Capabilities", request.Capabilities);
            AddTags(p, request.Tags);
            p.AddIfSet("Description", request.Description);
            p.AddIfSet("ClientToken", request.ClientToken);
            var result = await _client.QueryAsync("CreateChangeSet", Version, p, cancellationToken).ConfigureAwait(false);
            return new CreateChangeSetResponse { Id = result.Text("Id") ?? string.Empty, StackId = result.Text("StackId") ?? string.Empty };
        }

        /// <inheritdoc />
        public async Task<DescribeChangeSetResponse> DescribeChangeSetAsync(DescribeChangeSetRequest request, CancellationToken cancellationToken = default)
        {
            var p = new List<KeyValuePair<string, string>> { new("ChangeSetName", request.ChangeSetName) };
            p.AddIfSet("StackName", request.StackName);
            p.AddIfSet("NextToken", request.NextToken);
            var result = await _client.QueryAsync("DescribeChangeSet", Version, p, cancellationToken).ConfigureAwait(false);
            return new DescribeChangeSetResponse
            {
                ChangeSetName = result.Text("ChangeSetName") ?? string.Empty,
                ChangeSetId = result.Text("ChangeSetId") ?? string.Empty,
                StackId = result.Text("StackId") ?? string.Empty,
                StackName = result.Text("StackName") ?? string.Empty,
                Description = result.Text("Description"),
                Parameters = ReadParameters(result),
                CreationTime = Time(result, "CreationTime") ?? default,
                ExecutionStatus = result.Text("ExecutionStatus") ?? string.Empty,
                Status = result.Text("Status") ?? string.Empty,
                StatusReason = result.Text("StatusReason"),
                Capabilities = result.Members("Capabilities"),
                Tags = ReadTags(result),
                Changes = Items(result, "Changes").Select(c => new Change
                {
                    Type = c.Text("Type") ?? "Resource",
                    ResourceChange = c.Element("ResourceChange") is not { } r ? null : new ResourceChange
                    {
                        Action = r.Text("Action") ?? string.Empty,
                        LogicalResourceId = r.Text("LogicalResourceId") ?? string.Empty,
                        PhysicalResourceId = r.Text("PhysicalResourceId"),
                        ResourceType = r.Text("ResourceType") ?? string.Empty,
                        Replacement = r.Text("Replacement"),
                        Scope = r.Members("Scope"),
                        Details = Items(r, "Details").Select(d => new ResourceChangeDetail
                        {
                            Evaluation = d.Text("Evaluation"),
                            ChangeSource = d.Text("ChangeSource"),
                            CausingEntity = d.Text("CausingEntity"),
                            Target = d.Element("Target") is not { } t ? null : new ResourceTargetDefinition
                            {
                                Attribute = t.Text("Attribute"),
                                Name = t.Text("Name"),
                                RequiresRecreation = t.Text("RequiresRecreation"),
                            },
                        }).ToList(),
                    },
                }).ToList(),
                NextToken = result.Text("NextToken"),
            };
        }

        /// <inheritdoc />
        public async Task<ExecuteChangeSetResponse> ExecuteChangeSetAsync(ExecuteChangeSetRequest request, CancellationToken cancellationToken = default)
        {
            var p = new List<KeyValuePair<string, string>> { new("ChangeSetName", request.ChangeSetName) };
            p.AddIfSet("StackName", request.StackName);
            p.AddIfSet("DisableRollback", request.DisableRollback);
            p.AddIfSet("ClientRequestToken", request.ClientRequestToken);
            await _client.QueryAsync("ExecuteChangeSet", Version, p, cancellationToken).ConfigureAwait(false);
            return new ExecuteChangeSetResponse();
        }

        /// <inheritdoc />
        public async Task<DeleteChangeSetResponse> DeleteChangeSetAsync(DeleteChangeSetRequest request, CancellationToken cancellationToken = default)
        {
            var p = new List<KeyValuePair<string, string>> { new("ChangeSetName", request.ChangeSetName) };
            p.AddIfSet("StackName", request.StackName);
            await _client.QueryAsync("DeleteChangeSet", Version, p, cancellationToken).ConfigureAwait(false);
            return new DeleteChangeSetResponse();
        }

        /// <inheritdoc />
        public async Task<ListChangeSetsResponse> ListChangeSetsAsync(ListChangeSetsRequest request, CancellationToken cancellationToken = default)
        {
            var p = new List<KeyValuePair<string, string>> { new("StackName", request.StackName) };
            p.AddIfSet("NextToken", request.NextToken);
            var result = await _client.QueryAsync("ListChangeSets", Version, p, cancellationToken).ConfigureAwait(false);
            return new ListChangeSetsResponse
            {
                Summaries = Items(result, "Summaries").Select(e => new ChangeSetSummary
                {
                    StackId = e.Text("StackId") ?? string.Empty,
                    StackName = e.Text("StackName") ?? string.Empty,
                    ChangeSetId = e.Text("ChangeSetId") ?? string.Empty,
                    ChangeSetName = e.Text("ChangeSetName") ?? string.Empty,
                    ExecutionStatus = e.Text("ExecutionStatus") ?? string.Empty,
                    Status = e.Text("Status") ?? string.Empty,
                    StatusReason = e.Text("StatusReason"),
                    CreationTime = Time(e, "CreationTime") ?? default,
                    Description = e.Text("Description"),
                }).ToList(),
                NextToken = result.Text("NextToken"),
            };
        }

        /// <inheritdoc />
        public async Task<GetTemplateResponse> GetTemplateAsync(GetTemplateRequest request, CancellationToken cancellationToken = default)
        {
            var p = new List<KeyValuePair<string, string>>();
            p.AddIfSet("StackName", request.StackName);
            p.AddIfSet("ChangeSetName", request.ChangeSetName);
            p.AddIfSet("TemplateStage", request.TemplateStage);
            var result = await _client.QueryAsync("GetTemplate", Version, p, cancellationToken).ConfigureAwait(false);
            return new GetTemplateResponse { TemplateBody = result.Text("TemplateBody") ?? string.Empty, StagesAvailable = result.Members("StagesAvailable") };
        }

        /// <inheritdoc />
        public async Task<GetTemplateSummaryResponse> GetTemplateSummaryAsync(GetTemplateSummaryRequest request, CancellationToken cancellationToken = default)
        {
            var p = new List<KeyValuePair<string, string>>();
            p.AddIfSet("StackName", request.StackName);
            p.AddIfSet("TemplateBody", request.TemplateBody);
            p.AddIfSet("TemplateURL", request.TemplateURL);
            var result = await _client.QueryAsync("GetTemplateSummary", Version, p, cancellationToken).ConfigureAwait(false);
            return new GetTemplateSummaryResponse
            {
                Description = result.Text("Description"),
                Capabilities = result.Members("Capabilities"),
                CapabilitiesReason = result.Text("CapabilitiesReason"),
                ResourceTypes = result.Members("ResourceTypes"),
                Version = result.Text("Version"),
                Parameters = Items(result, "Parameters").Select(e => new ParameterDeclaration
                {
                    ParameterKey = e.Text("ParameterKey") ?? string.Empty,
                    DefaultValue = e.Text("DefaultValue"),
                    ParameterType = e.Text("ParameterType") ?? string.Empty,
                    NoEcho = e.Flag("NoEcho"),
                    Description = e.Text("Description"),
                    ParameterConstraints = new ParameterConstraints { AllowedValues = e.Element("ParameterConstraints").Members("AllowedValues") },
                }).ToList(),
            };
        }

        /// <inheritdoc />
        public void Dispose() => _client.Dispose();

        private static IEnumerable<XElement> Items(XElement? element, string name) => element?.Element(name)?.Elements("member") ?? [];

        private static DateTime? Time(XElement element, string name) =>
            element.Text(name) is { Length: > 0 } text
                ? DateTime.Parse(text, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal)
                : null;

        private static void AddParameters(List<KeyValuePair<string, string>> p, List<Parameter>? parameters)
        {
            var i = 0;
            foreach (var parameter in parameters ?? [])
            {
                var prefix = $"Parameters.member.{++i}";
                p.Add(new($"{prefix}.ParameterKey", parameter.ParameterKey));
                p.AddIfSet($"{prefix}.ParameterValue", parameter.ParameterValue);
                p.AddIfSet($"{prefix}.UsePreviousValue", parameter.UsePreviousValue);
            }
        }

        private static void AddTags(List<KeyValuePair<string, string>> p, List<Tag>? tags)
        {
            var i = 0;
            foreach (var tag in tags ?? [])
            {
                p.Add(new($"Tags.member.{++i}.Key", tag.Key));
                p.Add(new($"Tags.member.{i}.Value", tag.Value));
            }
        }

        private static List<Parameter> ReadParameters(XElement element) =>
            Items(element, "Parameters").Select(e => new Parameter
            {
                ParameterKey = e.Text("ParameterKey") ?? string.Empty,
                ParameterValue = e.Text("ParameterValue"),
                UsePreviousValue = e.Element("UsePreviousValue") is null ? null : e.Flag("UsePreviousValue"),
                ResolvedValue = e.Text("ResolvedValue"),
            }).ToList();

        private static List<Tag> ReadTags(XElement element) =>
            Items(element, "Tags").Select(e => new Tag { Key = e.Text("Key") ?? string.Empty, Value = e.Text("Value") ?? string.Empty }).ToList();

        private static Stack ReadStack(XElement e) => new()
        {
            StackId = e.Text("StackId") ?? string.Empty,
            StackName = e.Text("StackName") ?? string.Empty,
            ChangeSetId = e.Text("ChangeSetId"),
            Description = e.Text("Description"),
            Parameters = ReadParameters(e),
            CreationTime = Time(e, "CreationTime") ?? default,
            LastUpdatedTime = Time(e, "LastUpdatedTime"),
            DeletionTime = Time(e, "DeletionTime"),
            StackStatus = e.Text("StackStatus") ?? string.Empty,
            StackStatusReason = e.Text("StackStatusReason"),
            DisableRollback = e.Flag("DisableRollback"),
            Capabilities = e.Members("Capabilities"),
            Outputs = Items(e, "Outputs").Select(o => new Output
            {
                OutputKey = o.Text("OutputKey") ?? string.Empty,
                OutputValue = o.Text("OutputValue") ?? string.Empty,
                Description = o.Text("Description"),
                ExportName = o.Text("ExportName"),
            }).ToList(),
            Tags = ReadTags(e),
        };
    }
}

namespace Amazon.CloudFormation.Model
{
    /// <summary>A template parameter value: a new value, or the previous one (<c>UsePreviousValue</c>, updates only).</summary>
    public sealed class Parameter
    {
        /// <summary>The parameter's name in the template.</summary>
        public string ParameterKey { get; set; } = string.Empty;

        /// <summary>The value (lists comma-joined); <c>null</c> with <see cref="UsePreviousValue"/>.</summary>
        public string? ParameterValue { get; set; }

        /// <summary>Keep the stack's current value (an update's parameter not given anew).</summary>
        public bool? UsePreviousValue { get; set; }

        /// <summary>For SSM parameter types: the value read from Parameter Store.</summary>
        public string? ResolvedValue { get; set; }
    }

    /// <summary>A key-value tag of a stack.</summary>
    public sealed class Tag
    {
        /// <summary>The key (1–128 characters).</summary>
        public string Key { get; set; } = string.Empty;

        /// <summary>The value (0–256 characters).</summary>
        public string Value { get; set; } = string.Empty;
    }

    /// <summary>A stack output.</summary>
    public sealed class Output
    {
        /// <summary>The output's name in the template.</summary>
        public string OutputKey { get; set; } = string.Empty;

        /// <summary>Its evaluated value (lists comma-joined).</summary>
        public string OutputValue { get; set; } = string.Empty;

        /// <summary>The template's description of it.</summary>
        public string? Description { get; set; }

        /// <summary>The export name, when exported.</summary>
        public string? ExportName { get; set; }
    }

    /// <summary>A stack as DescribeStacks reports it.</summary>
    public sealed class Stack
    {
        /// <summary><c>arn:aws:cloudformation:{region}:{account}:stack/{name}/{uuid}</c>.</summary>
        public string StackId { get; set; } = string.Empty;

        /// <summary>The name.</summary>
        public string StackName { get; set; } = string.Empty;

        /// <summary>The change set that last changed the stack, if one did.</summary>
        public string? ChangeSetId { get; set; }

        /// <summary>The template's description.</summary>
        public string? Description { get; set; }

        /// <summary>The parameter values in force.</summary>
        public List<Parameter> Parameters { get; set; } = [];

        /// <summary>When the stack was created (UTC).</summary>
        public DateTime CreationTime { get; set; }

        /// <summary>When it was last updated (UTC), if ever.</summary>
        public DateTime? LastUpdatedTime { get; set; }

        /// <summary>When it was deleted (UTC), for deleted stacks.</summary>
        public DateTime? DeletionTime { get; set; }

        /// <summary><c>CREATE_COMPLETE</c>, <c>UPDATE_ROLLBACK_COMPLETE</c>, <c>REVIEW_IN_PROGRESS</c>… (https://docs.aws.amazon.com/AWSCloudFormation/latest/APIReference/API_Stack.html).</summary>
        public string StackStatus { get; set; } = string.Empty;

        /// <summary>Why the stack is in its status (a failure's summary), if anything.</summary>
        public string? StackStatusReason { get; set; }

        /// <summary>Whether rollback on failure is disabled.</summary>
        public bool DisableRollback { get; set; }

        /// <summary>The capabilities acknowledged.</summary>
        public List<string> Capabilities { get; set; } = [];

        /// <summary>The outputs (when the stack completed).</summary>
        public List<Output> Outputs { get; set; } = [];

        /// <summary>The stack's tags.</summary>
        public List<Tag> Tags { get; set; } = [];
    }

    /// <summary>One event of a stack: a resource (or the stack itself) changing status.</summary>
    public sealed class StackEvent
    {
        /// <summary>The stack id.</summary>
        public string StackId { get; set; } = string.Empty;

        /// <summary>A unique id.</summary>
        public string EventId { get; set; } = string.Empty;

        /// <summary>The stack name.</summary>
        public string StackName { get; set; } = string.Empty;

        /// <summary>The resource's logical id (the stack name for the stack's own events).</summary>
        public string LogicalResourceId { get; set; } = string.Empty;

        /// <summary>The physical id, when known.</summary>
        public string? PhysicalResourceId { get; set; }

        /// <summary>The resource type (<c>AWS::CloudFormation::Stack</c> for the stack itself).</summary>
        public string ResourceType { get; set; } = string.Empty;

        /// <summary>When (UTC).</summary>
        public DateTime Timestamp { get; set; }

        /// <summary><c>CREATE_IN_PROGRESS</c>, <c>CREATE_FAILED</c>, <c>DELETE_COMPLETE</c>, <c>DELETE_SKIPPED</c>….</summary>
        public string ResourceStatus { get; set; } = string.Empty;

        /// <summary>Why: a failure's message, <c>Resource creation Initiated</c>….</summary>
        public string? ResourceStatusReason { get; set; }

        /// <summary>The properties the resource was given, as JSON.</summary>
        public string? ResourceProperties { get; set; }

        /// <summary>The token of the call that caused the event.</summary>
        public string? ClientRequestToken { get; set; }
    }

    /// <summary>A resource of a stack (DescribeStackResources).</summary>
    public sealed class StackResource
    {
        /// <summary>The stack name.</summary>
        public string StackName { get; set; } = string.Empty;

        /// <summary>The stack id.</summary>
        public string StackId { get; set; } = string.Empty;

        /// <summary>The template's logical id.</summary>
        public string LogicalResourceId { get; set; } = string.Empty;

        /// <summary>The physical id (queue URL, topic ARN, table name…).</summary>
        public string? PhysicalResourceId { get; set; }

        /// <summary>The resource type.</summary>
        public string ResourceType { get; set; } = string.Empty;

        /// <summary>When its status last changed (UTC).</summary>
        public DateTime Timestamp { get; set; }

        /// <summary>Its status.</summary>
        public string ResourceStatus { get; set; } = string.Empty;

        /// <summary>Why it is in that status.</summary>
        public string? ResourceStatusReason { get; set; }

        /// <summary>The template's description.</summary>
        public string? Description { get; set; }
    }

    /// <summary>A resource of a stack in detail (DescribeStackResource).</summary>
    public sealed class StackResourceDetail
    {
        /// <summary>The stack name.</summary>
        public string StackName { get; set; } = string.Empty;

        /// <summary>The stack id.</summary>
        public string StackId { get; set; } = string.Empty;

        /// <summary>The template's logical id.</summary>
        public string LogicalResourceId { get; set; } = string.Empty;

        /// <summary>The physical id.</summary>
        public string? PhysicalResourceId { get; set; }

        /// <summary>The resource type.</summary>
        public string ResourceType { get; set; } = string.Empty;

        /// <summary>When its status last changed (UTC).</summary>
        public DateTime LastUpdatedTimestamp { get; set; }

        /// <summary>Its status.</summary>
        public string ResourceStatus { get; set; } = string.Empty;

        /// <summary>Why it is in that status.</summary>
        public string? ResourceStatusReason { get; set; }

        /// <summary>The template's description.</summary>
        public string? Description { get; set; }

        /// <summary>The template's <c>Metadata</c> of the resource, as JSON.</summary>
        public string? Metadata { get; set; }
    }

    /// <summary>A resource of a stack in short (ListStackResources).</summary>
    public sealed class StackResourceSummary
    {
        /// <summary>The template's logical id.</summary>
        public string LogicalResourceId { get; set; } = string.Empty;

        /// <summary>The physical id.</summary>
        public string? PhysicalResourceId { get; set; }

        /// <summary>The resource type.</summary>
        public string ResourceType { get; set; } = string.Empty;

        /// <summary>When its status last changed (UTC).</summary>
        public DateTime LastUpdatedTimestamp { get; set; }

        /// <summary>Its status.</summary>
        public string ResourceStatus { get; set; } = string.Empty;

        /// <summary>Why it is in that status.</summary>
        public string? ResourceStatusReason { get; set; }
    }

    /// <summary>A stack in short (ListStacks).</summary>
    public sealed class StackSummary
    {
        /// <summary>The stack id.</summary>
        public string StackId { get; set; } = string.Empty;

        /// <summary>The name.</summary>
        public string StackName { get; set; } = string.Empty;

        /// <summary>The template's description.</summary>
        public string? TemplateDescription { get; set; }

        /// <summary>When created (UTC).</summary>
        public DateTime CreationTime { get; set; }

        /// <summary>When last updated (UTC).</summary>
        public DateTime? LastUpdatedTime { get; set; }

        /// <summary>When deleted (UTC).</summary>
        public DateTime? DeletionTime { get; set; }

        /// <summary>The status.</summary>
        public string StackStatus { get; set; } = string.Empty;

        /// <summary>Why it is in that status.</summary>
        public string? StackStatusReason { get; set; }
    }

    /// <summary>One change of a change set.</summary>
    public sealed class Change
    {
        /// <summary><c>Resource</c>.</summary>
        public string Type { get; set; } = "Resource";

        /// <summary>The resource change.</summary>
        public ResourceChange? ResourceChange { get; set; }
    }

    /// <summary>What a change set does to one resource.</summary>
    public sealed class ResourceChange
    {
        /// <summary><c>Add</c>, <c>Modify</c>, <c>Remove</c>.</summary>
        public string Action { get; set; } = string.Empty;

        /// <summary>The template's logical id.</summary>
        public string LogicalResourceId { get; set; } = string.Empty;

        /// <summary>The current physical id (modify, remove).</summary>
        public string? PhysicalResourceId { get; set; }

        /// <summary>The resource type.</summary>
        public string ResourceType { get; set; } = string.Empty;

        /// <summary>For <c>Modify</c>: <c>True</c>, <c>False</c> or <c>Conditional</c>.</summary>
        public string? Replacement { get; set; }

        /// <summary>For <c>Modify</c>: what changes (<c>Properties</c>, <c>Metadata</c>, <c>Tags</c>…).</summary>
        public List<string> Scope { get; set; } = [];

        /// <summary>For <c>Modify</c>: the changed properties.</summary>
        public List<ResourceChangeDetail> Details { get; set; } = [];
    }

    /// <summary>One changed property of a modified resource.</summary>
    public sealed class ResourceChangeDetail
    {
        /// <summary>The property changed.</summary>
        public ResourceTargetDefinition? Target { get; set; }

        /// <summary><c>Static</c> or <c>Dynamic</c>.</summary>
        public string? Evaluation { get; set; }

        /// <summary><c>DirectModification</c>, <c>ResourceReference</c>, <c>ParameterReference</c>….</summary>
        public string? ChangeSource { get; set; }

        /// <summary>The entity whose change caused this one, if any.</summary>
        public string? CausingEntity { get; set; }
    }

    /// <summary>The property a change detail is about.</summary>
    public sealed class ResourceTargetDefinition
    {
        /// <summary><c>Properties</c>, <c>Metadata</c>, <c>Tags</c>….</summary>
        public string? Attribute { get; set; }

        /// <summary>The property name.</summary>
        public string? Name { get; set; }

        /// <summary><c>Never</c>, <c>Conditionally</c>, <c>Always</c>.</summary>
        public string? RequiresRecreation { get; set; }
    }

    /// <summary>A change set in short (ListChangeSets).</summary>
    public sealed class ChangeSetSummary
    {
        /// <summary>The stack id.</summary>
        public string StackId { get; set; } = string.Empty;

        /// <summary>The stack name.</summary>
        public string StackName { get; set; } = string.Empty;

        /// <summary>The change set's ARN.</summary>
        public string ChangeSetId { get; set; } = string.Empty;

        /// <summary>Its name.</summary>
        public string ChangeSetName { get; set; } = string.Empty;

        /// <summary><c>AVAILABLE</c>, <c>UNAVAILABLE</c>, <c>EXECUTE_IN_PROGRESS</c>, <c>EXECUTE_COMPLETE</c>, <c>EXECUTE_FAILED</c>, <c>OBSOLETE</c>.</summary>
        public string ExecutionStatus { get; set; } = string.Empty;

        /// <summary><c>CREATE_PENDING</c>, <c>CREATE_IN_PROGRESS</c>, <c>CREATE_COMPLETE</c>, <c>DELETE_COMPLETE</c>, <c>FAILED</c>….</summary>
        public string Status { get; set; } = string.Empty;

        /// <summary>Why it failed, if it did.</summary>
        public string? StatusReason { get; set; }

        /// <summary>When created (UTC).</summary>
        public DateTime CreationTime { get; set; }

        /// <summary>Its description.</summary>
        public string? Description { get; set; }
    }

    /// <summary>A parameter of a template as ValidateTemplate reports it.</summary>
    public sealed class TemplateParameter
    {
        /// <summary>The parameter's name.</summary>
        public string ParameterKey { get; set; } = string.Empty;

        /// <summary>Its default, if any.</summary>
        public string? DefaultValue { get; set; }

        /// <summary>Whether its value is masked.</summary>
        public bool NoEcho { get; set; }

        /// <summary>Its description.</summary>
        public string? Description { get; set; }
    }

    /// <summary>A parameter of a template as GetTemplateSummary reports it.</summary>
    public sealed class ParameterDeclaration
    {
        /// <summary>The parameter's name.</summary>
        public string ParameterKey { get; set; } = string.Empty;

        /// <summary>Its default, if any.</summary>
        public string? DefaultValue { get; set; }

        /// <summary><c>String</c>, <c>Number</c>, <c>CommaDelimitedList</c>….</summary>
        public string ParameterType { get; set; } = string.Empty;

        /// <summary>Whether its value is masked.</summary>
        public bool NoEcho { get; set; }

        /// <summary>Its description.</summary>
        public string? Description { get; set; }

        /// <summary>Its allowed values.</summary>
        public ParameterConstraints ParameterConstraints { get; set; } = new();
    }

    /// <summary>Constraints of a parameter.</summary>
    public sealed class ParameterConstraints
    {
        /// <summary>The allowed values (empty: any).</summary>
        public List<string> AllowedValues { get; set; } = [];
    }

    /// <summary>ValidateTemplate input: a template body or an S3 URL of one.</summary>
    public sealed class ValidateTemplateRequest
    {
        /// <summary>The template (JSON or YAML, ≤ 51,200 bytes).</summary>
        public string? TemplateBody { get; set; }

        /// <summary>An S3 URL of the template (≤ 1 MB).</summary>
        public string? TemplateURL { get; set; }
    }

    /// <summary>ValidateTemplate output.</summary>
    public sealed class ValidateTemplateResponse
    {
        /// <summary>The template's parameters.</summary>
        public List<TemplateParameter> Parameters { get; set; } = [];

        /// <summary>The template's description.</summary>
        public string? Description { get; set; }

        /// <summary>Capabilities the template requires (<c>CAPABILITY_IAM</c>, <c>CAPABILITY_NAMED_IAM</c>).</summary>
        public List<string> Capabilities { get; set; } = [];

        /// <summary>Which resources require them.</summary>
        public string? CapabilitiesReason { get; set; }
    }

    /// <summary>CreateStack input.</summary>
    public sealed class CreateStackRequest
    {
        /// <summary>The stack name (letters, digits, hyphens; starts with a letter; ≤ 128).</summary>
        public string StackName { get; set; } = string.Empty;

        /// <summary>The template body.</summary>
        public string? TemplateBody { get; set; }

        /// <summary>An S3 URL of the template.</summary>
        public string? TemplateURL { get; set; }

        /// <summary>Parameter values.</summary>
        public List<Parameter> Parameters { get; set; } = [];

        /// <summary>Acknowledged capabilities.</summary>
        public List<string> Capabilities { get; set; } = [];

        /// <summary>Stack tags.</summary>
        public List<Tag> Tags { get; set; } = [];

        /// <summary>Leave what was created when creation fails.</summary>
        public bool? DisableRollback { get; set; }

        /// <summary><c>ROLLBACK</c> (default), <c>DELETE</c> or <c>DO_NOTHING</c>.</summary>
        public string? OnFailure { get; set; }

        /// <summary>An idempotency token, echoed in events.</summary>
        public string? ClientRequestToken { get; set; }
    }

    /// <summary>CreateStack output.</summary>
    public sealed class CreateStackResponse
    {
        /// <summary>The new stack's id.</summary>
        public string StackId { get; set; } = string.Empty;
    }

    /// <summary>UpdateStack input.</summary>
    public sealed class UpdateStackRequest
    {
        /// <summary>The stack name or id.</summary>
        public string StackName { get; set; } = string.Empty;

        /// <summary>The new template body.</summary>
        public string? TemplateBody { get; set; }

        /// <summary>An S3 URL of the new template.</summary>
        public string? TemplateURL { get; set; }

        /// <summary>Keep the current template.</summary>
        public bool? UsePreviousTemplate { get; set; }

        /// <summary>Parameter values.</summary>
        public List<Parameter> Parameters { get; set; } = [];

        /// <summary>Acknowledged capabilities.</summary>
        public List<string> Capabilities { get; set; } = [];

        /// <summary>Stack tags.</summary>
        public List<Tag> Tags { get; set; } = [];

        /// <summary>Leave the failed update in place instead of rolling back.</summary>
        public bool? DisableRollback { get; set; }

        /// <summary>An idempotency token, echoed in events.</summary>
        public string? ClientRequestToken { get; set; }
    }

    /// <summary>UpdateStack output.</summary>
    public sealed class UpdateStackResponse
    {
        /// <summary>The stack id.</summary>
        public string StackId { get; set; } = string.Empty;
    }

    /// <summary>DeleteStack input.</summary>
    public sealed class DeleteStackRequest
    {
        /// <summary>The stack name or id.</summary>
        public string StackName { get; set; } = string.Empty;

        /// <summary>For a stack in <c>DELETE_FAILED</c>: logical ids to keep.</summary>
        public List<string> RetainResources { get; set; } = [];

        /// <summary>An idempotency token, echoed in events.</summary>
        public string? ClientRequestToken { get; set; }
    }

    /// <summary>DeleteStack output (empty).</summary>
    public sealed class DeleteStackResponse;

    /// <summary>DescribeStacks input.</summary>
    public sealed class DescribeStacksRequest
    {
        /// <summary>A stack name or id; <c>null</c> for every stack that is not deleted.</summary>
        public string? StackName { get; set; }

        /// <summary>The next page's token.</summary>
        public string? NextToken { get; set; }
    }

    /// <summary>DescribeStacks output.</summary>
    public sealed class DescribeStacksResponse
    {
        /// <summary>The stacks.</summary>
        public List<Stack> Stacks { get; set; } = [];

        /// <summary>The next page's token.</summary>
        public string? NextToken { get; set; }
    }

    /// <summary>DescribeStackEvents input.</summary>
    public sealed class DescribeStackEventsRequest
    {
        /// <summary>The stack name or id (a deleted stack by id only).</summary>
        public string StackName { get; set; } = string.Empty;

        /// <summary>The next page's token.</summary>
        public string? NextToken { get; set; }
    }

    /// <summary>DescribeStackEvents output.</summary>
    public sealed class DescribeStackEventsResponse
    {
        /// <summary>Events, newest first.</summary>
        public List<StackEvent> StackEvents { get; set; } = [];

        /// <summary>The next page's token.</summary>
        public string? NextToken { get; set; }
    }

    /// <summary>DescribeStackResources input.</summary>
    public sealed class DescribeStackResourcesRequest
    {
        /// <summary>The stack name or id.</summary>
        public string? StackName { get; set; }

        /// <summary>Only this logical id.</summary>
        public string? LogicalResourceId { get; set; }

        /// <summary>The stack holding this physical id (instead of a name).</summary>
        public string? PhysicalResourceId { get; set; }
    }

    /// <summary>DescribeStackResources output.</summary>
    public sealed class DescribeStackResourcesResponse
    {
        /// <summary>The resources.</summary>
        public List<StackResource> StackResources { get; set; } = [];
    }

    /// <summary>DescribeStackResource input.</summary>
    public sealed class DescribeStackResourceRequest
    {
        /// <summary>The stack name or id.</summary>
        public string StackName { get; set; } = string.Empty;

        /// <summary>The logical id.</summary>
        public string LogicalResourceId { get; set; } = string.Empty;
    }

    /// <summary>DescribeStackResource output.</summary>
    public sealed class DescribeStackResourceResponse
    {
        /// <summary>The resource.</summary>
        public StackResourceDetail? StackResourceDetail { get; set; }
    }

    /// <summary>ListStackResources input.</summary>
    public sealed class ListStackResourcesRequest
    {
        /// <summary>The stack name or id.</summary>
        public string StackName { get; set; } = string.Empty;

        /// <summary>The next page's token.</summary>
        public string? NextToken { get; set; }
    }

    /// <summary>ListStackResources output.</summary>
    public sealed class ListStackResourcesResponse
    {
        /// <summary>The resources.</summary>
        public List<StackResourceSummary> StackResourceSummaries { get; set; } = [];

        /// <summary>The next page's token.</summary>
        public string? NextToken { get; set; }
    }

    /// <summary>ListStacks input.</summary>
    public sealed class ListStacksRequest
    {
        /// <summary>Only stacks in these statuses (empty: all, deleted included).</summary>
        public List<string> StackStatusFilter { get; set; } = [];

        /// <summary>The next page's token.</summary>
        public string? NextToken { get; set; }
    }

    /// <summary>ListStacks output.</summary>
    public sealed class ListStacksResponse
    {
        /// <summary>The stacks.</summary>
        public List<StackSummary> StackSummaries { get; set; } = [];

        /// <summary>The next page's token.</summary>
        public string? NextToken { get; set; }
    }

    /// <summary>CreateChangeSet input.</summary>
    public sealed class CreateChangeSetRequest
    {
        /// <summary>The stack name or id.</summary>
        public string StackName { get; set; } = string.Empty;

        /// <summary>The change set's name (letters, digits, hyphens; starts with a letter).</summary>
        public string ChangeSetName { get; set; } = string.Empty;

        /// <summary><c>CREATE</c> (a new stack, in <c>REVIEW_IN_PROGRESS</c> until executed), <c>UPDATE</c> (default) or <c>IMPORT</c>.</summary>
        public string? ChangeSetType { get; set; }

        /// <summary>The template body.</summary>
        public string? TemplateBody { get; set; }

        /// <summary>An S3 URL of the template.</summary>
        public string? TemplateURL { get; set; }

        /// <summary>Keep the stack's current template.</summary>
        public bool? UsePreviousTemplate { get; set; }

        /// <summary>Parameter values.</summary>
        public List<Parameter> Parameters { get; set; } = [];

        /// <summary>Acknowledged capabilities.</summary>
        public List<string> Capabilities { get; set; } = [];

        /// <summary>Stack tags.</summary>
        public List<Tag> Tags { get; set; } = [];

        /// <summary>A description.</summary>
        public string? Description { get; set; }

        /// <summary>An idempotency token.</summary>
        public string? ClientToken { get; set; }
    }

    /// <summary>CreateChangeSet output.</summary>
    public sealed class CreateChangeSetResponse
    {
        /// <summary>The change set's ARN.</summary>
        public string Id { get; set; } = string.Empty;

        /// <summary>The stack id.</summary>
        public string StackId { get; set; } = string.Empty;
    }

    /// <summary>DescribeChangeSet input.</summary>
    public sealed class DescribeChangeSetRequest
    {
        /// <summary>The change set's name or ARN.</summary>
        public string ChangeSetName { get; set; } = string.Empty;

        /// <summary>The stack name or id (required with a name).</summary>
        public string? StackName { get; set; }

        /// <summary>The next page's token.</summary>
        public string? NextToken { get; set; }
    }

    /// <summary>DescribeChangeSet output.</summary>
    public sealed class DescribeChangeSetResponse
    {
        /// <summary>The name.</summary>
        public string ChangeSetName { get; set; } = string.Empty;

        /// <summary>The ARN.</summary>
        public string ChangeSetId { get; set; } = string.Empty;

        /// <summary>The stack id.</summary>
        public string StackId { get; set; } = string.Empty;

        /// <summary>The stack name.</summary>
        public string StackName { get; set; } = string.Empty;

        /// <summary>The description.</summary>
        public string? Description { get; set; }

        /// <summary>The parameter values it would apply.</summary>
        public List<Parameter> Parameters { get; set; } = [];

        /// <summary>When created (UTC).</summary>
        public DateTime CreationTime { get; set; }

        /// <summary><c>AVAILABLE</c>, <c>UNAVAILABLE</c>, <c>EXECUTE_IN_PROGRESS</c>, <c>EXECUTE_COMPLETE</c>, <c>EXECUTE_FAILED</c>, <c>OBSOLETE</c>.</summary>
        public string ExecutionStatus { get; set; } = string.Empty;

        /// <summary><c>CREATE_PENDING</c>, <c>CREATE_IN_PROGRESS</c>, <c>CREATE_COMPLETE</c>, <c>FAILED</c>….</summary>
        public string Status { get; set; } = string.Empty;

        /// <summary>Why it failed (e.g. "The submitted information didn't contain changes. …").</summary>
        public string? StatusReason { get; set; }

        /// <summary>Acknowledged capabilities.</summary>
        public List<string> Capabilities { get; set; } = [];

        /// <summary>Stack tags.</summary>
        public List<Tag> Tags { get; set; } = [];

        /// <summary>The changes.</summary>
        public List<Change> Changes { get; set; } = [];

        /// <summary>The next page's token.</summary>
        public string? NextToken { get; set; }
    }

    /// <summary>ExecuteChangeSet input.</summary>
    public sealed class ExecuteChangeSetRequest
    {
        /// <summary>The change set's name or ARN.</summary>
        public string ChangeSetName { get; set; } = string.Empty;

        /// <summary>The stack name or id (required with a name).</summary>
        public string? StackName { get; set; }

        /// <summary>Leave a failed operation in place instead of rolling back.</summary>
        public bool? DisableRollback { get; set; }

        /// <summary>An idempotency token, echoed in events.</summary>
        public string? ClientRequestToken { get; set; }
    }

    /// <summary>ExecuteChangeSet output (empty).</summary>
    public sealed class ExecuteChangeSetResponse;

    /// <summary>DeleteChangeSet input.</summary>
    public sealed class DeleteChangeSetRequest
    {
        /// <summary>The change set's name or ARN.</summary>
        public string ChangeSetName { get; set; } = string.Empty;

        /// <summary>The stack name or id (required with a name).</summary>
        public string? StackName { get; set; }
    }

    /// <summary>DeleteChangeSet output (empty).</summary>
    public sealed class DeleteChangeSetResponse;

    /// <summary>ListChangeSets input.</summary>
    public sealed class ListChangeSetsRequest
    {
        /// <summary>The stack name or id.</summary>
        public string StackName { get; set; } = string.Empty;

        /// <summary>The next page's token.</summary>
        public string? NextToken { get; set; }
    }

    /// <summary>ListChangeSets output.</summary>
    public sealed class ListChangeSetsResponse
    {
        /// <summary>The change sets.</summary>
        public List<ChangeSetSummary> Summaries { get; set; } = [];

        /// <summary>The next page's token.</summary>
        public string? NextToken { get; set; }
    }

    /// <summary>GetTemplate input.</summary>
    public sealed class GetTemplateRequest
    {
        /// <summary>The stack name or id.</summary>
        public string? StackName { get; set; }

        /// <summary>A change set's template instead of the stack's.</summary>
        public string? ChangeSetName { get; set; }

        /// <summary><c>Original</c> (default) or <c>Processed</c>.</summary>
        public string? TemplateStage { get; set; }
    }

    /// <summary>GetTemplate output.</summary>
    public sealed class GetTemplateResponse
    {
        /// <summary>The template as submitted.</summary>
        public string TemplateBody { get; set; } = string.Empty;

        /// <summary><c>Original</c>, <c>Processed</c>.</summary>
        public List<string> StagesAvailable { get; set; } = [];
    }

    /// <summary>GetTemplateSummary input: a stack, a template body or an S3 URL.</summary>
    public sealed class GetTemplateSummaryRequest
    {
        /// <summary>A stack name or id.</summary>
        public string? StackName { get; set; }

        /// <summary>A template body.</summary>
        public string? TemplateBody { get; set; }

        /// <summary>An S3 URL of a template.</summary>
        public string? TemplateURL { get; set; }
    }

    /// <summary>GetTemplateSummary output.</summary>
    public sealed class GetTemplateSummaryResponse
    {
        /// <summary>The template's parameters.</summary>
        public List<ParameterDeclaration> Parameters { get; set; } = [];

        /// <summary>The template's description.</summary>
        public string? Description { get; set; }

        /// <summary>Capabilities the template requires.</summary>
        public List<string> Capabilities { get; set; } = [];

        /// <summary>Which resources require them.</summary>
        public string? CapabilitiesReason { get; set; }

        /// <summary>The resource types the template declares.</summary>
        public List<string> ResourceTypes { get; set; } = [];

        /// <summary>The template's <c>AWSTemplateFormatVersion</c>.</summary>
        public string? Version { get; set; }
    }
}
