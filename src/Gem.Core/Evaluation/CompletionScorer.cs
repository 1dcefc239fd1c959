using Gem.Core.Policy;
using Gem.Core.Tokenization;
using Gem.Core.Training;
using Gem.Entropy.Scoring;
using Gem.Entropy.Spans;
using Gem.Entropy.Statistics;
using TorchSharp;
using static TorchSharp.torch;

namespace Gem.Core.Evaluation;

/// <summary>
/// Scores given completions the way <see cref="GemTrainer"/> scores its candidates — one teacher-forced forward,
/// per-token entropies on the model's own logits, answer/reasoning spans, an <see cref="IEntropyScorer"/> — without
/// gradient and in eval mode. Use it to check how well the score tracks correctness on your own data (best-of-k,
/// AUROC) before training on it.
/// </summary>
public sealed class CompletionScorer
{
    private readonly ICausalLanguageModel _policy;
    private readonly IEntropyScorer _scorer;
    private readonly IAnswerSpanStrategy _spans;
    private readonly TrainerOptions _options;

    /// <summary>Creates the scorer.</summary>
    /// <param name="policy">The model whose entropies are read.</param>
    /// <param name="encoder">Its tokenizer decodes ids for the default answer markers.</param>
    /// <param name="scorer">The score; <see cref="EntropyGuidedScorer"/> with the paper's defaults when null.</param>
    /// <param name="spans">Answer spans; the default markers (else the last 20%) when null.</param>
    /// <param name="options">Pad id and chunking as the trainer uses them; defaults when null.</param>
    public CompletionScorer(ICausalLanguageModel policy, ChatEncoder encoder, IEntropyScorer? scorer = null, IAnswerSpanStrategy? spans = null,
        TrainerOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(policy);
        ArgumentNullException.ThrowIfNull(encoder);
        _policy = policy;
        _scorer = scorer ?? new EntropyGuidedScorer();
        _spans = spans ?? MarkerSpanStrategy.CreateDefault(ids => encoder.Tokenizer.Decode(ids));
        _options = options ?? TrainerOptions.Default;
    }

    /// <summary>Scores <paramref name="sequences"/> (prompt ids, then the completion ids exactly as sampled or encoded).</summary>
    /// <param name="sequences">At least one sequence, each with at least one completion token.</param>
    /// <param name="batchSize">Sequences per forward pass (≥ 1, default 32).</param>
    /// <param name="cancellationToken">Checked between batches.</param>
    /// <returns>One <see cref="CompletionScore"/> per sequence, in order.</returns>
    /// <exception cref="ArgumentException">No sequences, or a sequence with an empty completion.</exception>
    public IReadOnlyList<CompletionScore> Score(IReadOnlyList<EncodedSequence> sequences, int batchSize = 32, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(sequences);
        if (sequences.Count == 0)
            throw new ArgumentException("sequences must hold at least one sequence; got none.", nameof(sequences));
        ArgumentOutOfRangeException.ThrowIfLessThan(batchSize, 1);
        for (var i = 0; i < sequences.Count; i++)
        {
            if (sequences[i].CompletionLength == 0)
                throw new ArgumentException($"sequences[{i}] has no completion token; expected at least one.", nameof(sequences));
        }

        var results = new List<CompletionScore>(sequences.Count);
        var wasTraining = _policy.TrainableModule.training;
        _policy.TrainableModule.eval();
        try
        {
            using var noGrad = no_grad();
            for (var start = 0; start < sequences.Count; start += batchSize)
            {
                cancellationToken.ThrowIfCancellationRequested();
                using var scope = NewDisposeScope();
                var chunk = sequences.Skip(start).Take(batchSize).ToList();
                using var batch = SequenceBatch.Create(chunk, _options.PadTokenId, _policy.Device);
                var statistics = TeacherForcing.Run(_policy, batch, TokenStatistic.Entropy | _scorer.RequiredStatistics, _options.TokenStatistics);
                var completionIds = batch.InputIds.narrow(1, batch.PromptWidth, batch.CompletionMask.shape[1]);
                using var spans = _spans.Locate(completionIds, batch.CompletionMask);
                using var scores = _scorer.Score(new EntropyScoringInput(statistics.Entropies!, batch.CompletionMask, spans, statistics.SelfCertainties));
                var lengths = batch.CompletionMask.to(ScalarType.Float64).sum([1L]);
                // One host transfer for everything of the batch: rows are score, H_final, F, answer found, mean log-prob.
                var table = stack([
                    scores.Score.to(ScalarType.Float64),
                    (scores.FinalEntropy ?? full_like(scores.Score, double.NaN)).to(ScalarType.Float64),
                    (scores.ForkTerm ?? full_like(scores.Score, double.NaN)).to(ScalarType.Float64),
                    scores.AnswerFound.to(ScalarType.Float64),
                    statistics.LogProbabilities.to(ScalarType.Float64).sum([1L]) / lengths,
                ]).cpu().data<double>().ToArray();
                var n = chunk.Count;
                for (var i = 0; i < n; i++)
                {
                    results.Add(new CompletionScore(
                        table[i],
                        Optional(table[n + i]),
                        Optional(table[2 * n + i]),
                        table[3 * n + i] > 0.5,
                        table[4 * n + i]));
                }
            }
        }
        finally
        {
            _policy.TrainableModule.train(wasTraining);
        }

        return results;
    }

    private static double? Optional(double value) => double.IsNaN(value) ? null : value;
}

/// <summary>The score of one completion and its parts.</summary>
/// <param name="Score">The scorer's <c>S</c> (higher is better).</param>
/// <param name="FinalEntropy"><c>H_final</c>, when the scorer reports it (nats).</param>
/// <param name="ForkTerm"><c>F</c>, when the scorer reports it (nats).</param>
/// <param name="AnswerFound">Whether the answer marker was found in the completion.</param>
/// <param name="MeanLogProbability">The completion's mean token log-probability under the model.</param>
public sealed record CompletionScore(double Score, double? FinalEntropy, double? ForkTerm, bool AnswerFound, double MeanLogProbability);
