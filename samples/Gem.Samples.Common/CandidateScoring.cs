using Gem.Core.Generation;
using Gem.Core.Policy;
using Gem.Entropy.Scoring;
using Gem.Entropy.Spans;
using Gem.Entropy.Statistics;
using TorchSharp;
using static TorchSharp.torch;

namespace Gem.Samples.Common;

/// <summary>
/// Scores sampled candidates as <see cref="Gem.Core.Training.GemTrainer"/> does, outside training: one teacher-forced
/// forward over all rows of a <see cref="GenerationResult"/> (left-padded prompts, right-padded completions), the
/// scorer's token statistics from those logits, the spans, then the <see cref="IEntropyScorer"/> — batched over the
/// rows, with one host transfer at the end.
/// </summary>
public static class CandidateScoring
{
    /// <summary>Samples candidates for <paramref name="prompts"/> with <see cref="CandidateGenerator"/>, then scores them (<see cref="Score"/>).</summary>
    /// <param name="model">The model, in eval mode.</param>
    /// <param name="prompts">B ≥ 1 prompts as token ids.</param>
    /// <param name="generation">k, τ, token limit, stop tokens and seed.</param>
    /// <param name="scorer">The scorer.</param>
    /// <param name="spans">Locates the answer and reasoning spans.</param>
    /// <returns>One <see cref="ScoredCandidate"/> per row, in row order (<c>b · k + j</c>).</returns>
    public static IReadOnlyList<ScoredCandidate> SampleAndScore(
        ICausalLanguageModel model, IReadOnlyList<IReadOnlyList<int>> prompts, GenerationOptions generation, IEntropyScorer scorer, IAnswerSpanStrategy spans)
    {
        using var generated = new CandidateGenerator(model).Generate(prompts, generation);
        return Score(model, generated, scorer, spans);
    }

    /// <summary>Scores every row of <paramref name="generated"/>.</summary>
    /// <param name="model">The model that scores (normally the one that generated), in eval mode.</param>
    /// <param name="generated">The candidates, rows <c>b · k + j</c>.</param>
    /// <param name="scorer">The scorer (the library's or your own).</param>
    /// <param name="spans">Locates the answer and reasoning spans.</param>
    /// <returns>One <see cref="ScoredCandidate"/> per row, in row order.</returns>
    public static IReadOnlyList<ScoredCandidate> Score(ICausalLanguageModel model, GenerationResult generated, IEntropyScorer scorer, IAnswerSpanStrategy spans)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(generated);
        ArgumentNullException.ThrowIfNull(scorer);
        ArgumentNullException.ThrowIfNull(spans);
        using var noGrad = no_grad();
        using var scope = NewDisposeScope();
        var promptWidth = generated.PromptWidth;
        var completionWidth = generated.CompletionWidth;
        // Positions P − 1 … P + M − 2 predict the completion's tokens; the last column predicts nothing.
        var width = promptWidth + completionWidth - 1;
        var device = model.Device;
        var logits = model.Forward(generated.Sequences.narrow(1, 0, width).to(device), generated.AttentionMask.narrow(1, 0, width).to(device))
            .narrow(1, promptWidth - 1, completionWidth);
        var completionIds = generated.CompletionIds.to(device);
        var completionMask = generated.CompletionMask.to(device);
        using var statistics = TokenStatistics.Compute(logits, completionIds, TokenStatistic.Entropy | scorer.RequiredStatistics);
        using var located = spans.Locate(completionIds, completionMask);
        using var scores = scorer.Score(new EntropyScoringInput(statistics.Entropy!, completionMask, located, statistics.SelfCertainty));

        var none = zeros_like(scores.Score);
        var host = stack([
            scores.Score, scores.FinalEntropy ?? none, scores.ForkTerm ?? none, (scores.TopTokenCounts ?? none).to(ScalarType.Float32),
            located.AnswerMask.sum([1L]).to(ScalarType.Float32), located.ReasoningMask.sum([1L]).to(ScalarType.Float32),
            scores.AnswerFound.to(ScalarType.Float32),
        ]).to(ScalarType.Float64).cpu().data<double>().ToArray();
        var rows = generated.RowCount;
        var k = generated.CandidatesPerPrompt;
        var result = new ScoredCandidate[rows];
        for (var r = 0; r < rows; r++)
        {
            double Part(int part) => host[(part * rows) + r];
            result[r] = new ScoredCandidate(
                r, r / k, r % k, generated.GetCompletionTokens(r), Part(0),
                scores.FinalEntropy is null ? null : Part(1),
                scores.ForkTerm is null ? null : Part(2),
                scores.TopTokenCounts is null ? null : (int)Part(3),
                (int)Part(4), (int)Part(5), Part(6) != 0);
        }

        return result;
    }
}
