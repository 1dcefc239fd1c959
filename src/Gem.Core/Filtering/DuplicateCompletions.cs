namespace Gem.Core.Filtering;

/// <summary>Finds exact duplicate completions in a group, as keys for <see cref="ICandidateRanker.Rank"/>.</summary>
public static class DuplicateCompletions
{
    /// <summary>Keys for completions given as token ids (without padding): equal sequences get equal keys.</summary>
    /// <param name="completions">Each member's completion token ids (padding removed).</param>
    /// <returns>One key per member: the index of the first member with the same token ids.</returns>
    public static int[] KeysFromTokenIds(IReadOnlyList<long[]> completions)
    {
        ArgumentNullException.ThrowIfNull(completions);
        var memories = new ReadOnlyMemory<long>[completions.Count];
        for (var i = 0; i < memories.Length; i++)
            memories[i] = completions[i] ?? throw new ArgumentException($"completions[{i}] is null.", nameof(completions));
        return KeysFromTokenIds(memories);
    }

    /// <summary>Keys for completions given as token ids (without padding): equal sequences get equal keys.</summary>
    /// <param name="completions">Each member's completion token ids (padding removed).</param>
    /// <returns>One key per member: the index of the first member with the same token ids.</returns>
    public static int[] KeysFromTokenIds(IReadOnlyList<ReadOnlyMemory<long>> completions)
    {
        ArgumentNullException.ThrowIfNull(completions);
        var keys = new int[completions.Count];
        var byHash = new Dictionary<int, List<int>>();
        for (var i = 0; i < keys.Length; i++)
        {
            var span = completions[i].Span;
            var hash = new HashCode();
            hash.Add(span.Length);
            foreach (var t in span)
                hash.Add(t);
            var h = hash.ToHashCode();
            keys[i] = i;
            if (byHash.TryGetValue(h, out var candidates))
            {
                foreach (var j in candidates)
                {
                    if (completions[j].Span.SequenceEqual(span))
                    {
                        keys[i] = j;
                        break;
                    }
                }
                if (keys[i] == i)
                    candidates.Add(i);
            }
            else
            {
                byHash.Add(h, [i]);
            }
        }
        return keys;
    }
}
