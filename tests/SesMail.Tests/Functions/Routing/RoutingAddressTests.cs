using SesMail.Functions.Routing;

namespace SesMail.Tests.Functions.Routing;

[Trait("Kind", "Unit")]
public sealed class RoutingAddressTests
{
    public static TheoryData<string, string[]> Rows => new()
    {
        // Plain address: exact, domain wildcard, catch-all.
        { "support@example.com", ["ROUTE#support@example.com", "ROUTE#*@example.com", "ROUTE#*"] },
        // Upper case: the whole address is lower-cased (spec example).
        { "John.Doe+news@Example.COM", ["ROUTE#john.doe+news@example.com", "ROUTE#john.doe@example.com", "ROUTE#*@example.com", "ROUTE#*"] },
        // Several '+': cut at the first; dots kept.
        { "a+b+c@x.com", ["ROUTE#a+b+c@x.com", "ROUTE#a@x.com", "ROUTE#*@x.com", "ROUTE#*"] },
        // '+tag@': the cut local part would be empty, so no key 2.
        { "+tag@x.com", ["ROUTE#+tag@x.com", "ROUTE#*@x.com", "ROUTE#*"] },
        // Quoted local part containing '@' and '+': split at the last '@', kept intact.
        { "\"A+b@c\"@X.com", ["ROUTE#\"a+b@c\"@x.com", "ROUTE#*@x.com", "ROUTE#*"] },
        // IDN domain in Unicode form: lower-cased, not converted to its A-label.
        { "Info@BÜCHER.Example", ["ROUTE#info@bücher.example", "ROUTE#*@bücher.example", "ROUTE#*"] },
        // IDN domain in A-label form stays as is.
        { "info@XN--BCHER-KVA.example", ["ROUTE#info@xn--bcher-kva.example", "ROUTE#*@xn--bcher-kva.example", "ROUTE#*"] },
        // No '@': only itself and the catch-all.
        { "postmaster", ["ROUTE#postmaster", "ROUTE#*"] },
        // Trailing '+': key 2 differs (no '+'), so it is added.
        { "user+@x.com", ["ROUTE#user+@x.com", "ROUTE#user@x.com", "ROUTE#*@x.com", "ROUTE#*"] },
    };

    [Theory]
    [MemberData(nameof(Rows))]
    public void LookupKeys_Address_FollowsSpecOrder(string recipient, string[] expected) =>
        RoutingAddress.LookupKeys(recipient).Should().Equal(expected);
}
