using System.Globalization;

namespace Gem.Samples.CustomScorer;

/// <summary>The mean custom score, GEM score and answer spread over a probe's candidates.</summary>
/// <param name="MeanCustomScore">Mean <c>S'</c> (the custom score).</param>
/// <param name="MeanGemScore">Mean <c>S</c> (the library's GEM score) of the same candidates.</param>
/// <param name="MeanSpread">Mean <c>σ_answer</c> (nats).</param>
/// <param name="Candidates">How many candidates.</param>
public sealed record ProbeSummary(double MeanCustomScore, double MeanGemScore, double MeanSpread, int Candidates)
{
    /// <inheritdoc />
    public override string ToString() => string.Create(CultureInfo.InvariantCulture,
        $"mean S' = {MeanCustomScore:F4}   mean S = {MeanGemScore:F4}   mean σ_answer = {MeanSpread:F4}   ({Candidates} candidates)");
}
