namespace Gem.Samples.Common;

/// <summary>One sampled candidate with its score and the score's parts, copied to the host.</summary>
/// <param name="Row">Its row in the <see cref="Gem.Core.Generation.GenerationResult"/>: <c>prompt · k + candidate</c>.</param>
/// <param name="Prompt">The prompt's index.</param>
/// <param name="Candidate">The candidate's index within its prompt's group.</param>
/// <param name="CompletionIds">The completion's token ids (the stop token included when it stopped on one).</param>
/// <param name="Score">S, higher is better.</param>
/// <param name="FinalEntropy">H_final (nats), or <see langword="null"/> when the scorer has no such part.</param>
/// <param name="ForkTerm">F (nats), or <see langword="null"/> when the scorer has no such part.</param>
/// <param name="TopCount">m, the reasoning tokens whose entropies make F, or <see langword="null"/>.</param>
/// <param name="AnswerTokens">Tokens in the answer span.</param>
/// <param name="ReasoningTokens">Tokens in the reasoning span.</param>
/// <param name="AnswerFound">Whether the span strategy located the answer by its own rule.</param>
public sealed record ScoredCandidate(
    int Row, int Prompt, int Candidate, IReadOnlyList<int> CompletionIds, double Score, double? FinalEntropy, double? ForkTerm, int? TopCount,
    int AnswerTokens, int ReasoningTokens, bool AnswerFound);
