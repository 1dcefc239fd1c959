namespace Gem.Core.Evaluation;

/// <summary>Answer accuracy: greedy completions, final answer extracted, exact match with the gold answer after normalisation.</summary>
/// <param name="Examples">Examples evaluated.</param>
/// <param name="Correct">Examples whose extracted answer equals the gold answer.</param>
/// <param name="AnswerFound">Examples whose completion contained an answer marker followed by a number.</param>
/// <param name="Completions">The completions, in the order of the examples.</param>
public sealed record AnswerEvaluation(int Examples, int Correct, int AnswerFound, IReadOnlyList<string> Completions)
{
    /// <summary><see cref="Correct"/> / <see cref="Examples"/>, in [0, 1].</summary>
    public double Accuracy => Examples == 0 ? 0 : (double)Correct / Examples;
}
