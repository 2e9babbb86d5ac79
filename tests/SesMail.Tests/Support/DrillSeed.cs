namespace SesMail.Tests.Support;

/// <summary>The seed of a randomised drill: <c>SESMAIL_DRILL_SEED</c> when set (to replay a failure), else a fresh one the test prints.</summary>
public static class DrillSeed
{
    /// <summary>The environment variable that fixes the seed.</summary>
    public const string Variable = "SESMAIL_DRILL_SEED";

    /// <summary>The seed to use.</summary>
    /// <returns><c>SESMAIL_DRILL_SEED</c>, or a random non-negative seed.</returns>
    public static int FromEnvironment() =>
        int.TryParse(Environment.GetEnvironmentVariable(Variable), System.Globalization.NumberStyles.Integer, System.Globalization.CultureInfo.InvariantCulture, out var seed)
            ? seed
            : Random.Shared.Next();
}
