using TorchSharp;
using static TorchSharp.torch;

namespace Gem.Entropy.Spans;

/// <summary>
/// A group's completions copied to the host once (one transfer per group, never per token): per member the positions
/// of its completion tokens and their ids. Span strategies work on these and build the masks in one go.
/// </summary>
internal sealed class CompletionTokens
{
    private CompletionTokens(int members, int length, int[][] positions, int[][] ids, Device device)
    {
        Members = members;
        Length = length;
        Positions = positions;
        Ids = ids;
        Device = device;
    }

    public int Members { get; }

    public int Length { get; }

    /// <summary>Per member, the positions <c>t</c> where the completion mask is non-zero, ascending.</summary>
    public int[][] Positions { get; }

    /// <summary>Per member, the token ids at <see cref="Positions"/>.</summary>
    public int[][] Ids { get; }

    public Device Device { get; }

    public static CompletionTokens Read(Tensor completionIds, Tensor completionMask)
    {
        ArgumentNullException.ThrowIfNull(completionIds);
        ArgumentNullException.ThrowIfNull(completionMask);
        if (completionIds.dim() != 2 || completionIds.dtype is not (ScalarType.Int64 or ScalarType.Int32))
            throw new ArgumentException(
                $"completionIds must be [members, T] int64 or int32; got [{string.Join(", ", completionIds.shape)}] {completionIds.dtype}.", nameof(completionIds));
        if (!completionMask.shape.SequenceEqual(completionIds.shape))
            throw new ArgumentException(
                $"completionMask must have completionIds' shape [{string.Join(", ", completionIds.shape)}]; got [{string.Join(", ", completionMask.shape)}].",
                nameof(completionMask));
        using var scope = NewDisposeScope();
        var members = (int)completionIds.shape[0];
        var length = (int)completionIds.shape[1];
        var ids = completionIds.to(ScalarType.Int64).cpu().contiguous().data<long>().ToArray();
        var mask = completionMask.ne(0).cpu().contiguous().data<bool>().ToArray();
        var positions = new int[members][];
        var memberIds = new int[members][];
        for (var m = 0; m < members; m++)
        {
            var p = new List<int>();
            for (var t = 0; t < length; t++)
            {
                if (mask[(m * length) + t])
                    p.Add(t);
            }

            positions[m] = [.. p];
            memberIds[m] = p.Select(t => checked((int)ids[(m * length) + t])).ToArray();
        }

        return new CompletionTokens(members, length, positions, memberIds, completionMask.device);
    }

    /// <summary>
    /// Builds the spans from, per member, the index (into <see cref="Positions"/>) where the answer starts — the answer
    /// runs from there to the completion's last token, the reasoning is everything before — and whether it was found.
    /// </summary>
    public AnswerSpans ToSpans(int[] answerStarts, bool[] found)
    {
        var answer = new bool[Members * Length];
        var reasoning = new bool[Members * Length];
        for (var m = 0; m < Members; m++)
        {
            var p = Positions[m];
            for (var i = 0; i < p.Length; i++)
            {
                if (i >= answerStarts[m])
                    answer[(m * Length) + p[i]] = true;
                else
                    reasoning[(m * Length) + p[i]] = true;
            }
        }

        using var scope = NewDisposeScope();
        return new AnswerSpans(
            tensor(answer, [Members, Length]).to(Device).MoveToOuterDisposeScope(),
            tensor(reasoning, [Members, Length]).to(Device).MoveToOuterDisposeScope(),
            tensor(found, [Members]).to(Device).MoveToOuterDisposeScope());
    }
}
