using TorchSharp;
using static TorchSharp.torch;

namespace Gem.Sega.Groups;

/// <summary>
/// Group membership of a batch of <c>N</c> members in <c>G</c> groups, and the padded layout <c>[G, M]</c>
/// (<c>M</c> the largest group) that lets every per-group statistic run as one tensor operation.
/// </summary>
internal sealed class GroupLayout : IDisposable
{
    private GroupLayout(Tensor index, Tensor flatPosition, Tensor mask, Tensor sizes, long[] hostSizes, long maxSize)
    {
        Index = index;
        FlatPosition = flatPosition;
        Mask = mask;
        Sizes = sizes;
        HostSizes = hostSizes;
        MaxSize = maxSize;
    }

    /// <summary>Group of each member, <c>[N]</c> int64.</summary>
    public Tensor Index { get; }

    /// <summary>Position of each member in the flattened padded layout, <c>g·M + slot</c>, <c>[N]</c> int64.</summary>
    public Tensor FlatPosition { get; }

    /// <summary><c>[G, M]</c> bool, true where a member sits.</summary>
    public Tensor Mask { get; }

    /// <summary>Group sizes <c>[G]</c> int64 on the device.</summary>
    public Tensor Sizes { get; }

    /// <summary>Group sizes on the host.</summary>
    public long[] HostSizes { get; }

    /// <summary>Number of groups <c>G</c>.</summary>
    public long GroupCount => HostSizes.Length;

    /// <summary>Largest group size <c>M</c>.</summary>
    public long MaxSize { get; }

    /// <summary>Number of members <c>N</c>.</summary>
    public long MemberCount => Index.shape[0];

    /// <summary>
    /// Builds the layout from a group index per member. Every group in <c>[0, G)</c>, <c>G = max + 1</c>, must have at
    /// least two members.
    /// </summary>
    public static GroupLayout FromIndex(Tensor groupIndex, long memberCount, Device device, string parameterName)
    {
        ArgumentNullException.ThrowIfNull(groupIndex, parameterName);
        if (groupIndex.dim() != 1 || groupIndex.shape[0] != memberCount)
            throw new ArgumentException(
                $"{parameterName} must have shape [{memberCount}] (one group index per member); got [{string.Join(", ", groupIndex.shape)}].", parameterName);
        if (groupIndex.dtype is not (ScalarType.Int64 or ScalarType.Int32))
            throw new ArgumentException($"{parameterName} must be int64 or int32; got {groupIndex.dtype}.", parameterName);
        if (memberCount == 0)
            throw new ArgumentException($"{parameterName} is empty; a batch needs at least one group of two members.", parameterName);

        using var scope = NewDisposeScope();
        var index = groupIndex.to(ScalarType.Int64).to(device);
        var range = stack([index.min(), index.max()]).cpu().data<long>().ToArray();
        if (range[0] < 0)
            throw new ArgumentOutOfRangeException(parameterName, $"{parameterName} must hold group indices ≥ 0; got a minimum of {range[0]}.");
        var groupCount = range[1] + 1;
        if (groupCount > memberCount)
            throw new ArgumentException(
                $"{parameterName} names groups up to {range[1]}, but {memberCount} members cannot fill {groupCount} groups of at least two; group indices must be 0 … G−1 with no gaps.",
                parameterName);
        var sizes = zeros(groupCount, ScalarType.Int64, device).index_add_(0, index, ones_like(index), 1);
        var hostSizes = sizes.cpu().data<long>().ToArray();
        CheckSizes(hostSizes, parameterName);
        return Build(index, sizes, hostSizes);
    }

    /// <summary>Builds the layout for consecutive groups of the given sizes (members of group 0 first, then group 1, …).</summary>
    public static GroupLayout FromSizes(IReadOnlyList<int> groupSizes, long memberCount, Device device, string parameterName)
    {
        ArgumentNullException.ThrowIfNull(groupSizes, parameterName);
        if (groupSizes.Count == 0)
            throw new ArgumentException($"{parameterName} is empty; a batch needs at least one group of two members.", parameterName);
        var hostSizes = groupSizes.Select(s => (long)s).ToArray();
        CheckSizes(hostSizes, parameterName);
        if (hostSizes.Sum() != memberCount)
            throw new ArgumentException(
                $"{parameterName} must add up to the number of members, {memberCount}; they add up to {hostSizes.Sum()}.", parameterName);
        using var scope = NewDisposeScope();
        var sizes = tensor(hostSizes, ScalarType.Int64).to(device);
        var index = arange(hostSizes.Length, ScalarType.Int64, device).repeat_interleave(sizes);
        return Build(index, sizes, hostSizes);
    }

    private static void CheckSizes(long[] hostSizes, string parameterName)
    {
        for (var g = 0; g < hostSizes.Length; g++)
        {
            if (hostSizes[g] < 2)
                throw new ArgumentException(
                    $"{parameterName}: group {g} has {hostSizes[g]} member(s); every group needs at least 2 (a group of one has no relative advantage).",
                    parameterName);
        }
    }

    private static GroupLayout Build(Tensor index, Tensor sizes, long[] hostSizes)
    {
        var groupCount = hostSizes.Length;
        var maxSize = hostSizes.Max();
        // Slot of member i = number of earlier members of its group: a cumulative count over a one-hot [N, G].
        var oneHot = index.unsqueeze(1).eq(arange(groupCount, ScalarType.Int64, index.device).unsqueeze(0)).to(ScalarType.Int64);
        var slot = oneHot.cumsum(0).gather(1, index.unsqueeze(1)).squeeze(1) - 1;
        var flat = index * maxSize + slot;
        var mask = arange(maxSize, ScalarType.Int64, index.device).unsqueeze(0).lt(sizes.unsqueeze(1));
        var layout = new GroupLayout(index.MoveToOuterDisposeScope(), flat.MoveToOuterDisposeScope(), mask.MoveToOuterDisposeScope(),
            sizes.MoveToOuterDisposeScope(), hostSizes, maxSize);
        return layout;
    }

    /// <summary>Scatters a per-member tensor <c>[N]</c> into the padded layout <c>[G, M]</c>, <paramref name="fill"/> elsewhere.</summary>
    public Tensor Pad(Tensor perMember, double fill)
    {
        using var scope = NewDisposeScope();
        var padded = full(GroupCount * MaxSize, fill, perMember.dtype, perMember.device).index_copy(0, FlatPosition, perMember);
        return padded.reshape(GroupCount, MaxSize).MoveToOuterDisposeScope();
    }

    /// <summary>Reads a padded tensor <c>[G, M]</c> back to per-member order <c>[N]</c>.</summary>
    public Tensor Unpad(Tensor padded)
    {
        using var scope = NewDisposeScope();
        return padded.reshape(-1).index_select(0, FlatPosition).MoveToOuterDisposeScope();
    }

    /// <inheritdoc/>
    public void Dispose()
    {
        Index.Dispose();
        FlatPosition.Dispose();
        Mask.Dispose();
        Sizes.Dispose();
    }
}
