using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Gem.Core.Generation;

namespace Gem.Core.Tests.Generation;

/// <summary>Top-k, top-p and min-p keep exactly the tokens a float64 reference keeps, on fixed and random logits.</summary>
public sealed class TokenFiltersTests
{
    [Fact]
    public void Known_logits_keep_the_known_tokens()
    {
        // probabilities ∝ exp(logits): 0.4754, 0.2884, 0.1749, 0.0391, 0.0222 (rounded)
        var logits = new[] { 3.0, 2.5, 2.0, 0.5, -0.07 };
        Assert.Equal(new[] { 0, 1, 2 }, Kept(logits, topK: 3));
        Assert.Equal(new[] { 0, 1 }, Kept(logits, topP: 0.7));
        Assert.Equal(new[] { 0, 1, 2 }, Kept(logits, topP: 0.77));
        Assert.Equal(new[] { 0 }, Kept(logits, topP: 0.3));
        Assert.Equal(new[] { 0, 1, 2 }, Kept(logits, minP: 0.3));
        Assert.Equal(new[] { 0, 1, 2, 3, 4 }, Kept(logits, minP: 0.04));
        // Ties at the k-th value are all kept.
        Assert.Equal(new[] { 0, 1, 2 }, Kept(new[] { 2.0, 1.0, 1.0, 0.0 }, topK: 2));
    }

    [Property(MaxTest = 200)]
    public Property Filters_match_a_float64_reference()
    {
        var gen =
            from size in Gen.Choose(2, 40)
            from raw in Gen.ArrayOf(Gen.Choose(-4000, 4000), size)
            from k in Gen.Choose(0, size + 2)
            from p in Gen.Choose(1, 1000)
            from m in Gen.Choose(0, 999)
            from temperature in Gen.Elements(0.5, 1.0, 1.7)
            select (raw.Select(x => x / 1000.0).ToArray(), k, p / 1000.0, m / 1000.0, temperature);
        return Prop.ForAll(gen.ToArbitrary(), c =>
        {
            var (logits, k, p, m, temperature) = c;
            if (logits.Distinct().Count() != logits.Length || NearBoundary(logits, k, p, m, temperature))
                return true; // ties or a threshold within float32 rounding of a boundary: the kept set is not well defined
            var expected = Reference(logits, temperature, k, p, m);
            var actual = Kept(logits, temperature, k, p, m);
            return expected.SequenceEqual(actual);
        });
    }

    private static int[] Kept(double[] logits, double temperature = 1.0, int topK = 0, double topP = 1.0, double minP = 0.0)
    {
        using var x = tensor(logits.Select(v => (float)v).ToArray(), new long[] { 1, logits.Length });
        using var filtered = TokenFilters.Apply(x, temperature, topK, topP, minP);
        var values = filtered.data<float>().ToArray();
        return Enumerable.Range(0, values.Length).Where(i => float.IsFinite(values[i])).ToArray();
    }

    private static double[] Softmax(double[] z, bool[] keep)
    {
        var max = z.Where((_, i) => keep[i]).Max();
        var e = z.Select((v, i) => keep[i] ? Math.Exp(v - max) : 0.0).ToArray();
        var sum = e.Sum();
        return e.Select(v => v / sum).ToArray();
    }

    /// <summary>Temperature, then top-k, top-p, min-p, each on the renormalised survivors of the previous one, in float64.</summary>
    private static int[] Reference(double[] logits, double temperature, int k, double p, double minP)
    {
        var z = logits.Select(v => (double)(float)v / temperature).ToArray();
        var keep = Enumerable.Repeat(true, z.Length).ToArray();
        if (k > 0 && k < z.Length)
        {
            var kth = z.OrderByDescending(v => v).ElementAt(k - 1);
            for (var i = 0; i < z.Length; i++)
                keep[i] &= z[i] >= kth;
        }

        if (p < 1)
        {
            var probabilities = Softmax(z, keep);
            var order = Enumerable.Range(0, z.Length).Where(i => keep[i]).OrderByDescending(i => probabilities[i]).ToArray();
            var before = 0.0;
            foreach (var i in order)
            {
                keep[i] = before < p;
                before += probabilities[i];
            }
        }

        if (minP > 0)
        {
            var probabilities = Softmax(z, keep);
            var threshold = probabilities.Max() * minP;
            for (var i = 0; i < z.Length; i++)
                keep[i] &= probabilities[i] >= threshold;
        }

        return Enumerable.Range(0, z.Length).Where(i => keep[i]).ToArray();
    }

    /// <summary>True when a cumulative probability or a min-p ratio lies within 1e-4 of its threshold.</summary>
    private static bool NearBoundary(double[] logits, int k, double p, double minP, double temperature)
    {
        var z = logits.Select(v => (double)(float)v / temperature).ToArray();
        var keep = Enumerable.Repeat(true, z.Length).ToArray();
        if (k > 0 && k < z.Length)
        {
            var kth = z.OrderByDescending(v => v).ElementAt(k - 1);
            for (var i = 0; i < z.Length; i++)
                keep[i] &= z[i] >= kth;
        }

        var probabilities = Softmax(z, keep);
        var cumulative = 0.0;
        foreach (var q in probabilities.Where((_, i) => keep[i]).OrderByDescending(q => q))
        {
            cumulative += q;
            if (Math.Abs(cumulative - p) < 1e-4)
                return true;
        }

        var kept = Reference(logits, temperature, k, p, 0);
        var mask = Enumerable.Range(0, z.Length).Select(i => kept.Contains(i)).ToArray();
        var after = Softmax(z, mask);
        var max = after.Max();
        return after.Where((_, i) => mask[i]).Any(q => Math.Abs(q / max - minP) < 1e-4);
    }
}
