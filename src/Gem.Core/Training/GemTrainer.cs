using System.Diagnostics;
using Gem.Core.Data;
using Gem.Core.Diagnostics;
using Gem.Core.Filtering;
using Gem.Core.Generation;
using Gem.Core.Policy;
using Gem.Core.Tokenization;
using Gem.Entropy.Scoring;
using Gem.Entropy.Spans;
using Gem.Sega.Objectives;
using Microsoft.Extensions.Logging;
using TorchSharp;
using static TorchSharp.torch;

namespace Gem.Core.Training;

/// <summary>
/// The GEM trainer (DESIGN.md steps 1–7). One step, per micro-batch of prompts: sample k candidates per prompt with
/// the current policy (no gradient, KV cache when the model has one) → add the human pair to each group → one
/// batched teacher-forced forward over all members → per-token log-probabilities (with gradient) and entropies
/// (detached) from the same logits → spans → <see cref="IEntropyScorer"/> scores → <see cref="ICandidateRanker"/>
/// ratings (the human order known, duplicates merged) → <see cref="SegaObjective"/> loss (+ β·KL to a frozen
/// reference) → backward; then gradient clipping, the optimiser step and the learning-rate schedule.
/// </summary>
/// <remarks>
/// Micro-batches (gradient accumulation) are weighted by their number of groups, so the accumulated gradient equals
/// that of <c>L = −(1/G) Σ_g (1/|g|) Σ_i A_i ℓ_i</c> over the whole batch. Metrics of every step go to the logger, to
/// <c>IProgress&lt;GemStepMetrics&gt;</c> and are returned.
/// </remarks>
public sealed class GemTrainer : PolicyTrainer<GemStepMetrics>
{
    private readonly CandidateGenerator _generator;
    private readonly IEntropyScorer _scorer;
    private readonly ICandidateRanker _ranker;
    private readonly SegaObjective _objective;
    private readonly IAnswerSpanStrategy _spans;
    private readonly ICausalLanguageModel? _reference;
    private StepAccumulator _step = new();

    /// <summary>Creates the trainer.</summary>
    /// <param name="policy">The model being trained (and sampled from).</param>
    /// <param name="encoder">Formats and tokenises prompts and the human completions.</param>
    /// <param name="gemOptions">Sampling and group options; <see cref="GemTrainerOptions.Default"/> when null.</param>
    /// <param name="options">Shared trainer options; <see cref="TrainerOptions.Default"/> when null.</param>
    /// <param name="scorer">Scores candidates; the paper's <see cref="EntropyGuidedScorer"/> (λ = 1, ρ = 0.1) when null.</param>
    /// <param name="ranker">Cognitive Filtering; <see cref="ScoreRanker"/> (ρ = S, the paper's minimal form) when null.</param>
    /// <param name="objective">SEGA; the paper's defaults (identity reward, mean baseline, sequence sum) when null.</param>
    /// <param name="spans">Locates answer and reasoning spans; the default markers (decoded with the encoder's tokenizer), else the last 20%, when null.</param>
    /// <param name="reference">The frozen reference for the KL term; required when the objective's β &gt; 0.</param>
    /// <param name="optimizer">The optimiser; AdamW over all parameters when null.</param>
    /// <param name="logger">Step messages; none when null.</param>
    /// <exception cref="ArgumentException">The objective has β &gt; 0 but no reference is given, or the reference's vocabulary differs.</exception>
    public GemTrainer(
        ICausalLanguageModel policy,
        ChatEncoder encoder,
        GemTrainerOptions? gemOptions = null,
        TrainerOptions? options = null,
        IEntropyScorer? scorer = null,
        ICandidateRanker? ranker = null,
        SegaObjective? objective = null,
        IAnswerSpanStrategy? spans = null,
        ICausalLanguageModel? reference = null,
        optim.Optimizer? optimizer = null,
        ILogger<GemTrainer>? logger = null)
        : base(policy, encoder, options, optimizer, logger)
    {
        GemOptions = gemOptions ?? GemTrainerOptions.Default;
        _generator = new CandidateGenerator(policy, encoder.Tokenizer);
        _scorer = scorer ?? new EntropyGuidedScorer();
        _ranker = ranker ?? new ScoreRanker();
        _objective = objective ?? new SegaObjective();
        _spans = spans ?? MarkerSpanStrategy.CreateDefault(ids => encoder.Tokenizer.Decode(ids));
        _reference = reference;
        if (_objective.Options.KlCoefficient > 0 && reference is null)
            throw new ArgumentException($"The objective's KL coefficient β is {_objective.Options.KlCoefficient}; a frozen reference model is required.", nameof(reference));
        if (reference is not null && reference.VocabularySize != policy.VocabularySize)
            throw new ArgumentException($"reference must have the policy's vocabulary size {policy.VocabularySize}; got {reference.VocabularySize}.", nameof(reference));
    }

