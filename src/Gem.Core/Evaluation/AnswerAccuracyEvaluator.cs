using Gem.Core.Data;
using Gem.Core.Generation;
using Gem.Core.Policy;
using Gem.Core.Tokenization;

namespace Gem.Core.Evaluation;

/// <summary>
/// Answer accuracy on examples with a gold answer: a greedy completion per prompt (batched, KV cache when the model
/// has one), the final answer extracted by <see cref="AnswerExtractor"/> (after the last <c>The answer is</c> or
/// <c>####</c>), exact match after normalisation (GSM8K's <c>#### N</c> convention).
/// </summary>
public sealed class AnswerAccuracyEvaluator
{
    private readonly ICausalLanguageModel _policy;
    private readonly ChatEncoder _encoder;
    private readonly GenerationOptions _generation;
    private readonly string? _systemMessage;

    /// <summary>Creates the evaluator.</summary>
    /// <param name="policy">The model evaluated.</param>
    /// <param name="encoder">Formats and tokenises the prompts.</param>
    /// <param name="generation">Decoding settings; must be greedy (set <see cref="GenerationOptions.Greedy"/>) with k = 1.</param>
    /// <param name="systemMessage">A system message for the chat template, or <see langword="null"/>.</param>
    /// <exception cref="ArgumentException">The generation options are not greedy with k = 1.</exception>
    public AnswerAccuracyEvaluator(ICausalLanguageModel policy, ChatEncoder encoder, GenerationOptions generation, string? systemMessage = null)
    {
        ArgumentNullException.ThrowIfNull(policy);
        ArgumentNullException.ThrowIfNull(encoder);
        ArgumentNullException.ThrowIfNull(generation);
        if (!generation.Greedy || generation.CandidatesPerPrompt != 1)
            throw new ArgumentException(
                $"generation must be greedy with one candidate per prompt; got Greedy = {generation.Greedy}, CandidatesPerPrompt = {generation.CandidatesPerPrompt}.", nameof(generation));
        _policy = policy;
        _encoder = encoder;
        _generation = generation;
        _systemMessage = systemMessage;
    }

    /// <summary>Evaluates <paramref name="examples"/>.</summary>
    /// <param name="examples">Examples with a <see cref="PreferenceExample.GoldAnswer"/>; at least one.</param>
    /// <param name="batchSize">Prompts decoded together (≥ 1, default 16).</param>
    /// <param name="progress">Receives the number of examples done after each batch.</param>
    /// <param name="cancellationToken">Checked between batches and decoding steps.</param>
    /// <returns>Counts, accuracy and the completions.</returns>
    /// <exception cref="ArgumentException">No examples, or an example without a gold answer (or one that is not a number).</exception>
    public AnswerEvaluation Evaluate(IReadOnlyList<PreferenceExample> examples, int batchSize = 16, IProgress<int>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(examples);
        if (examples.Count == 0)
            throw new ArgumentException("examples must hold at least one example; got none.", nameof(examples));
        ArgumentOutOfRangeException.ThrowIfLessThan(batchSize, 1);
        var gold = new string[examples.Count];
        for (var i = 0; i < examples.Count; i++)
        {
            gold[i] = examples[i].GoldAnswer is { } answer && AnswerExtractor.Normalize(answer) is { } normalized
                ? normalized
                : throw new ArgumentException($"examples[{i}] needs a numeric gold answer; got '{examples[i].GoldAnswer ?? "null"}'.", nameof(examples));
        }

        var generator = new CandidateGenerator(_policy, _encoder.Tokenizer);
        var completions = new List<string>(examples.Count);
        int correct = 0, found = 0;
        var wasTraining = _policy.TrainableModule.training;
        _policy.TrainableModule.eval();
        try
        {
            for (var start = 0; start < examples.Count; start += batchSize)
            {
                var chunk = examples.Skip(start).Take(batchSize).ToList();
                var prompts = chunk.Select(e => _encoder.EncodePrompt(e.Prompt, _systemMessage)).ToList();
                using var result = generator.Generate(prompts, _generation, cancellationToken: cancellationToken);
                for (var b = 0; b < chunk.Count; b++)
                {
                    var text = _encoder.Tokenizer.Decode(result.GetCompletionTokens(result.RowOf(b, 0)));
                    completions.Add(text);
                    var extracted = AnswerExtractor.Extract(text);
                    if (extracted is not null)
                        found++;
                    if (extracted == gold[start + b])
                        correct++;
                }

                progress?.Report(start + chunk.Count);
            }
        }
        finally
        {
            _policy.TrainableModule.train(wasTraining);
        }

        return new AnswerEvaluation(examples.Count, correct, found, completions);
    }
}
