using Amazon.IdentityManagement.Model;
using SesMail.Infrastructure.Provisioning;
using SesMail.Infrastructure.Template;
using SesMail.Tests.Support;

namespace SesMail.Tests.Infrastructure.Provisioning;

/// <summary><c>AWS::IAM::Role</c> applied to the emulator: created once, unchanged on a second run, kept in step with the template.</summary>
[Collection(EmulatorCollection.Name)]
[Trait("Kind", "Contract")]
public sealed class IamProvisionerTests(EmulatorFixture emulator)
{
    [Fact]
    public async Task Provision_Role_CreatesThenLeavesUnchangedThenDropsRemovedGrant()
    {
        var ct = TestContext.Current.CancellationToken;
        var clients = ProvisioningClients.Create(emulator.BaseUrl, EmulatorFixture.Region, EmulatorFixture.Credentials);
        var provisioner = new StackProvisioner(clients);
        var name = $"prov-{Guid.NewGuid():N}"[..20];
        var settings = new StackSettings("test", "000000000000", EmulatorFixture.Region, new Dictionary<string, string>());
        TemplateDocument Template(bool withWrite) => TemplateReader.Parse($$"""
            Parameters:
              Environment:
                Type: String
            Resources:
              Role:
                Type: AWS::IAM::Role
                Properties:
                  RoleName: {{name}}
                  AssumeRolePolicyDocument:
                    Version: "2012-10-17"
                    Statement:
                      - Effect: Allow
                        Principal: { Service: lambda.amazonaws.com }
                        Action: sts:AssumeRole
                  ManagedPolicyArns: [arn:aws:iam::aws:policy/AWSXrayWriteOnlyAccess]
                  Policies:
                    - PolicyName: read
                      PolicyDocument:
                        Version: "2012-10-17"
                        Statement:
                          - Effect: Allow
                            Action: s3:GetObject
                            Resource: !Sub arn:${AWS::Partition}:s3:::bucket/*
            {{(withWrite ? """
                    - PolicyName: write
                      PolicyDocument:
                        Version: "2012-10-17"
                        Statement:
                          - Effect: Allow
                            Action: s3:PutObject
                            Resource: arn:aws:s3:::bucket/*
            """ : string.Empty)}}
            """);

        var first = await provisioner.ProvisionAsync(Template(withWrite: true), settings, ct);
        var second = await provisioner.ProvisionAsync(Template(withWrite: true), settings, ct);
        var third = await provisioner.ProvisionAsync(Template(withWrite: false), settings, ct);
        var policies = await clients.Iam.ListRolePoliciesAsync(new ListRolePoliciesRequest { RoleName = name }, ct);
        var attached = await clients.Iam.ListAttachedRolePoliciesAsync(new ListAttachedRolePoliciesRequest { RoleName = name }, ct);

        first.Resource("Role").Status.Should().Be(ResourceStatus.Created);
        first.Resource("Role").Attribute("Arn").Should().Be($"arn:aws:iam::000000000000:role/{name}");
        second.Resource("Role").Status.Should().Be(ResourceStatus.Unchanged);
        third.Resource("Role").Status.Should().Be(ResourceStatus.Updated);
        policies.PolicyNames.Should().Equal("read");
        attached.AttachedPolicies.Select(p => p.PolicyArn).Should().Equal("arn:aws:iam::aws:policy/AWSXrayWriteOnlyAccess");
    }
}
