namespace Gem.Core.Training;

/// <summary>
/// The order in which a trainer visits a data set: a fresh seeded permutation each epoch, so that the examples of
/// any step follow from the seed and the step alone (and a resumed run sees exactly what the uninterrupted run saw).
/// </summary>
internal sealed class DataOrder
{
    private readonly int _count;
    private readonly long _seed;
    private readonly Dictionary<long, int[]> _permutations = [];

    public DataOrder(int count, long seed)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 1);
        _count = count;
        _seed = seed;
    }

    /// <summary>The indices of the examples of step <paramref name="step"/> (0-based) for batches of <paramref name="batchSize"/>.</summary>
    public int[] Batch(long step, int batchSize)
    {
        var result = new int[batchSize];
        for (var i = 0; i < batchSize; i++)
        {
            var global = step * batchSize + i;
            result[i] = Permutation(global / _count)[(int)(global % _count)];
        }

        return result;
    }

    private int[] Permutation(long epoch)
    {
        if (_permutations.TryGetValue(epoch, out var permutation))
            return permutation;
        if (_permutations.Count > 4)
            _permutations.Clear();
        permutation = Enumerable.Range(0, _count).ToArray();
        new Random(MixSeed(_seed, epoch)).Shuffle(permutation);
        _permutations[epoch] = permutation;
        return permutation;
    }

    /// <summary>SplitMix64 of seed and epoch (HashCode is randomised per process, so it cannot be used here).</summary>
    private static int MixSeed(long seed, long epoch)
    {
        var z = unchecked((ulong)seed + 0x9E3779B97F4A7C15UL * (ulong)(epoch + 1));
        z = unchecked((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL);
        z = unchecked((z ^ (z >> 27)) * 0x94D049BB133111EBUL);
        return unchecked((int)(z ^ (z >> 31)));
    }
}
