using System.Text.Json.Nodes;

namespace SesMail.Infrastructure.Template;

/// <summary>
/// One entry of the template's <c>Resources</c> section, unevaluated
/// (https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/resources-section-structure.html).
/// </summary>
/// <param name="LogicalId">The logical id, e.g. <c>InputQueue</c>.</param>
/// <param name="Type">The resource type, e.g. <c>AWS::SQS::Queue</c>.</param>
/// <param name="Properties">The properties as written, with intrinsic functions in long form (<c>{"Ref": …}</c>); empty when absent.</param>
/// <param name="DependsOn">Explicit dependencies from <c>DependsOn</c>.</param>
/// <param name="Condition">The condition that must hold for the resource to exist, or <c>null</c>.</param>
/// <param name="DeletionPolicy">
/// <c>Delete</c> (the default when <c>null</c>), <c>Retain</c>, <c>RetainExceptOnCreate</c> or <c>Snapshot</c>: what
/// deleting the stack (or removing the resource from the template) does to it
/// (https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-attribute-deletionpolicy.html).
/// </param>
public sealed record TemplateResource(
    string LogicalId,
    string Type,
    JsonObject Properties,
    IReadOnlyList<string> DependsOn,
    string? Condition,
    string? DeletionPolicy = null)
{
    /// <summary>Whether deleting the stack or removing the resource leaves it in place (<c>Retain</c>; <c>RetainExceptOnCreate</c> outside a failed create).</summary>
    /// <param name="failedCreate">Whether the deletion rolls back the stack's first creation.</param>
    /// <returns><c>true</c> to keep the resource.</returns>
    public bool IsRetained(bool failedCreate = false) => DeletionPolicy switch
    {
        "Retain" => true,
        "RetainExceptOnCreate" => !failedCreate,
        _ => false,
    };

    /// <summary>The resource's path in the template, for error messages (<c>Resources.{LogicalId}</c>).</summary>
    public string Path => $"Resources.{LogicalId}";
}
