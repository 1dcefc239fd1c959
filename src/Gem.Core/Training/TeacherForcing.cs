using Gem.Core.Policy;
using Gem.Core.Tokenization;
using Gem.Entropy.Scoring;
using Gem.Entropy.Spans;
using Gem.Entropy.Statistics;
using TorchSharp;
using static TorchSharp.torch;

namespace Gem.Core.Training;

/// <summary>
/// One teacher-forced forward over a <see cref="SequenceBatch"/> and, from the same logits and in the same chunked
/// pass, the completion tokens' log-probabilities (with gradient) and whatever else a scorer needs (entropy,
/// self-certainty; detached): GEM never runs a second forward pass for scoring.
/// </summary>
internal static class TeacherForcing
{
    /// <summary>Runs the model and computes the completion statistics.</summary>
    /// <param name="model">The policy (or a frozen reference under <c>no_grad</c>).</param>
    /// <param name="batch">Prompts left-padded to P columns, completions (C columns) after them.</param>
    /// <param name="extra">Statistics wanted besides the log-probabilities (<see cref="TokenStatistic.None"/> for none).</param>
    /// <param name="options">Chunking options for the token statistics.</param>
    /// <returns>Per-token statistics <c>[N, C]</c> float32, zero where the completion mask is 0, in the caller's dispose scope.</returns>
    public static CompletionStatistics Run(ICausalLanguageModel model, SequenceBatch batch, TokenStatistic extra, TokenStatisticsOptions? options)
    {
        using var scope = NewDisposeScope();
        var promptWidth = batch.PromptWidth;
        var completionWidth = batch.CompletionMask.shape[1];
        var ids = batch.InputIds.to(model.Device);
        var attention = batch.AttentionMask.to(model.Device);
        // Only positions P − 1 … P + C − 2 predict completion tokens (columns P … P + C − 1); the last column predicts nothing.
        var width = promptWidth + completionWidth - 1;
        var logits = model.Forward(ids.narrow(1, 0, width), attention.narrow(1, 0, width));
        var predicting = logits.narrow(1, promptWidth - 1, completionWidth);
        var targets = ids.narrow(1, promptWidth, completionWidth);
        var mask = batch.CompletionMask.to(model.Device).to(ScalarType.Bool);
        using var statistics = TokenStatistics.Compute(predicting, targets, TokenStatistic.TargetLogProbability | extra, options);
        Tensor? Masked(Tensor? values) => values is null ? null : where(mask, values, zeros_like(values)).MoveToOuterDisposeScope();
        return new CompletionStatistics(
            Masked(statistics.TargetLogProbabilities)!,
            Masked(statistics.Entropy),
            Masked(statistics.SelfCertainty));
    }

    /// <summary>
    /// <see cref="Run"/> with the entropies and whatever the scorers read, then the completions' spans and each scorer's
    /// scores from those same statistics: what the trainer and the evaluators share.
    /// </summary>
    /// <param name="model">The policy.</param>
    /// <param name="batch">Prompts left-padded to P columns, completions (C columns) after them.</param>
    /// <param name="scorers">At least one scorer; each scores the completions, <c>[N]</c>.</param>
    /// <param name="spans">Locates the answer and reasoning spans of the completions.</param>
    /// <param name="options">Chunking options for the token statistics.</param>
    /// <returns>The statistics (in the caller's dispose scope), the spans and the scores, one per scorer in order (the
    /// caller disposes them with the result).</returns>
    public static ScoredCompletions RunAndScore(
        ICausalLanguageModel model, SequenceBatch batch, IReadOnlyList<IEntropyScorer> scorers, IAnswerSpanStrategy spans, TokenStatisticsOptions? options)
    {
        var wanted = scorers.Aggregate(TokenStatistic.Entropy, (all, scorer) => all | scorer.RequiredStatistics);
        var statistics = Run(model, batch, wanted, options);
        var completionIds = batch.InputIds.narrow(1, batch.PromptWidth, batch.CompletionMask.shape[1]);
        var scored = new ScoredCompletions(statistics, spans.Locate(completionIds, batch.CompletionMask));
        try
        {
            foreach (var scorer in scorers)
                scored.Scores.Add(scorer.Score(new EntropyScoringInput(statistics.Entropies!, batch.CompletionMask, scored.Spans, statistics.SelfCertainties)));
            return scored;
        }
        catch
        {
            scored.Dispose();
            throw;
        }
    }

    /// <summary>Per-token log-probabilities <c>[N, C]</c> of a frozen model, without gradient.</summary>
    public static Tensor ReferenceLogProbabilities(ICausalLanguageModel reference, SequenceBatch batch, TokenStatisticsOptions? options)
    {
        using var noGrad = no_grad();
        return Run(reference, batch, TokenStatistic.None, options).LogProbabilities;
    }
}

/// <summary>Per-token statistics of a batch's completion tokens, <c>[N, C]</c> float32, zero at masked positions.</summary>
/// <param name="LogProbabilities">Log-probabilities of the completion tokens, with gradient when the model has one.</param>
/// <param name="Entropies">Entropies (nats, detached), when asked for.</param>
/// <param name="SelfCertainties">Self-certainties (detached), when asked for.</param>
internal sealed record CompletionStatistics(Tensor LogProbabilities, Tensor? Entropies, Tensor? SelfCertainties);

/// <summary>A batch's completion statistics with the spans and scores computed from them (<see cref="TeacherForcing.RunAndScore"/>).</summary>
/// <param name="Statistics">Per-token statistics <c>[N, C]</c>.</param>
/// <param name="Spans">Answer and reasoning spans <c>[N, C]</c>.</param>
internal sealed record ScoredCompletions(CompletionStatistics Statistics, AnswerSpans Spans) : IDisposable
{
    /// <summary>Each scorer's scores and parts, <c>[N]</c>, in the order of the scorers.</summary>
    public List<EntropyScores> Scores { get; } = [];

    /// <summary>Disposes the spans and the scores (the statistics live in the caller's dispose scope).</summary>
    public void Dispose()
    {
        foreach (var scores in Scores)
            scores.Dispose();
        Spans.Dispose();
    }
}
