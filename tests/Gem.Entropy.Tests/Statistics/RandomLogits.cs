namespace Gem.Entropy.Tests.Statistics;

/// <summary>Random logits for the properties: normal values times a scale, a fraction of entries masked to −∞ (never a whole row).</summary>
internal static class RandomLogits
{
    public static readonly ScalarType[] DTypes = [ScalarType.Float32, ScalarType.BFloat16, ScalarType.Float16];

    public static Tensor Make(long[] shape, ScalarType dtype, double scale, double maskFraction, int seed)
    {
        using var scope = NewDisposeScope();
        using var generator = new Generator((ulong)(uint)seed);
        var z = randn(shape, ScalarType.Float64, generator: generator) * scale;
        if (maskFraction > 0)
        {
            var masked = rand(shape, ScalarType.Float64, generator: generator) < maskFraction;
            // One random entry per row stays finite.
            var keep = randint(shape[^1], shape[..^1].Append(1L).ToArray(), generator: generator);
            masked = masked.scatter(-1, keep, zeros(keep.shape, ScalarType.Bool));
            z = z.masked_fill(masked, double.NegativeInfinity);
        }

        return z.to(dtype).MoveToOuterDisposeScope();
    }

    public static Tensor Targets(Tensor logits, int seed)
    {
        using var generator = new Generator((ulong)(uint)seed + 7);
        return randint(logits.shape[^1], logits.shape[..^1], generator: generator);
    }

    /// <summary>A shape with 1–3 leading dimensions drawn from the bytes.</summary>
    public static long[] Shape(byte a, byte b, byte c, int maxVocabulary)
    {
        var vocabulary = 1 + (a * 37 + b) % maxVocabulary;
        return (c % 3) switch
        {
            0 => [1 + b % 13, vocabulary],
            1 => [1 + b % 4, 1 + c % 7, vocabulary],
            _ => [1 + c % 2, 1 + b % 3, 1 + a % 5, vocabulary],
        };
    }
}
