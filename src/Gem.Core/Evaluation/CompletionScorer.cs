using Gem.Core.Policy;
using Gem.Core.Tokenization;
using Gem.Core.Training;
using Gem.Entropy.Scoring;
using Gem.Entropy.Spans;
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
    /// <param name="encoder">Its tokenizer decodes ids for the default answer markers; may be null only when
    /// <paramref name="spans"/> is given.</param>
    /// <param name="scorer">The score; <see cref="EntropyGuidedScorer"/> with the paper's defaults when null.</param>
    /// <param name="spans">Answer spans; the default markers (else the last 20%) when null.</param>
    /// <param name="options">Pad id and chunking as the trainer uses them; defaults when null.</param>
    /// <exception cref="ArgumentNullException"><paramref name="policy"/> is null, or both <paramref name="encoder"/> and <paramref name="spans"/> are.</exception>
    public CompletionScorer(ICausalLanguageModel policy, ChatEncoder? encoder, IEntropyScorer? scorer = null, IAnswerSpanStrategy? spans = null,
        TrainerOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(policy);
        if (encoder is null && spans is null)
            throw new ArgumentNullException(nameof(encoder), "encoder is needed to decode the default answer markers when no spans strategy is given.");
        _policy = policy;
        _scorer = scorer ?? new EntropyGuidedScorer();
        _spans = spans ?? MarkerSpanStrategy.CreateDefault(ids => encoder!.Tokenizer.Decode(ids));
        _options = options ?? TrainerOptions.Default;
    }

    /// <summary>Scores <paramref name="sequences"/> (prompt ids, then the completion ids exactly as sampled or encoded).</summary>
    /// <param name="sequences">At least one sequence, each with at least one completion token.</param>
    /// <param name="batchSize">Sequences per forward pass (≥ 1, default 32).</param>
    /// <param name="cancellationToken">Checked between batches.</param>
    /// <returns>One <see cref="CompletionScore"/> per sequence, in order.</returns>
    /// <exception cref="ArgumentException">No sequences, or a sequence with an empty completion.</exception>
    public IReadOnlyList<CompletionScore> Score(IReadOnlyList<EncodedSequence> sequences, int batchSize = 32, CancellationToken cancellationToken = default) =>
        Score(sequences, [_scorer], batchSize, cancellationToken)[0];

    /// <summary>
    /// Scores <paramref name="sequences"/> under several scorers from one forward pass per batch (the token statistics
    /// and spans are computed once and shared): to compare scorers on the same completions.
    /// </summary>
    /// <param name="sequences">At least one sequence, each with at least one completion token.</param>
    /// <param name="scorers">At least one scorer (the constructor's scorer is not used here).</param>
    /// <param name="batchSize">Sequences per forward pass (≥ 1, default 32).</param>
    /// <param name="cancellationToken">Checked between batches.</param>
    /// <returns>Per scorer, in the order given, one <see cref="CompletionScore"/> per sequence, in order.</returns>
    /// <exception cref="ArgumentException">No sequences or no scorers, a null scorer, or a sequence with an empty completion.</exception>
    public IReadOnlyList<IReadOnlyList<CompletionScore>> Score(
        IReadOnlyList<EncodedSequence> sequences, IReadOnlyList<IEntropyScorer> scorers, int batchSize = 32, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(sequences);
        ArgumentNullException.ThrowIfNull(scorers);
        if (sequences.Count == 0)
            throw new ArgumentException("sequences must hold at least one sequence; got none.", nameof(sequences));
        if (scorers.Count == 0)
            throw new ArgumentException("scorers must hold at least one scorer; got none.", nameof(scorers));
        for (var j = 0; j < scorers.Count; j++)
        {
            if (scorers[j] is null)
                throw new ArgumentException($"scorers[{j}] is null; expected a scorer.", nameof(scorers));
        }

        ArgumentOutOfRangeException.ThrowIfLessThan(batchSize, 1);
        for (var i = 0; i < sequences.Count; i++)
        {
            if (sequences[i].CompletionLength == 0)
                throw new ArgumentException($"sequences[{i}] has no completion token; expected at least one.", nameof(sequences));
        }

        var results = scorers.Select(_ => new List<CompletionScore>(sequences.Count)).ToList();
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
                using var scored = TeacherForcing.RunAndScore(_policy, batch, scorers, _spans, _options.TokenStatistics);
                var (statistics, spans) = (scored.Statistics, scored.Spans);
                var n = chunk.Count;
                // Shared by every scorer: mean log-prob, answer tokens, reasoning tokens.
                var shared = stack([
                    statistics.LogProbabilities.to(ScalarType.Float64).sum([1L]) / batch.CompletionMask.to(ScalarType.Float64).sum([1L]),
                    spans.AnswerMask.to(ScalarType.Float64).sum([1L]),
                    spans.ReasoningMask.to(ScalarType.Float64).sum([1L]),
                ]);
                // One host transfer for everything of the batch: per scorer, score, H_final, F, answer found, m.
                var rows = new List<Tensor> { shared };
                foreach (var scores in scored.Scores)
                {
                    var missing = full_like(scores.Score, double.NaN, ScalarType.Float64);
                    rows.Add(stack([
                        scores.Score.to(ScalarType.Float64),
                        scores.FinalEntropy?.to(ScalarType.Float64) ?? missing,
                        scores.ForkTerm?.to(ScalarType.Float64) ?? missing,
                        scores.AnswerFound.to(ScalarType.Float64),
                        scores.TopTokenCounts?.to(ScalarType.Float64) ?? missing,
                    ]));
                }

                var table = cat(rows, 0).cpu().data<double>().ToArray();
                for (var j = 0; j < scorers.Count; j++)
                {
                    var at = (3 + (5 * j)) * n;
                    for (var i = 0; i < n; i++)
                    {
                        results[j].Add(new CompletionScore(
                            table[at + i],
                            Optional(table[at + n + i]),
                            Optional(table[at + (2 * n) + i]),
                            table[at + (3 * n) + i] > 0.5,
                            table[i])
                        {
                            TopCount = Optional(table[at + (4 * n) + i]) is { } m ? (int)m : null,
                            AnswerTokens = (int)table[n + i],
                            ReasoningTokens = (int)table[(2 * n) + i],
                        });
                    }
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
public sealed record CompletionScore(double Score, double? FinalEntropy, double? ForkTerm, bool AnswerFound, double MeanLogProbability)
{
    /// <summary><c>m</c>, the reasoning tokens whose entropies make <c>F</c>, when the scorer reports it.</summary>
    public int? TopCount { get; init; }

    /// <summary>Tokens in the answer span.</summary>
    public int AnswerTokens { get; init; }

    /// <summary>Tokens in the reasoning span.</summary>
    public int ReasoningTokens { get; init; }
}