    /// <summary>Sampling and group options.</summary>
    public GemTrainerOptions GemOptions { get; }

    /// <inheritdoc />
    protected override void ValidateBatch(IReadOnlyList<PreferenceExample> batch)
    {
        for (var i = 0; i < batch.Count; i++)
        {
            if (GroupSize(batch[i]) < 2)
                throw new ArgumentException(
                    $"Example {i} of the batch would form a group of {GroupSize(batch[i])} member(s); SEGA needs at least two: raise k (CandidatesPerPrompt = {GemOptions.CandidatesPerPrompt}) or give the example a human pair.",
                    nameof(batch));
        }
    }

    /// <inheritdoc />
    protected override double MicroBatchWeight(IReadOnlyList<PreferenceExample> microBatch) => microBatch.Count;

    /// <inheritdoc />
    protected override void BeginStep() => _step = new StepAccumulator();

    /// <inheritdoc />
    protected override Tensor ComputeMicroBatchLoss(IReadOnlyList<PreferenceExample> microBatch, double share, CancellationToken cancellationToken)
    {
        var k = GemOptions.CandidatesPerPrompt;
        var prompts = microBatch.Select(e => Encoder.EncodePrompt(e.Prompt, Options.SystemMessage)).ToList();

        // 1. Candidates, sampled without gradient and without dropout.
        var generationClock = Stopwatch.StartNew();
        Policy.TrainableModule.eval();
        using var generated = _generator.Generate(prompts, GemOptions.Generation, SamplingGenerator, cancellationToken);
        _step.GenerationTime += generationClock.Elapsed;

        // 2. Groups: k samples, then a⁺ and a⁻ when the example has them.
        var members = new List<EncodedSequence>();
        var groupSizes = new List<int>();
        var humanPairs = new List<HumanPreference?>();
        var sampledLengths = 0L;
        for (var b = 0; b < microBatch.Count; b++)
        {
            var start = members.Count;
            for (var j = 0; j < k; j++)
            {
                var completion = generated.GetCompletionTokens(generated.RowOf(b, j));
                members.Add(new EncodedSequence(prompts[b], completion));
                sampledLengths += completion.Count;
            }

            HumanPreference? human = null;
            if (GemOptions.IncludeHumanPair && microBatch[b] is { Chosen: { } chosen, Rejected: { } rejected })
            {
                members.Add(new EncodedSequence(prompts[b], EncodeHumanCompletion(chosen)));
                members.Add(new EncodedSequence(prompts[b], EncodeHumanCompletion(rejected)));
                human = new HumanPreference(k, k + 1);
            }

            groupSizes.Add(members.Count - start);
            humanPairs.Add(human);
        }

        // 3–4. One teacher-forced forward: log-probabilities with gradient and entropies detached, from the same logits;
        // spans and scores from those entropies. Then rank each group (one host transfer for all scores).
        Policy.TrainableModule.train();
        using var batch = SequenceBatch.Create(members, Options.PadTokenId, Policy.Device);
        using var scored = TeacherForcing.RunAndScore(Policy, batch, [_scorer], _spans, Options.TokenStatistics);
        var (statistics, scores) = (scored.Statistics, scored.Scores[0]);
        var scoreValues = scores.Score.to(ScalarType.Float64).cpu().data<double>().ToArray();
        var ratings = new double[scoreValues.Length];
        var offset = 0;
        for (var g = 0; g < groupSizes.Count; g++)
        {
            var size = groupSizes[g];
            var tokenIds = members.Skip(offset).Take(size).Select(m => m.CompletionIds.Select(id => (long)id).ToArray()).ToList();
            var groupRatings = _ranker.Rank(scoreValues.AsSpan(offset, size), humanPairs[g], DuplicateCompletions.KeysFromTokenIds(tokenIds));
            groupRatings.CopyTo(ratings, offset);
            offset += size;
        }

        // 5. SEGA (+ β·KL to the frozen reference).
        var referenceLogProbabilities = _reference is null ? null : TeacherForcing.ReferenceLogProbabilities(_reference, batch, Options.TokenStatistics);
        using var result = _objective.Compute(statistics.LogProbabilities, groupSizes, ratings, batch.CompletionMask, referenceLogProbabilities);

        _step.Add(share, result.Diagnostics, scores, groupSizes.Count, microBatch.Count * k, sampledLengths,
            batch.AttentionMask.sum().cpu().item<long>() + sampledLengths);
        return result.Loss.alias();
    }

