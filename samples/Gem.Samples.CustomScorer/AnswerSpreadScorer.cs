using Gem.Entropy.Scoring;
using Gem.Entropy.Statistics;
using TorchSharp;
using static TorchSharp.torch;

namespace Gem.Samples.CustomScorer;

/// <summary>
/// A user's own <see cref="IEntropyScorer"/>: the GEM score minus a penalty on an uneven answer,
/// <c>S' = −H_final + λ·F − γ·σ_answer</c>, with <c>σ_answer</c> the population standard deviation of the token
/// entropies over the answer span (0 for an answer of fewer than two tokens or an empty one).
/// </summary>
/// <remarks>
/// <para>Why: <c>H_final</c> is a mean, so an answer that is sure of most tokens but guesses at one (a number, a name)
/// can score as well as one that is steadily sure. Among answers with the same mean entropy, this scorer prefers the
/// steady one.</para>
/// <para>How: it composes the library's <see cref="EntropyGuidedScorer"/> for <c>H_final</c> and <c>F</c> (so its
/// parts and options — λ, ρ, the missing-answer score — are the library's) and adds its own term. Everything is a
/// tensor operation over the whole group on the entropies' device, in fp32: no per-member loop, no host copy beyond
/// the library scorer's own two synchronisations.</para>
/// </remarks>
public sealed class AnswerSpreadScorer : IEntropyScorer
{
    private readonly EntropyGuidedScorer _gem;

    /// <summary>Creates the scorer.</summary>
    /// <param name="spreadWeight">γ ≥ 0, the weight of the answer's entropy spread (0 gives the GEM score itself).</param>
    /// <param name="gemOptions">λ, ρ and the rest of the GEM score; the paper's defaults when null.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="spreadWeight"/> is negative, NaN or infinite.</exception>
    public AnswerSpreadScorer(double spreadWeight = 1.0, EntropyGuidedScorerOptions? gemOptions = null)
    {
        if (!double.IsFinite(spreadWeight) || spreadWeight < 0)
            throw new ArgumentOutOfRangeException(nameof(spreadWeight), spreadWeight, "Expected a finite weight γ ≥ 0.");
        SpreadWeight = spreadWeight;
        _gem = new EntropyGuidedScorer(gemOptions);
    }

    /// <summary>γ, the weight of the answer's entropy spread.</summary>
    public double SpreadWeight { get; }

    /// <summary>The options of the GEM part of the score.</summary>
    public EntropyGuidedScorerOptions GemOptions => _gem.Options;

    /// <inheritdoc />
    public TokenStatistic RequiredStatistics => TokenStatistic.Entropy;

    /// <summary>
    /// <c>σ_answer</c> per member: <c>sqrt((1/n) Σ_{t ∈ answer} (H_t − mean)²)</c> over the answer span's n tokens
    /// (inside the completion mask), 0 when n ≤ 1.
    /// </summary>
    /// <param name="input">The group's entropies <c>[members, T]</c> float32, completion mask and spans.</param>
    /// <returns><c>[members]</c> float32 on the entropies' device; the caller owns it.</returns>
    public static Tensor AnswerSpread(EntropyScoringInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        using var scope = NewDisposeScope();
        var entropies = input.Entropies.detach();
        var device = entropies.device;
        var answer = input.Spans.AnswerMask.to(device).logical_and(input.CompletionMask.ne(0).to(device));
        var count = answer.sum([1L]).to(ScalarType.Float32).clamp_min(1.0);
        var mean = where(answer, entropies, zeros_like(entropies)).sum([1L]) / count;
        // where() before squaring: values outside the mask may be anything, NaN included.
        var deviation = where(answer, entropies - mean.unsqueeze(1), zeros_like(entropies));
        return (deviation.square().sum([1L]) / count).sqrt().MoveToOuterDisposeScope();
    }

    /// <inheritdoc />
    public EntropyScores Score(EntropyScoringInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        using var scope = NewDisposeScope();
        // The library's scorer checks the entropies (NaN or ±∞ inside the mask is an error) and gives H_final and F;
        // its tensors land in this scope, which frees those not returned.
        var gem = _gem.Score(input);
        var score = gem.Score - (AnswerSpread(input) * SpreadWeight);
        if (GemOptions.MissingAnswerScore is { } missing)
            score = where(gem.AnswerFound, score, full_like(score, missing));
        return new EntropyScores(
            score.MoveToOuterDisposeScope(), gem.AnswerFound.MoveToOuterDisposeScope(), gem.FinalEntropy?.MoveToOuterDisposeScope(),
            gem.ForkTerm?.MoveToOuterDisposeScope(), gem.TopTokenPositions?.MoveToOuterDisposeScope(), gem.TopTokenCounts?.MoveToOuterDisposeScope());
    }
}
