using System.Globalization;
using System.Numerics;
using System.Text;

namespace SesMail.Emulator.DynamoDb;

/// <summary>
/// A DynamoDB number (<c>N</c>): up to 38 significant digits, magnitude 1E-130 to 9.99…E+125, held exactly as
/// <c>Coefficient × 10^Exponent</c> so that <c>"1.0"</c>, <c>"1"</c> and <c>"10E-1"</c> are the same value.
/// </summary>
/// <remarks>https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/HowItWorks.NamingRulesDataTypes.html#HowItWorks.DataTypes.Number</remarks>
internal readonly struct DynamoNumber : IComparable<DynamoNumber>, IEquatable<DynamoNumber>
{
    private DynamoNumber(BigInteger coefficient, int exponent)
    {
        // Normalise: no trailing zeros in the coefficient, zero has exponent 0.
        if (coefficient.IsZero)
        {
            exponent = 0;
        }
        else
        {
            while (coefficient % 10 == 0)
            {
                coefficient /= 10;
                exponent++;
            }
        }

        Coefficient = coefficient;
        Exponent = exponent;
    }

    /// <summary>The signed coefficient without trailing zeros.</summary>
    public BigInteger Coefficient { get; }

    /// <summary>The power of ten.</summary>
    public int Exponent { get; }

    /// <summary>Parses the wire form (<c>-12.5</c>, <c>1e3</c>, <c>+0.001</c>).</summary>
    /// <param name="text">The string DynamoDB received.</param>
    /// <param name="value">The number.</param>
    /// <param name="error">DynamoDB's wording of the problem when parsing fails.</param>
    /// <returns>Whether the text is a valid DynamoDB number.</returns>
    public static bool TryParse(string text, out DynamoNumber value, out string? error)
    {
        value = default;
        error = null;
        var s = text.Trim();
        var i = 0;
        var negative = false;
        if (i < s.Length && (s[i] == '+' || s[i] == '-'))
        {
            negative = s[i] == '-';
            i++;
        }

        var digits = new StringBuilder();
        var fractionDigits = 0;
        var seenDigit = false;
        var seenPoint = false;
        for (; i < s.Length; i++)
        {
            var c = s[i];
            if (c is >= '0' and <= '9')
            {
                digits.Append(c);
                seenDigit = true;
                if (seenPoint)
                {
                    fractionDigits++;
                }
            }
            else if (c == '.' && !seenPoint)
            {
                seenPoint = true;
            }
            else
            {
                break;
            }
        }

        var exponent = 0;
        if (i < s.Length && (s[i] == 'e' || s[i] == 'E'))
        {
            i++;
            var start = i;
            if (i < s.Length && (s[i] == '+' || s[i] == '-'))
            {
                i++;
            }

            while (i < s.Length && char.IsAsciiDigit(s[i]))
            {
                i++;
            }

            if (i == start || !int.TryParse(s.AsSpan(start, i - start), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out exponent))
            {
                error = "A value provided cannot be converted into a number";
                return false;
            }
        }

        if (!seenDigit || i != s.Length)
        {
            error = "A value provided cannot be converted into a number";
            return false;
        }

        var coefficient = BigInteger.Parse(digits.ToString(), CultureInfo.InvariantCulture);
        if (negative)
        {
            coefficient = -coefficient;
        }

        value = new DynamoNumber(coefficient, exponent - fractionDigits);
        if (value.Coefficient.IsZero)
        {
            return true;
        }

        var significant = BigInteger.Abs(value.Coefficient).ToString(CultureInfo.InvariantCulture).Length;
        if (significant > 38)
        {
            error = "Attempting to store more than 38 significant digits in a Number";
            return false;
        }

        var magnitude = value.Exponent + significant - 1; // power of ten of the leading digit
        if (magnitude > 125)
        {
            error = "Number overflow. Attempting to store a number with magnitude larger than supported range";
            return false;
        }

        if (magnitude < -130)
        {
            error = "Number underflow. Attempting to store a number with magnitude smaller than supported range";
            return false;
        }

        return true;
    }

    /// <summary>Parses a number already validated on the way in.</summary>
    /// <param name="text">The wire form.</param>
    /// <returns>The number.</returns>
    /// <exception cref="FormatException">The text is not a number.</exception>
    public static DynamoNumber Parse(string text) =>
        TryParse(text, out var value, out var error) ? value : throw new FormatException(error);

    /// <summary>Exact sum.</summary>
    /// <param name="a">Left.</param>
    /// <param name="b">Right.</param>
    /// <returns>a + b.</returns>
    public static DynamoNumber operator +(DynamoNumber a, DynamoNumber b)
    {
        var exponent = Math.Min(a.Exponent, b.Exponent);
        return new DynamoNumber(a.Scaled(exponent) + b.Scaled(exponent), exponent);
    }

    /// <summary>Exact difference.</summary>
    /// <param name="a">Left.</param>
    /// <param name="b">Right.</param>
    /// <returns>a − b.</returns>
    public static DynamoNumber operator -(DynamoNumber a, DynamoNumber b) => a + new DynamoNumber(-b.Coefficient, b.Exponent);

    public static bool operator ==(DynamoNumber a, DynamoNumber b) => a.Equals(b);

    public static bool operator !=(DynamoNumber a, DynamoNumber b) => !a.Equals(b);

    public static bool operator <(DynamoNumber a, DynamoNumber b) => a.CompareTo(b) < 0;

    public static bool operator >(DynamoNumber a, DynamoNumber b) => a.CompareTo(b) > 0;

    public static bool operator <=(DynamoNumber a, DynamoNumber b) => a.CompareTo(b) <= 0;

    public static bool operator >=(DynamoNumber a, DynamoNumber b) => a.CompareTo(b) >= 0;

    /// <inheritdoc/>
    public int CompareTo(DynamoNumber other)
    {
        var exponent = Math.Min(Exponent, other.Exponent);
        return Scaled(exponent).CompareTo(other.Scaled(exponent));
    }

    /// <inheritdoc/>
    public bool Equals(DynamoNumber other) => Coefficient == other.Coefficient && Exponent == other.Exponent;

    /// <inheritdoc/>
    public override bool Equals(object? obj) => obj is DynamoNumber other && Equals(other);

    /// <inheritdoc/>
    public override int GetHashCode() => HashCode.Combine(Coefficient, Exponent);

    /// <summary>The canonical decimal text DynamoDB returns: no exponent, no trailing zeros (<c>"1.5"</c>, <c>"100"</c>).</summary>
    /// <returns>The text.</returns>
    public override string ToString()
    {
        var digits = BigInteger.Abs(Coefficient).ToString(CultureInfo.InvariantCulture);
        var sign = Coefficient.Sign < 0 ? "-" : string.Empty;
        if (Exponent >= 0)
        {
            return sign + digits + new string('0', Exponent);
        }

        var point = digits.Length + Exponent;
        return point > 0
            ? sign + digits[..point] + "." + digits[point..]
            : sign + "0." + new string('0', -point) + digits;
    }

    private BigInteger Scaled(int exponent) => Coefficient * BigInteger.Pow(10, Exponent - exponent);
}