    /// <inheritdoc />
    protected override GemStepMetrics EndStep(StepOutcome outcome)
    {
        var metrics = _step.ToMetrics(outcome);
        Log.StepCompleted(Logger, metrics);
        if (metrics.Groups > 0 && metrics.ZeroVarianceGroups == metrics.Groups)
            Log.AllGroupsZeroVariance(Logger, metrics.Step, metrics.Groups);
        return metrics;
    }

    private int GroupSize(PreferenceExample example) =>
        GemOptions.CandidatesPerPrompt + (GemOptions.IncludeHumanPair && example is { Chosen: not null, Rejected: not null } ? 2 : 0);

    /// <summary>Per-step sums over micro-batches (weighted by each micro-batch's share of the groups).</summary>
    private sealed class StepAccumulator
    {
        private double _rewardMean, _rewardStd, _advantage, _finalEntropy, _fork, _answerFound, _kl;
        private bool _hasKl;
        private int _zeroVariance, _groups;
        private long _sampled, _sampledTokens, _tokens;

        public TimeSpan GenerationTime { get; set; }

        public void Add(double share, SegaDiagnostics diagnostics, EntropyScores scores, int groups, long sampled,
            long sampledTokens, long tokens)
        {
            using var scope = NewDisposeScope();
            _rewardMean += share * diagnostics.RewardMean;
            _rewardStd += share * diagnostics.RewardStd;
            _advantage += share * diagnostics.AdvantageAbsMean;
            if (diagnostics.KlMean is { } kl)
            {
                _kl += share * kl;
                _hasKl = true;
            }

            // One transfer for the scorer's parts (means over members).
            var parts = stack([
                (scores.FinalEntropy ?? zeros_like(scores.Score)).to(ScalarType.Float64).mean(),
                (scores.ForkTerm ?? zeros_like(scores.Score)).to(ScalarType.Float64).mean(),
                scores.AnswerFound.to(ScalarType.Float64).mean(),
            ]).cpu().data<double>().ToArray();
            _finalEntropy += share * parts[0];
            _fork += share * parts[1];
            _answerFound += share * parts[2];
            _zeroVariance += (int)diagnostics.ZeroVarianceGroups;
            _groups += groups;
            _sampled += sampled;
            _sampledTokens += sampledTokens;
            _tokens += tokens;
        }

        public GemStepMetrics ToMetrics(StepOutcome outcome) => new()
        {
            Step = outcome.Step,
            Loss = outcome.Loss,
            RewardMean = _rewardMean,
            RewardStd = _rewardStd,
            AdvantageAbsMean = _advantage,
            MeanFinalEntropy = _finalEntropy,
            MeanForkTerm = _fork,
            AnswerFoundFraction = _answerFound,
            ZeroVarianceGroups = _zeroVariance,
            Groups = _groups,
            KullbackLeibler = _hasKl ? _kl : null,
            GradientNorm = outcome.GradientNorm,
            LearningRate = outcome.LearningRate,
            MeanCompletionLength = _sampled == 0 ? 0 : (double)_sampledTokens / _sampled,
            TokensPerSecond = _tokens / Math.Max(1e-9, outcome.Duration.TotalSeconds),
            GenerationTime = GenerationTime,
            UpdateTime = outcome.Duration - GenerationTime,
        };
    }
}
