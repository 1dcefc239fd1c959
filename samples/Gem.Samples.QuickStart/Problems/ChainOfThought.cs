using System.Globalization;

namespace Gem.Samples.QuickStart.Problems;

/// <summary>
/// A written solution: one sentence per equation, then <c>"The answer is N."</c>.
/// </summary>
/// <param name="Equations">The written equations, in order.</param>
/// <param name="FinalAnswer">The number after <c>The answer is</c>.</param>
public sealed record ChainOfThought(IReadOnlyList<ChainEquation> Equations, int FinalAnswer)
{
    /// <summary>The answer marker that ends every chain.</summary>
    public const string AnswerMarker = "The answer is";

    /// <summary>The full text, e.g. "Tom has 3 * 4 = 12 apples. So he has 12 - 5 = 7 apples. The answer is 7.".</summary>
    public string Text
    {
        get
        {
            var sentences = Equations.Select(e => e.Render())
                .Append(string.Create(CultureInfo.InvariantCulture, $"{AnswerMarker} {FinalAnswer}."));
            return string.Join(' ', sentences);
        }
    }
}
