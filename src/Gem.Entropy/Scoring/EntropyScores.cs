using static TorchSharp.torch;

namespace Gem.Entropy.Scoring;

/// <summary>
/// Per-member scores and their parts, on the input's device. Parts a scorer does not have are <see langword="null"/>.
/// The caller owns the tensors (dispose this, or let a dispose scope take them).
/// </summary>
public sealed class EntropyScores : IDisposable
{
    /// <summary>Creates the scores; takes ownership of the tensors.</summary>
    /// <param name="score"><c>[members]</c> float32, higher is better.</param>
    /// <param name="answerFound"><c>[members]</c> bool, from the spans.</param>
    /// <param name="finalEntropy"><c>[members]</c> float32 <c>H_final</c>, or null.</param>
    /// <param name="forkTerm"><c>[members]</c> float32 <c>F</c>, or null.</param>
    /// <param name="topTokenPositions"><c>[members, K]</c> int64, or null.</param>
    /// <param name="topTokenCounts"><c>[members]</c> int64, or null.</param>
    public EntropyScores(Tensor score, Tensor answerFound, Tensor? finalEntropy = null, Tensor? forkTerm = null, Tensor? topTokenPositions = null, Tensor? topTokenCounts = null)
    {
        ArgumentNullException.ThrowIfNull(score);
        ArgumentNullException.ThrowIfNull(answerFound);
        Score = score;
        AnswerFound = answerFound;
        FinalEntropy = finalEntropy;
        ForkTerm = forkTerm;
        TopTokenPositions = topTokenPositions;
        TopTokenCounts = topTokenCounts;
    }

    /// <summary>The score <c>S</c>, <c>[members]</c> float32; higher ranks first.</summary>
    public Tensor Score { get; }

    /// <summary><c>[members]</c> bool: whether the answer span was found by its marker (see <see cref="Spans.AnswerSpans.AnswerFound"/>).</summary>
    public Tensor AnswerFound { get; }

    /// <summary><c>H_final</c>, the reduced entropy over the answer span, <c>[members]</c> float32 (0 for an empty span); null when the scorer has none.</summary>
    public Tensor? FinalEntropy { get; }

    /// <summary>The fork term <c>F</c>, the mean of the <c>m</c> largest reasoning entropies, <c>[members]</c> float32 (0 for an empty reasoning span); null when the scorer has none.</summary>
    public Tensor? ForkTerm { get; }

    /// <summary>
    /// Positions <c>t</c> of the top-<c>m</c> reasoning tokens, <c>[members, K]</c> int64 with <c>K = max m</c>, in
    /// descending entropy (ties by position), padded with −1 where a member has fewer; null when the scorer has none.
    /// </summary>
    public Tensor? TopTokenPositions { get; }

    /// <summary><c>m</c> per member, <c>[members]</c> int64 (0 for an empty reasoning span); null when the scorer has none.</summary>
    public Tensor? TopTokenCounts { get; }

    /// <inheritdoc />
    public void Dispose()
    {
        Score.Dispose();
        AnswerFound.Dispose();
        FinalEntropy?.Dispose();
        ForkTerm?.Dispose();
        TopTokenPositions?.Dispose();
        TopTokenCounts?.Dispose();
    }
}
