using Gem.Core.Data;
using Gem.Core.Policy;
using Gem.Core.Tokenization;
using Gem.Entropy.Statistics;
using Gem.Sega.Objectives;
using Microsoft.Extensions.Logging;
using TorchSharp;
using static TorchSharp.torch;

namespace Gem.Core.Training;

/// <summary>
/// Supervised fine-tuning on the chosen completions, the baseline GEM is compared with: the token-mean negative
/// log-likelihood <c>L = −Σ_{b,t} m_bt log π(y_bt) / Σ m</c> of <see cref="PreferenceExample.Chosen"/> given the prompt
/// (or, for an example without a pair, of its <see cref="PreferenceExample.ReferenceCompletion"/>: a demonstration),
/// through <see cref="SftObjective"/>. Micro-batches are weighted by their completion tokens, so accumulation gives
/// exactly the whole batch's token mean.
/// </summary>
public sealed class SftTrainer : PolicyTrainer<TrainerStepMetrics>
{
    private readonly SftObjective _objective;
    private long _tokens;
    private double _negativeLogLikelihood;

    /// <summary>Creates the trainer.</summary>
    /// <param name="policy">The model being trained.</param>
    /// <param name="encoder">Formats and tokenises prompts and completions.</param>
    /// <param name="options">Shared options; defaults when null.</param>
    /// <param name="objective">The SFT objective; the default (token mean) when null.</param>
    /// <param name="optimizer">The optimiser; AdamW over all parameters when null.</param>
    /// <param name="logger">Step messages; none when null.</param>
    public SftTrainer(ICausalLanguageModel policy, ChatEncoder encoder, TrainerOptions? options = null, SftObjective? objective = null,
        optim.Optimizer? optimizer = null, ILogger<SftTrainer>? logger = null)
        : base(policy, encoder, options, optimizer, logger) =>
        _objective = objective ?? new SftObjective();

    /// <inheritdoc />
    protected override void ValidateBatch(IReadOnlyList<PreferenceExample> batch)
    {
        for (var i = 0; i < batch.Count; i++)
        {
            if (Target(batch[i]) is null)
                throw new ArgumentException($"SFT trains on chosen (or reference) completions; example {i} of the batch has neither.", nameof(batch));
        }
    }

    /// <inheritdoc />
    protected override double MicroBatchWeight(IReadOnlyList<PreferenceExample> microBatch) =>
        microBatch.Sum(e => EncodeHumanCompletion(Target(e)!).Count);

    /// <inheritdoc />
    protected override void BeginStep()
    {
        _tokens = 0;
        _negativeLogLikelihood = 0;
    }

    /// <inheritdoc />
    protected override Tensor ComputeMicroBatchLoss(IReadOnlyList<PreferenceExample> microBatch, double share, CancellationToken cancellationToken)
    {
        Policy.TrainableModule.train();
        using var batch = SequenceBatch.Create(microBatch.Select(e => EncodeHuman(e.Prompt, Target(e)!)).ToList(), Options.PadTokenId, Policy.Device);
        var logProbabilities = TeacherForcing.Run(Policy, batch, TokenStatistic.None, Options.TokenStatistics).LogProbabilities;
        using var result = _objective.ComputeFromLogProbabilities(logProbabilities, batch.CompletionMask);
        _tokens += batch.AttentionMask.sum().cpu().item<long>();
        _negativeLogLikelihood += share * result.MeanNegativeLogLikelihood;
        return result.Loss.alias();
    }

    /// <inheritdoc />
    protected override TrainerStepMetrics EndStep(StepOutcome outcome)
    {
        var metrics = new TrainerStepMetrics
        {
            Step = outcome.Step,
            Loss = outcome.Loss,
            GradientNorm = outcome.GradientNorm,
            LearningRate = outcome.LearningRate,
            TokensPerSecond = _tokens / Math.Max(1e-9, outcome.Duration.TotalSeconds),
            Duration = outcome.Duration,
            Scalars = new Dictionary<string, double> { ["nll"] = _negativeLogLikelihood },
        };
        Diagnostics.Log.BaselineStepCompleted(Logger, "SFT", metrics);
        return metrics;
    }

    /// <summary>What SFT imitates: the chosen completion, else the reference completion.</summary>
    private static string? Target(PreferenceExample example) => example.Chosen ?? example.ReferenceCompletion;
}
