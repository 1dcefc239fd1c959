using Gem.Core.Policy;
using Gem.Core.Tokenization;
using Gem.Entropy.Statistics;
using TorchSharp;
using static TorchSharp.torch;

namespace Gem.Core.Training;

/// <summary>
/// One teacher-forced forward over a <see cref="SequenceBatch"/> and, from the same logits, the completion tokens'
/// log-probabilities (with gradient) and, when asked, their entropies (detached): GEM never runs a second forward
/// pass for scoring.
/// </summary>
internal static class TeacherForcing
{
    /// <summary>Runs the model and computes the completion statistics.</summary>
    /// <param name="model">The policy (or a frozen reference under <c>no_grad</c>).</param>
    /// <param name="batch">Prompts left-padded to P columns, completions (C columns) after them.</param>
    /// <param name="withEntropy">Whether to compute per-token entropies as well.</param>
    /// <param name="options">Chunking options for the token statistics.</param>
    /// <returns>Log-probabilities <c>[N, C]</c> float32 (0 where the completion mask is 0) and entropies <c>[N, C]</c>
    /// float32 or null; both in the caller's dispose scope.</returns>
    public static (Tensor LogProbabilities, Tensor? Entropies) Run(ICausalLanguageModel model, SequenceBatch batch, bool withEntropy, TokenStatisticsOptions? options)
    {
        using var scope = NewDisposeScope();
        var promptWidth = batch.PromptWidth;
        var completionWidth = batch.CompletionMask.shape[1];
        var ids = batch.InputIds.to(model.Device);
        var attention = batch.AttentionMask.to(model.Device);
        // Only the positions that predict completion tokens are needed: P − 1 … P + C − 2 predict columns P … P + C − 1.
        var inputs = ids.narrow(1, 0, promptWidth + completionWidth - 1);
        var logits = model.Forward(inputs, attention.narrow(1, 0, promptWidth + completionWidth - 1));
        var predicting = logits.narrow(1, promptWidth - 1, completionWidth);
        var targets = ids.narrow(1, promptWidth, completionWidth);
        var mask = batch.CompletionMask.to(model.Device).to(ScalarType.Bool);
        var wanted = withEntropy ? TokenStatistic.Entropy | TokenStatistic.TargetLogProbability : TokenStatistic.TargetLogProbability;
        using var statistics = TokenStatistics.Compute(predicting, targets, wanted, options);
        var logProbabilities = where(mask, statistics.TargetLogProbabilities!, zeros_like(statistics.TargetLogProbabilities!));
        var entropies = withEntropy ? where(mask, statistics.Entropy!, zeros_like(statistics.Entropy!)).MoveToOuterDisposeScope() : null;
        return (logProbabilities.MoveToOuterDisposeScope(), entropies);
    }

    /// <summary>Log-probabilities of a frozen model (no gradient, eval mode restored afterwards).</summary>
    public static Tensor ReferenceLogProbabilities(ICausalLanguageModel reference, SequenceBatch batch, TokenStatisticsOptions? options)
    {
        using var noGrad = no_grad();
        var (logProbabilities, _) = Run(reference, batch, withEntropy: false, options);
        return logProbabilities;
    }
}
