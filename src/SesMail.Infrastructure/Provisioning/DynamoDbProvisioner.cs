using System.Text.Json.Nodes;
using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using SesMail.Infrastructure.Template;

namespace SesMail.Infrastructure.Provisioning;

/// <summary><c>AWS::DynamoDB::Table</c>: CreateTable (keys, billing mode, stream, encryption), or UpdateTable when the stream differs; DeleteTable.</summary>
internal sealed class DynamoDbProvisioner(IAmazonDynamoDB dynamoDb) : IResourceProvisioner
{
    public IReadOnlyCollection<string> Types { get; } = ["AWS::DynamoDB::Table"];

    public async Task<ResourceStatus> ApplyAsync(ProvisioningContext context, CancellationToken cancellationToken)
    {
        var name = context.PhysicalId;
        var streamViewType = context.Properties["StreamSpecification"]?["StreamViewType"]?.GetValue<string>();
        var status = ResourceStatus.Unchanged;
        TableDescription table;
        try
        {
            table = (await dynamoDb.DescribeTableAsync(new DescribeTableRequest { TableName = name }, cancellationToken).ConfigureAwait(false)).Table;
            var currentView = table.StreamSpecification?.StreamEnabled == true ? table.StreamSpecification.StreamViewType?.Value : null;
            if (streamViewType is not null && currentView != streamViewType)
            {
                table = (await dynamoDb.UpdateTableAsync(
                    new UpdateTableRequest { TableName = name, StreamSpecification = new StreamSpecification { StreamEnabled = true, StreamViewType = streamViewType } },
                    cancellationToken).ConfigureAwait(false)).TableDescription;
                status = ResourceStatus.Updated;
            }
        }
        catch (ResourceNotFoundException)
        {
            var request = new CreateTableRequest
            {
                TableName = name,
                AttributeDefinitions = Items(context, "AttributeDefinitions")
                    .Select(a => new AttributeDefinition(a["AttributeName"]!.GetValue<string>(), a["AttributeType"]!.GetValue<string>())).ToList(),
                KeySchema = Items(context, "KeySchema")
                    .Select(k => new KeySchemaElement(k["AttributeName"]!.GetValue<string>(), k["KeyType"]!.GetValue<string>())).ToList(),
                BillingMode = context.String("BillingMode") ?? "PROVISIONED",
            };
            if (request.BillingMode == BillingMode.PROVISIONED)
            {
                var throughput = context.Properties["ProvisionedThroughput"];
                request.ProvisionedThroughput = new ProvisionedThroughput(
                    long.Parse(TemplateValues.ScalarText(throughput?["ReadCapacityUnits"], context.Path("ProvisionedThroughput.ReadCapacityUnits")), System.Globalization.CultureInfo.InvariantCulture),
                    long.Parse(TemplateValues.ScalarText(throughput?["WriteCapacityUnits"], context.Path("ProvisionedThroughput.WriteCapacityUnits")), System.Globalization.CultureInfo.InvariantCulture));
            }

            if (streamViewType is not null)
            {
                request.StreamSpecification = new StreamSpecification { StreamEnabled = true, StreamViewType = streamViewType };
            }

            if (context.Properties["SSESpecification"]?["SSEEnabled"] is JsonValue sse && sse.TryGetValue<bool>(out var enabled) && enabled)
            {
                request.SSESpecification = new SSESpecification { Enabled = true };
            }

            table = (await dynamoDb.CreateTableAsync(request, cancellationToken).ConfigureAwait(false)).TableDescription;
            status = ResourceStatus.Created;
        }

        for (var i = 0; i < 60 && table.TableStatus != TableStatus.ACTIVE; i++)
        {
            await Task.Delay(TimeSpan.FromMilliseconds(500), cancellationToken).ConfigureAwait(false);
            table = (await dynamoDb.DescribeTableAsync(new DescribeTableRequest { TableName = name }, cancellationToken).ConfigureAwait(false)).Table;
        }

        if (status == ResourceStatus.Created && context.Properties["PointInTimeRecoverySpecification"]?["PointInTimeRecoveryEnabled"] is JsonValue pitr && pitr.TryGetValue<bool>(out var on) && on)
        {
            await BackendOperations.OptionalAsync(context, "PointInTimeRecoverySpecification", () => dynamoDb.UpdateContinuousBackupsAsync(
                new UpdateContinuousBackupsRequest { TableName = name, PointInTimeRecoverySpecification = new PointInTimeRecoverySpecification { PointInTimeRecoveryEnabled = true } },
                cancellationToken)).ConfigureAwait(false);
        }

        if (!string.IsNullOrEmpty(table.TableArn))
        {
            context.Attributes["Arn"] = JsonValue.Create(table.TableArn);
        }

        if (!string.IsNullOrEmpty(table.LatestStreamArn))
        {
            context.Attributes["StreamArn"] = JsonValue.Create(table.LatestStreamArn);
        }

        return status;
    }

    /// <summary>DeleteTable.</summary>
    public async Task DeleteAsync(DeletionContext context, CancellationToken cancellationToken)
    {
        try
        {
            await dynamoDb.DeleteTableAsync(new DeleteTableRequest { TableName = context.PhysicalId }, cancellationToken).ConfigureAwait(false);
        }
        catch (ResourceNotFoundException)
        {
            // already gone
        }
    }

    private static IEnumerable<JsonObject> Items(ProvisioningContext context, string property) =>
        (context.Properties[property] as JsonArray ?? throw new TemplateException(context.Path(property), $"AWS::DynamoDB::Table requires {property}."))
        .OfType<JsonObject>();
}
