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
/// Direct Preference Optimisation on the human pairs, the other baseline: sequence log-probabilities of chosen and
/// rejected under the policy (and a frozen reference, when given) in one teacher-forced forward, and
/// <see cref="DpoObjective"/>'s sigmoid or IPO loss. Micro-batches are weighted by their pairs.
/// </summary>
public sealed class DpoTrainer : PolicyTrainer<TrainerStepMetrics>
{
    private readonly DpoObjective _objective;
    private readonly ICausalLanguageModel? _reference;
    private long _tokens;
    private readonly Dictionary<string, double> _scalars = [];

    /// <summary>Creates the trainer.</summary>
    /// <param name="policy">The model being trained.</param>
    /// <param name="encoder">Formats and tokenises prompts and completions.</param>
    /// <param name="options">Shared options; defaults when null.</param>
    /// <param name="objective">The DPO objective (β, loss, label smoothing); the default when null.</param>
    /// <param name="reference">A frozen reference model (usually a copy of the initial policy), or <see langword="null"/> for reference-free DPO.</param>
    /// <param name="optimizer">The optimiser; AdamW over all parameters when null.</param>
    /// <param name="logger">Step messages; none when null.</param>
    public DpoTrainer(ICausalLanguageModel policy, ChatEncoder encoder, TrainerOptions? options = null, DpoObjective? objective = null,
        ICausalLanguageModel? reference = null, optim.Optimizer? optimizer = null, ILogger<DpoTrainer>? logger = null)
        : base(policy, encoder, options, optimizer, logger)
    {
        _objective = objective ?? new DpoObjective();
        _reference = reference;
        if (reference is not null && reference.VocabularySize != policy.VocabularySize)
            throw new ArgumentException($"reference must have the policy's vocabulary size {policy.VocabularySize}; got {reference.VocabularySize}.", nameof(reference));
    }

    /// <inheritdoc />
    protected override void ValidateBatch(IReadOnlyList<PreferenceExample> batch)
    {
        for (var i = 0; i < batch.Count; i++)
        {
            if (batch[i].Chosen is null || batch[i].Rejected is null)
                throw new ArgumentException($"DPO trains on preference pairs; example {i} of the batch lacks a chosen or a rejected completion.", nameof(batch));
        }
    }

    /// <inheritdoc />
    protected override double MicroBatchWeight(IReadOnlyList<PreferenceExample> microBatch) => microBatch.Count;

    /// <inheritdoc />
    protected override void BeginStep()
    {
        _tokens = 0;
        _scalars.Clear();
    }

    /// <inheritdoc />
    protected override Tensor ComputeMicroBatchLoss(IReadOnlyList<PreferenceExample> microBatch, double share, CancellationToken cancellationToken)
    {
        Policy.TrainableModule.train();
        var sequences = microBatch.Select(e => EncodeHuman(e.Prompt, e.Chosen!))
            .Concat(microBatch.Select(e => EncodeHuman(e.Prompt, e.Rejected!))).ToList();
        using var batch = SequenceBatch.Create(sequences, Options.PadTokenId, Policy.Device);
        var pairs = microBatch.Count;
        var logProbabilities = TeacherForcing.Run(Policy, batch, TokenStatistic.None, Options.TokenStatistics).LogProbabilities;
        var sums = logProbabilities.sum([1L]);
        Tensor? referenceChosen = null, referenceRejected = null;
        if (_reference is not null)
        {
            var referenceSums = TeacherForcing.ReferenceLogProbabilities(_reference, batch, Options.TokenStatistics).sum([1L]);
            referenceChosen = referenceSums.narrow(0, 0, pairs);
            referenceRejected = referenceSums.narrow(0, pairs, pairs);
        }

        using var result = _objective.Compute(sums.narrow(0, 0, pairs), sums.narrow(0, pairs, pairs), referenceChosen, referenceRejected);
        _tokens += batch.AttentionMask.sum().cpu().item<long>();
        var d = result.Diagnostics;
        Accumulate("rewards/chosen", share * d.RewardsChosen);
        Accumulate("rewards/rejected", share * d.RewardsRejected);
        Accumulate("rewards/accuracies", share * d.RewardsAccuracy);
        Accumulate("rewards/margins", share * d.RewardsMargin);
        Accumulate("logps/chosen", share * d.LogProbabilitiesChosen);
        Accumulate("logps/rejected", share * d.LogProbabilitiesRejected);
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
            Scalars = new Dictionary<string, double>(_scalars),
        };
        Diagnostics.Log.BaselineStepCompleted(Logger, "DPO", metrics);
        return metrics;
    }

    private void Accumulate(string name, double value) => _scalars[name] = _scalars.GetValueOrDefault(name) + value;
}
