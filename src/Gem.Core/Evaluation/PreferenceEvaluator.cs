using Gem.Core.Data;
using Gem.Core.Policy;
using Gem.Core.Tokenization;
using Gem.Core.Training;
using Gem.Entropy.Scoring;
using Gem.Entropy.Spans;
using TorchSharp;
using static TorchSharp.torch;

namespace Gem.Core.Evaluation;

/// <summary>
/// Measures preference accuracy on held-out pairs (is a⁺ scored above a⁻?) under DPO's implicit reward, the
/// length-normalised log-likelihood and the GEM score, all from one teacher-forced forward per batch of pairs
/// (plus one of the reference, when given). Runs without gradient, in eval mode.
/// </summary>
public sealed class PreferenceEvaluator
{
    private readonly ICausalLanguageModel _policy;
    private readonly ChatEncoder _encoder;
    private readonly IEntropyScorer _scorer;
    private readonly IAnswerSpanStrategy _spans;
    private readonly ICausalLanguageModel? _reference;
    private readonly double _beta;
    private readonly TrainerOptions _options;

    /// <summary>Creates the evaluator.</summary>
    /// <param name="policy">The model evaluated.</param>
    /// <param name="encoder">Formats and tokenises prompts and completions (as the trainers do).</param>
    /// <param name="scorer">The GEM score; <see cref="EntropyGuidedScorer"/> with the paper's defaults when null.</param>
    /// <param name="spans">Answer spans; the default markers, else the last 20%, when null.</param>
    /// <param name="reference">The reference for DPO's implicit reward, or <see langword="null"/> (then <c>ℓ_ref = 0</c>).</param>
    /// <param name="beta">β of the implicit reward (&gt; 0, default 0.1); it scales margins, not accuracies.</param>
    /// <param name="options">Pad and end-of-sequence ids, system message and chunking as the trainer uses them; defaults when null.</param>
    public PreferenceEvaluator(ICausalLanguageModel policy, ChatEncoder encoder, IEntropyScorer? scorer = null, IAnswerSpanStrategy? spans = null,
        ICausalLanguageModel? reference = null, double beta = 0.1, TrainerOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(policy);
        ArgumentNullException.ThrowIfNull(encoder);
        if (!double.IsFinite(beta) || beta <= 0)
            throw new ArgumentOutOfRangeException(nameof(beta), beta, "beta must be finite and > 0.");
        _policy = policy;
        _encoder = encoder;
        _scorer = scorer ?? new EntropyGuidedScorer();
        _spans = spans ?? MarkerSpanStrategy.CreateDefault(ids => encoder.Tokenizer.Decode(ids));
        _reference = reference;
        _beta = beta;
        _options = options ?? TrainerOptions.Default;
    }

    /// <summary>Evaluates <paramref name="pairs"/>.</summary>
    /// <param name="pairs">Examples with both a chosen and a rejected completion; at least one.</param>
    /// <param name="batchSize">Pairs per forward pass (≥ 1, default 8).</param>
    /// <param name="progress">Receives the number of pairs done after each batch.</param>
    /// <param name="cancellationToken">Checked between batches.</param>
    /// <returns>The three accuracies.</returns>
    /// <exception cref="ArgumentException">No pairs, or an example lacks a chosen or rejected completion.</exception>
    public PreferenceEvaluation Evaluate(IReadOnlyList<PreferenceExample> pairs, int batchSize = 8, IProgress<int>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(pairs);
        if (pairs.Count == 0)
            throw new ArgumentException("pairs must hold at least one example; got none.", nameof(pairs));
        ArgumentOutOfRangeException.ThrowIfLessThan(batchSize, 1);
        for (var i = 0; i < pairs.Count; i++)
        {
            if (pairs[i].Chosen is null || pairs[i].Rejected is null)
                throw new ArgumentException($"pairs[{i}] lacks a chosen or a rejected completion.", nameof(pairs));
        }

        double implicitWins = 0, normalizedWins = 0, gemWins = 0, margins = 0;
        var wasTraining = _policy.TrainableModule.training;
        _policy.TrainableModule.eval();
        try
        {
            using var noGrad = no_grad();
            for (var start = 0; start < pairs.Count; start += batchSize)
            {
                cancellationToken.ThrowIfCancellationRequested();
                using var scope = NewDisposeScope();
                var chunk = pairs.Skip(start).Take(batchSize).ToList();
                var n = chunk.Count;
                var sequences = chunk.Select(e => Encode(e.Prompt, e.Chosen!)).Concat(chunk.Select(e => Encode(e.Prompt, e.Rejected!))).ToList();
                using var batch = SequenceBatch.Create(sequences, _options.PadTokenId, _policy.Device);
                using var scored = TeacherForcing.RunAndScore(_policy, batch, [_scorer], _spans, _options.TokenStatistics);
                var (statistics, scores) = (scored.Statistics, scored.Scores[0]);
                var sums = statistics.LogProbabilities.to(ScalarType.Float64).sum([1L]);
                var lengths = batch.CompletionMask.to(ScalarType.Float64).sum([1L]).clamp_min(1.0);
                var rewards = _reference is null
                    ? sums * _beta
                    : (sums - TeacherForcing.ReferenceLogProbabilities(_reference, batch, _options.TokenStatistics).to(ScalarType.Float64).sum([1L])) * _beta;
                var table = stack([rewards, sums / lengths, scores.Score.to(ScalarType.Float64)]).cpu().data<double>().ToArray();
                var width = 2 * n;
                for (var i = 0; i < n; i++)
                {
                    implicitWins += Win(table[i], table[n + i]);
                    normalizedWins += Win(table[width + i], table[width + n + i]);
                    gemWins += Win(table[2 * width + i], table[2 * width + n + i]);
                    margins += table[i] - table[n + i];
                }

                progress?.Report(Math.Min(pairs.Count, start + n));
            }
        }
        finally
        {
            _policy.TrainableModule.train(wasTraining);
        }

        var count = pairs.Count;
        return new PreferenceEvaluation(count, implicitWins / count, normalizedWins / count, gemWins / count, margins / count);
    }

    private static double Win(double chosen, double rejected) => chosen > rejected ? 1.0 : chosen == rejected ? 0.5 : 0.0;

    private EncodedSequence Encode(string prompt, string completion)
    {
        var ids = _encoder.EncodeCompletion(completion);
        if (_options.EndOfSequenceTokenId is { } eos)
            ids = [.. ids, eos];
        return new EncodedSequence(_encoder.EncodePrompt(prompt, _options.SystemMessage), ids);
    }
}
