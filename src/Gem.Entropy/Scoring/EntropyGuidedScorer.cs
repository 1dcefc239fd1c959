using Gem.Entropy.Statistics;
using TorchSharp;
using static TorchSharp.torch;

namespace Gem.Entropy.Scoring;

/// <summary>
/// The GEM score (DESIGN.md step 4): <c>S = −H_final + λ·F</c>, with <c>H_final</c> the answer span's entropies reduced
/// by <see cref="EntropyGuidedScorerOptions.AnswerReduction"/> (mean by default) and <c>F</c> the mean of the <c>m</c>
/// largest entropies in the reasoning span, <c>m = max(1, ⌈ρ·|reasoning|⌉)</c> (or a fixed count, capped at the span).
/// An empty answer span gives <c>H_final = 0</c>, an empty reasoning span <c>F = 0</c>. Batched over the group: one
/// sort per group and two host synchronisations (the finiteness check and the width of the top-m positions).
/// </summary>
public sealed class EntropyGuidedScorer : IEntropyScorer
{
    /// <summary>Creates the scorer.</summary>
    /// <param name="options">Its options; the paper's defaults (λ = 1, ρ = 0.1, mean, both terms) when null.</param>
    /// <exception cref="ArgumentException">Both terms are switched off.</exception>
    public EntropyGuidedScorer(EntropyGuidedScorerOptions? options = null)
    {
        Options = options ?? new EntropyGuidedScorerOptions();
        if (!Options.UseFinalEntropy && !Options.UseForkTerm)
            throw new ArgumentException("EntropyGuidedScorerOptions switches off both UseFinalEntropy and UseForkTerm: the score would be constant.", nameof(options));
    }

    /// <summary>The options the scorer was built with.</summary>
    public EntropyGuidedScorerOptions Options { get; }

    /// <inheritdoc />
    public TokenStatistic RequiredStatistics => TokenStatistic.Entropy;

    /// <inheritdoc />
    public EntropyScores Score(EntropyScoringInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        using var scope = NewDisposeScope();
        var entropies = input.Entropies.detach();
        var device = entropies.device;
        var completion = input.CompletionMask.ne(0).to(device);
        var answer = input.Spans.AnswerMask.to(device).logical_and(completion);
        var reasoning = input.Spans.ReasoningMask.to(device).logical_and(completion);
        ScoringMath.ThrowIfNotFinite(entropies, completion, "input");

        var finalEntropy = FinalEntropy(entropies, answer);

        var length = entropies.shape[1];
        var reasoningCount = reasoning.sum([1L]);
        var topCount = Options.ForkCount is { } count
            ? reasoningCount.clamp_max(count)
            // 1e-9 keeps ⌈0.1·30⌉ at 3 although 0.1·30 is 3.0000000000000004 in binary.
            : (reasoningCount.to(ScalarType.Float64) * Options.ForkFraction - 1e-9).ceil().clamp_min(1.0).to(ScalarType.Int64)
                .where(reasoningCount > 0, zeros_like(reasoningCount));
        var (sorted, order) = where(reasoning, entropies, full_like(entropies, float.NegativeInfinity)).sort(1, descending: true, stable: true);
        var inTop = arange(length, ScalarType.Int64, device).unsqueeze(0) < topCount.unsqueeze(1);
        var forkTerm = where(inTop, sorted, zeros_like(sorted)).sum([1L]) / topCount.to(ScalarType.Float32).clamp_min(1.0);

        var score = zeros_like(finalEntropy);
        if (Options.UseFinalEntropy)
            score = score - finalEntropy;
        if (Options.UseForkTerm)
            score = score + (forkTerm * Options.Lambda);
        var found = input.Spans.AnswerFound.to(device);
        if (Options.MissingAnswerScore is { } missing)
            score = where(found, score, full_like(score, missing));

        var width = Math.Max(0L, topCount.max().cpu().item<long>()); // one synchronisation per group, for the shape
        var positions = where(inTop, order, full_like(order, -1L)).narrow(1, 0, width).contiguous();
        return new EntropyScores(
            score.MoveToOuterDisposeScope(), found.clone().MoveToOuterDisposeScope(), finalEntropy.MoveToOuterDisposeScope(),
            forkTerm.MoveToOuterDisposeScope(), positions.MoveToOuterDisposeScope(), topCount.MoveToOuterDisposeScope());
    }

    private Tensor FinalEntropy(Tensor entropies, Tensor answer)
    {
        var any = answer.any(1);
        return Options.AnswerReduction switch
        {
            AnswerReduction.Mean => ScoringMath.MaskedMean(entropies, answer),
            // argmax returns the first maximal index: the first answer position.
            AnswerReduction.First => where(any, entropies.gather(1, answer.to(ScalarType.Int64).argmax(1, keepdim: true)).squeeze(1), zeros(answer.shape[0], device: entropies.device)),
            AnswerReduction.Max => where(any, where(answer, entropies, full_like(entropies, float.NegativeInfinity)).amax([1L]), zeros(answer.shape[0], device: entropies.device)),
            _ => throw new InvalidOperationException($"Unknown AnswerReduction {Options.AnswerReduction}."),
        };
    }
}
