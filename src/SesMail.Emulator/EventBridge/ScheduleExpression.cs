using System.Globalization;
using System.Text.RegularExpressions;
using Cronos;

namespace SesMail.Emulator.EventBridge;

/// <summary>
/// An EventBridge rule's <c>ScheduleExpression</c>: <c>rate(value unit)</c> or <c>cron(minutes hours day-of-month
/// month day-of-week year)</c>, always UTC (https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-scheduled-rule-pattern.html).
/// </summary>
/// <remarks>
/// Cron fields follow AWS, not Unix cron: six fields with a year; day-of-week is <c>1</c>–<c>7</c> = SUN–SAT (or
/// <c>SUN</c>…<c>SAT</c>); one of day-of-month and day-of-week must be <c>?</c>; wildcards <c>, - * / ? L W #</c>.
/// Occurrences come from Cronos after translating day-of-week numbers; the year field is matched here.
/// </remarks>
public sealed partial class ScheduleExpression
{
    private readonly TimeSpan? _rate;
    private readonly CronExpression? _cron;
    private readonly Func<int, bool>? _year;

    private ScheduleExpression(string text, TimeSpan? rate, CronExpression? cron, Func<int, bool>? year)
    {
        Text = text;
        _rate = rate;
        _cron = cron;
        _year = year;
    }

    /// <summary>The expression as written.</summary>
    public string Text { get; }

    /// <summary>The period of a <c>rate(…)</c> expression, or <c>null</c> for cron.</summary>
    public TimeSpan? Rate => _rate;

    /// <summary>Parses an expression.</summary>
    /// <param name="text">For example <c>rate(5 minutes)</c> or <c>cron(0 12 * * ? *)</c>.</param>
    /// <param name="expression">The parsed expression.</param>
    /// <param name="error">Why it is invalid.</param>
    /// <returns>Whether it is valid.</returns>
    public static bool TryParse(string text, out ScheduleExpression? expression, out string? error)
    {
        expression = null;
        error = null;
        var rate = RatePattern().Match(text);
        if (rate.Success)
        {
            var value = long.Parse(rate.Groups[1].Value, CultureInfo.InvariantCulture);
            var unit = rate.Groups[2].Value;
            if (value < 1 || (value == 1) != !unit.EndsWith('s'))
            {
                error = "The rate value must be a positive integer, with a singular unit for 1 (rate(1 minute)) and a plural one otherwise (rate(5 minutes)).";
                return false;
            }

            var period = unit.TrimEnd('s') switch
            {
                "minute" => TimeSpan.FromMinutes(value),
                "hour" => TimeSpan.FromHours(value),
                _ => TimeSpan.FromDays(value),
            };
            expression = new ScheduleExpression(text, period, null, null);
            return true;
        }

        var cron = CronPattern().Match(text);
        if (!cron.Success)
        {
            error = "The expression must be rate(value unit) or cron(minutes hours day-of-month month day-of-week year).";
            return false;
        }

        var fields = cron.Groups[1].Value.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (fields.Length != 6)
        {
            error = "A cron expression has six fields: minutes hours day-of-month month day-of-week year.";
            return false;
        }

        if ((fields[2] == "?") == (fields[4] == "?"))
        {
            error = "Exactly one of day-of-month and day-of-week must be '?'.";
            return false;
        }

        try
        {
            var translated = string.Join(' ', fields[0], fields[1], fields[2], fields[3], DayOfWeek(fields[4]));
            var parsed = CronExpression.Parse(translated, CronFormat.Standard);
            var year = Years(fields[5]);
            expression = new ScheduleExpression(text, null, parsed, year);
            return true;
        }
        catch (Exception exception) when (exception is CronFormatException or FormatException or OverflowException)
        {
            error = $"The cron expression is not valid: {exception.Message}";
            return false;
        }
    }

    /// <summary>The first time the schedule fires strictly after <paramref name="after"/>.</summary>
    /// <param name="after">The instant to start from (for rate expressions: the previous firing, or the rule's creation).</param>
    /// <returns>The next firing, or <c>null</c> when a cron expression never fires again.</returns>
    public DateTimeOffset? Next(DateTimeOffset after)
    {
        if (_rate is { } rate)
        {
            return after + rate;
        }

        var from = after.UtcDateTime;
        for (var i = 0; i < 10_000; i++)
        {
            var next = _cron!.GetNextOccurrence(from, TimeZoneInfo.Utc);
            if (next is null)
            {
                return null;
            }

            if (_year!(next.Value.Year))
            {
                return new DateTimeOffset(next.Value, TimeSpan.Zero);
            }

            if (next.Value.Year > 2199)
            {
                return null;
            }

            from = new DateTime(next.Value.Year + 1, 1, 1, 0, 0, 0, DateTimeKind.Utc).AddTicks(-1);
        }

        return null;
    }

    /// <summary>AWS day-of-week numbers (1 = SUN … 7 = SAT) as Unix cron numbers (0 = SUN … 6 = SAT).</summary>
    private static string DayOfWeek(string field) =>
        DayNumber().Replace(field, m => (int.Parse(m.Value, CultureInfo.InvariantCulture) is var day && day is >= 1 and <= 7
            ? day - 1
            : throw new FormatException($"Day-of-week {day} is not between 1 and 7.")).ToString(CultureInfo.InvariantCulture));

    private static Func<int, bool> Years(string field)
    {
        if (field is "*" or "?")
        {
            return _ => true;
        }

        var tests = new List<Func<int, bool>>();
        foreach (var part in field.Split(','))
        {
            var (range, step) = part.Split('/') is [var r, var s] ? (r, int.Parse(s, CultureInfo.InvariantCulture)) : (part, 1);
            var (from, to) = range == "*" ? (1970, 2199)
                : range.Split('-') is [var a, var b] ? (int.Parse(a, CultureInfo.InvariantCulture), int.Parse(b, CultureInfo.InvariantCulture))
                : (int.Parse(range, CultureInfo.InvariantCulture), part.Contains('/', StringComparison.Ordinal) ? 2199 : int.Parse(range, CultureInfo.InvariantCulture));
            if (from is < 1970 or > 2199 || to is < 1970 or > 2199 || step < 1)
            {
                throw new FormatException($"The year field '{field}' must use years 1970-2199.");
            }

            tests.Add(year => year >= from && year <= to && (year - from) % step == 0);
        }

        return year => tests.Any(t => t(year));
    }

    [GeneratedRegex("^rate\\((\\d+) (minutes?|hours?|days?)\\)$")]
    private static partial Regex RatePattern();

    [GeneratedRegex("^cron\\(([^)]+)\\)$")]
    private static partial Regex CronPattern();

    [GeneratedRegex("(?<!#)\\d+")]
    private static partial Regex DayNumber();
}
