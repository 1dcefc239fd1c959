namespace Gem.Entropy.Scoring;

/// <summary>How <see cref="EntropyGuidedScorer"/> reduces the answer span's entropies to <c>H_final</c>.</summary>
public enum AnswerReduction
{
    /// <summary>The mean over the answer span (the paper).</summary>
    Mean,

    /// <summary>The entropy of the answer's first token.</summary>
    First,

    /// <summary>The largest entropy in the answer span.</summary>
    Max,
}
