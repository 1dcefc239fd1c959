using System.Globalization;
using System.Text.RegularExpressions;

namespace Gem.Core.Evaluation;

/// <summary>
/// Finds a completion's final answer after the last answer marker — <c>The answer is N</c> or GSM8K's
/// <c>#### N</c> — and normalises it so that answers compare by exact match: thousands separators, a leading
/// <c>$</c> or <c>+</c>, trailing punctuation and redundant zeros are dropped (<c>"$1,200.50"</c> → <c>"1200.5"</c>,
/// <c>"-0"</c> → <c>"0"</c>, <c>"007"</c> → <c>"7"</c>).
/// </summary>
public static partial class AnswerExtractor
{
    /// <summary>
    /// The normalised answer after the last marker, or <c>null</c> when there is no marker or no number right after it.
    /// </summary>
    public static string? Extract(string completion)
    {
        ArgumentNullException.ThrowIfNull(completion);
        Match? last = null;
        foreach (Match match in AnswerPattern().Matches(completion))
        {
            last = match;
        }

        return last is null ? null : Normalize(last.Groups["number"].Value);
    }

    /// <summary>
    /// Normalises a number written as text (<c>"1,234"</c>, <c>"$5"</c>, <c>"+3"</c>, <c>"12.50"</c>, <c>"7."</c>);
    /// <c>null</c> when it is not a number.
    /// </summary>
    public static string? Normalize(string number)
    {
        ArgumentNullException.ThrowIfNull(number);
        var text = number.Trim().TrimEnd('.', ',', '!', '?', ';', ':').Replace(",", string.Empty, StringComparison.Ordinal);
        if (text.StartsWith('$'))
        {
            text = text[1..];
        }

        if (!decimal.TryParse(text, NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var value))
        {
            return null;
        }

        // "G29"-style: no trailing zeros, no exponent; -0 becomes 0.
        var normalized = (value / 1.0000000000000000000000000000m).ToString(CultureInfo.InvariantCulture);
        return normalized == "-0" ? "0" : normalized;
    }

    /// <summary>Whether <paramref name="completion"/>'s extracted answer equals <paramref name="goldAnswer"/> after normalisation of both.</summary>
    public static bool IsCorrect(string completion, string goldAnswer)
    {
        ArgumentNullException.ThrowIfNull(goldAnswer);
        var gold = Normalize(goldAnswer)
            ?? throw new ArgumentException($"Expected the gold answer to be a number; it was '{goldAnswer}'.", nameof(goldAnswer));
        return Extract(completion) == gold;
    }

    [GeneratedRegex(@"(?:The answer is|####)\s*(?<number>[-+]?\$?[0-9][0-9,]*(?:\.[0-9]+)?)", RegexOptions.CultureInvariant | RegexOptions.IgnoreCase)]
    private static partial Regex AnswerPattern();
}
