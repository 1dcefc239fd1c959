using System.Globalization;
using Gem.Core.Generation;
using Gem.Entropy.Scoring;
using Gem.Entropy.Spans;
using Gem.Samples.Common;
using Gem.Samples.Llama.Model;
using Gem.Samples.Llama.Tokenization;

namespace Gem.Samples.Pretrained;

/// <summary>
/// Samples k candidates for a prompt with Gem.Core's <see cref="CandidateGenerator"/> and scores them with Gem.Entropy's
/// <see cref="EntropyGuidedScorer"/>, <c>S = −H_final + λ·F</c>. Stories have no answer marker, so the answer span is
/// the story's last 20% (<see cref="TailFractionSpanStrategy"/>, DESIGN.md's fallback) and the reasoning span the rest.
/// </summary>
public static class CandidatesReport
{
    /// <summary>Samples, scores and prints the candidates, best first.</summary>
    /// <param name="model">The model.</param>
    /// <param name="tokenizer">Its tokenizer.</param>
    /// <param name="prompt">The prompt text.</param>
    /// <param name="generation">k, τ, the token limit and the seed (stop tokens are stories260K's).</param>
    /// <param name="scorerOptions">λ, ρ and the rest of the score.</param>
    /// <param name="output">Where the report goes.</param>
    /// <returns>The candidates, best first.</returns>
    public static IReadOnlyList<ScoredCandidate> Run(
        LlamaForCausalLM model, Llama2CTokenizer tokenizer, string prompt, GenerationOptions generation, EntropyGuidedScorerOptions scorerOptions, TextWriter output)
    {
        ArgumentNullException.ThrowIfNull(tokenizer);
        ArgumentNullException.ThrowIfNull(prompt);
        ArgumentNullException.ThrowIfNull(generation);
        ArgumentNullException.ThrowIfNull(scorerOptions);
        ArgumentNullException.ThrowIfNull(output);
        var promptIds = tokenizer.EncodeToIds(prompt);
        using var generated = new CandidateGenerator(model).Generate([promptIds], generation);
        var scored = CandidateScoring.Score(model, generated, new EntropyGuidedScorer(scorerOptions), new TailFractionSpanStrategy())
            .OrderByDescending(c => c.Score).ToList();

        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"Prompt: \"{prompt}\" — {generation.CandidatesPerPrompt} candidates at τ = {generation.Temperature}, λ = {scorerOptions.Lambda}, ρ = {scorerOptions.ForkFraction}; answer span = the last 20% of each story"));
        foreach (var c in scored)
        {
            output.WriteLine();
            output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"candidate {c.Candidate + 1}: S = {c.Score:F4}   H_final = {c.FinalEntropy:F4} (answer: last {c.AnswerTokens} tokens)   F = {c.ForkTerm:F4} (top {c.TopCount} of {c.ReasoningTokens} reasoning tokens)   {c.CompletionIds.Count} tokens"));
            output.WriteLine("  " + prompt + Stories260K.CompletionText(tokenizer, promptIds, c.CompletionIds).Replace("\n", "\n  ", StringComparison.Ordinal));
        }

        return scored;
    }
}
