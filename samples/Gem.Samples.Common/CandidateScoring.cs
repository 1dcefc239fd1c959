using Gem.Core.Evaluation;
using Gem.Core.Generation;
using Gem.Core.Policy;
using Gem.Core.Tokenization;
using Gem.Entropy.Scoring;
using Gem.Entropy.Spans;

namespace Gem.Samples.Common;

/// <summary>
/// Samples candidates and scores them as <see cref="Gem.Core.Training.GemTrainer"/> does, outside training, through
/// Gem.Core's <see cref="CompletionScorer"/> (teacher-forced forward, token statistics, spans, the
/// <see cref="IEntropyScorer"/>; batched, one host transfer per batch).
/// </summary>
public static class CandidateScoring
{
    /// <summary>Samples candidates for <paramref name="prompts"/> with <see cref="CandidateGenerator"/>, then scores them (<see cref="Score(ICausalLanguageModel, GenerationResult, IEntropyScorer, IAnswerSpanStrategy)"/>).</summary>
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

    /// <summary>Scores every row of <paramref name="generated"/> with Gem.Core's <see cref="CompletionScorer"/>.</summary>
    /// <param name="model">The model that scores (normally the one that generated).</param>
    /// <param name="generated">The candidates, rows <c>b · k + j</c>, each with at least one completion token.</param>
    /// <param name="scorer">The scorer (the library's or your own).</param>
    /// <param name="spans">Locates the answer and reasoning spans.</param>
    /// <returns>One <see cref="ScoredCandidate"/> per row, in row order.</returns>
    public static IReadOnlyList<ScoredCandidate> Score(ICausalLanguageModel model, GenerationResult generated, IEntropyScorer scorer, IAnswerSpanStrategy spans)
    {
        ArgumentNullException.ThrowIfNull(scorer);
        return Score(model, generated, [scorer], spans)[0];
    }

    /// <summary>Scores every row of <paramref name="generated"/> under several scorers from one forward pass
    /// (<see cref="CompletionScorer.Score(IReadOnlyList{EncodedSequence}, IReadOnlyList{IEntropyScorer}, int, CancellationToken)"/>).</summary>
    /// <param name="model">The model that scores (normally the one that generated).</param>
    /// <param name="generated">The candidates, rows <c>b · k + j</c>, each with at least one completion token.</param>
    /// <param name="scorers">The scorers (the library's or your own).</param>
    /// <param name="spans">Locates the answer and reasoning spans.</param>
    /// <returns>Per scorer, in the order given, one <see cref="ScoredCandidate"/> per row, in row order.</returns>
    public static IReadOnlyList<IReadOnlyList<ScoredCandidate>> Score(
        ICausalLanguageModel model, GenerationResult generated, IReadOnlyList<IEntropyScorer> scorers, IAnswerSpanStrategy spans)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(generated);
        ArgumentNullException.ThrowIfNull(scorers);
        ArgumentNullException.ThrowIfNull(spans);
        // One host copy of the left-padded prompts; each row's prompt is its last PromptLengths[r] columns.
        var promptWidth = generated.PromptWidth;
        long[] prompts;
        using (var promptColumns = generated.Sequences.narrow(1, 0, promptWidth))
        using (var onHost = promptColumns.cpu())
            prompts = onHost.data<long>().ToArray();
        var rows = generated.RowCount;
        var k = generated.CandidatesPerPrompt;
        var sequences = new EncodedSequence[rows];
        for (var r = 0; r < rows; r++)
        {
            var length = generated.PromptLengths[r];
            var promptIds = prompts.Skip((r * promptWidth) + promptWidth - length).Take(length).Select(id => (int)id);
            sequences[r] = new EncodedSequence(promptIds.ToArray(), generated.GetCompletionTokens(r));
        }

        return new CompletionScorer(model, encoder: null, spans: spans).Score(sequences, scorers)
            .Select(scores => (IReadOnlyList<ScoredCandidate>)scores.Select((s, r) => new ScoredCandidate(
                r, r / k, r % k, sequences[r].CompletionIds, s.Score, s.FinalEntropy, s.ForkTerm, s.TopCount,
                s.AnswerTokens, s.ReasoningTokens, s.AnswerFound)).ToList())
            .ToList();
    }
}
