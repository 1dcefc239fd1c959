namespace Gem.Samples.Pretrained;

/// <summary>The parts of a GEM score: <c>S = −H_final + λ·F</c>.</summary>
/// <param name="Score">S.</param>
/// <param name="FinalEntropy">H_final, the mean entropy over the answer span (nats).</param>
/// <param name="AnswerTokens">Tokens in the answer span.</param>
/// <param name="ReasoningPeak">F, the mean of the m largest entropies of the reasoning span (0 when it is empty).</param>
/// <param name="PeakCount">m = max(1, ⌈ρ·|reasoning|⌉) (0 when the reasoning span is empty).</param>
/// <param name="ReasoningTokens">Tokens in the reasoning span.</param>
internal sealed record GemScoreParts(double Score, double FinalEntropy, int AnswerTokens, double ReasoningPeak, int PeakCount, int ReasoningTokens);

/// <summary>
/// The GEM score of one completion from its per-token entropies, with the fallback answer span only: the last 20% of
/// the completion (at least one token) is the answer, the rest the reasoning (stories have no answer marker).
/// The one place to swap for Gem.Entropy's <c>EntropyGuidedScorer</c> once it exists.
/// </summary>
internal static class GemScoreSketch
{
    public static GemScoreParts Score(IReadOnlyList<float> entropies, double lambda, double rho)
    {
        ArgumentNullException.ThrowIfNull(entropies);
        if (entropies.Count == 0)
            throw new ArgumentException("A completion of zero tokens has no GEM score.", nameof(entropies));
        var answerTokens = Math.Max(1, (int)Math.Ceiling(0.2 * entropies.Count));
        var reasoningTokens = entropies.Count - answerTokens;
        var finalEntropy = entropies.Skip(reasoningTokens).Average(e => (double)e);
        var peakCount = reasoningTokens == 0 ? 0 : Math.Max(1, (int)Math.Ceiling(rho * reasoningTokens));
        var peak = peakCount == 0 ? 0.0 : entropies.Take(reasoningTokens).OrderByDescending(e => e).Take(peakCount).Average(e => (double)e);
        return new GemScoreParts(-finalEntropy + lambda * peak, finalEntropy, answerTokens, peak, peakCount, reasoningTokens);
    }
}
