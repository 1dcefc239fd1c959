using Gem.Entropy.Spans;
using static TorchSharp.torch;

namespace Gem.Entropy.Scoring;

/// <summary>
/// What an <see cref="IEntropyScorer"/> scores: a group's per-token statistics (from the teacher-forced pass, via
/// <see cref="Statistics.TokenStatistics.Compute"/> with the scorer's <see cref="IEntropyScorer.RequiredStatistics"/>),
/// the completion mask and the spans. The input does not own the tensors.
/// </summary>
public sealed class EntropyScoringInput
{
    /// <summary>Creates the input; validates shapes when built.</summary>
    /// <param name="entropies">Per-token entropies <c>[members, T]</c>, float32 (nats); any value at masked positions.</param>
    /// <param name="completionMask"><c>[members, T]</c> (bool, integer or floating): non-zero at completion tokens.</param>
    /// <param name="spans">The answer and reasoning spans, <c>[members, T]</c> masks.</param>
    /// <param name="selfCertainties">Optional per-token self-certainty <c>KL(U ‖ p)</c> <c>[members, T]</c> float32,
    /// needed by <see cref="SelfCertaintyScorer"/>.</param>
    /// <exception cref="ArgumentException">A shape or dtype is wrong.</exception>
    public EntropyScoringInput(Tensor entropies, Tensor completionMask, AnswerSpans spans, Tensor? selfCertainties = null)
    {
        ArgumentNullException.ThrowIfNull(entropies);
        ArgumentNullException.ThrowIfNull(completionMask);
        ArgumentNullException.ThrowIfNull(spans);
        if (entropies.dim() != 2 || entropies.dtype != ScalarType.Float32)
            throw new ArgumentException($"entropies must be [members, T] float32; got [{string.Join(", ", entropies.shape)}] {entropies.dtype}.", nameof(entropies));
        var shape = string.Join(", ", entropies.shape);
        if (!completionMask.shape.SequenceEqual(entropies.shape))
            throw new ArgumentException($"completionMask must be [{shape}] like entropies; got [{string.Join(", ", completionMask.shape)}].", nameof(completionMask));
        if (!spans.AnswerMask.shape.SequenceEqual(entropies.shape))
            throw new ArgumentException($"spans must be [{shape}] like entropies; got [{string.Join(", ", spans.AnswerMask.shape)}].", nameof(spans));
        if (selfCertainties is not null && (!selfCertainties.shape.SequenceEqual(entropies.shape) || selfCertainties.dtype != ScalarType.Float32))
            throw new ArgumentException(
                $"selfCertainties must be [{shape}] float32 like entropies; got [{string.Join(", ", selfCertainties.shape)}] {selfCertainties.dtype}.", nameof(selfCertainties));
        Entropies = entropies;
        CompletionMask = completionMask;
        Spans = spans;
        SelfCertainties = selfCertainties;
    }

    /// <summary>Per-token entropies <c>[members, T]</c>, float32.</summary>
    public Tensor Entropies { get; }

    /// <summary><c>[members, T]</c>: non-zero at completion tokens.</summary>
    public Tensor CompletionMask { get; }

    /// <summary>The answer and reasoning spans.</summary>
    public AnswerSpans Spans { get; }

    /// <summary>Per-token self-certainty <c>[members, T]</c> float32, or <see langword="null"/>.</summary>
    public Tensor? SelfCertainties { get; }

    /// <summary>The number of members.</summary>
    public long Members => Entropies.shape[0];
}
