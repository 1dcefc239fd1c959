using Gem.Entropy.Statistics;
using FsCheck.Xunit;

namespace Gem.Entropy.Tests.Statistics;

/// <summary>Properties of the fused statistics against the float64 textbook formulas, on random shapes, dtypes, masks and chunk sizes.</summary>
public sealed class TokenStatisticsPropertyTests
{
    private static readonly double[] Temperatures = [1.0, 0.7, 1.6];

    private static void AssertClose(double[] expected, double[] actual, double tolerance, string what)
    {
        Assert.Equal(expected.Length, actual.Length);
        for (var i = 0; i < expected.Length; i++)
        {
            if (expected[i] == actual[i])
                continue; // also −∞ = −∞: the log-probability of a masked target
            var error = Math.Abs(expected[i] - actual[i]);
            Assert.True(error <= tolerance, $"{what}[{i}]: expected {expected[i]:R}, got {actual[i]:R} (error {error:E3} > {tolerance:E3}).");
        }
    }

    [Property(MaxTest = 60)]
    public void All_statistics_match_float64_on_the_same_logits_within_1e_4(byte a, byte b, byte c, int seed)
    {
        var shape = RandomLogits.Shape(a, b, c, 600);
        var dtype = RandomLogits.DTypes[(uint)seed % 3];
        var scale = 0.1 + (a % 80) / 8.0;
        var maskFraction = (c % 4) * 0.2;
        var temperature = Temperatures[b % 3];
        var rows = shape[..^1].Aggregate(1L, (x, y) => x * y);
        int? chunkRows = (b % 4) == 0 ? null : 1 + (int)((uint)seed % (ulong)(rows + 2));
        using var logits = RandomLogits.Make(shape, dtype, scale, maskFraction, seed);
        using var targets = RandomLogits.Targets(logits, seed);
        var reference = Float64Reference.Compute(logits, targets, temperature);
        using var result = TokenStatistics.Compute(logits, targets, TokenStatistic.All,
            new TokenStatisticsOptions { ChunkRows = chunkRows, Temperature = temperature });

        foreach (var t in new[] { result.Entropy!, result.TargetLogProbabilities!, result.LogSumExp!, result.SelfCertainty! })
        {
            Assert.Equal(ScalarType.Float32, t.dtype);
            Assert.Equal(shape[..^1], t.shape);
        }

        AssertClose(reference.Entropy, Float64Reference.ToDoubles(result.Entropy!), 1e-4, "entropy");
        AssertClose(reference.LogSumExp, Float64Reference.ToDoubles(result.LogSumExp!), 1e-4, "logsumexp");
        AssertClose(reference.TargetLogProbability, Float64Reference.ToDoubles(result.TargetLogProbabilities!), 1e-4, "log p(y)");
        AssertClose(reference.SelfCertainty, Float64Reference.ToDoubles(result.SelfCertainty!), 1e-4, "self-certainty");
    }

    /// <summary>
    /// Rows shifted by up to ±150 (beyond fp32's unshifted exponential both ways) and rows near the edge of the unshifted
    /// range take the exact path or the fast one; either way every statistic is within 1e-4 of float64.
    /// </summary>
    [Property(MaxTest = 40)]
    public void Logits_far_from_zero_match_float64(byte a, byte b, byte c, int seed)
    {
        var shape = RandomLogits.Shape(a, b, c, 600);
        var dtype = RandomLogits.DTypes[(uint)seed % 3];
        using var scope = NewDisposeScope();
        using var generator = new Generator((ulong)(uint)seed + 11);
        var offsets = (rand(shape[..^1].Append(1L).ToArray(), ScalarType.Float64, generator: generator) * 300) - 150;
        var logits = (RandomLogits.Make(shape, ScalarType.Float64, 0.1 + (a % 40) / 8.0, (c % 4) * 0.2, seed) + offsets).to(dtype);
        var targets = RandomLogits.Targets(logits, seed);
        var reference = Float64Reference.Compute(logits, targets);
        using var result = TokenStatistics.Compute(logits, targets, TokenStatistic.All, new TokenStatisticsOptions { ChunkRows = 1 + (b % 7) });
        AssertClose(reference.Entropy, Float64Reference.ToDoubles(result.Entropy!), 1e-4, "entropy");
        AssertClose(reference.LogSumExp, Float64Reference.ToDoubles(result.LogSumExp!), 1e-4, "logsumexp");
        AssertClose(reference.TargetLogProbability, Float64Reference.ToDoubles(result.TargetLogProbabilities!), 1e-4, "log p(y)");
        AssertClose(reference.SelfCertainty, Float64Reference.ToDoubles(result.SelfCertainty!), 1e-4, "self-certainty");
    }

    /// <summary>
    /// Half-precision logits are rounded by the caller's dtype (unit roundoff u = 2^-8 for bf16, 2^-11 for fp16), then
    /// accumulated in fp32. Stated bound against the unrounded fp32 logits: with M = max|z| and R = max z − min z over
    /// finite entries, |ΔH| ≤ u·M·(R + 2uM) (mean value theorem: |∇H·δ| ≤ max|δ|·Σ p|z − E z|), |Δ log p(y)| ≤ 2uM,
    /// |Δ logsumexp| ≤ uM; plus the 1e-4 of the fp32 accumulation.
    /// </summary>
    [Property(MaxTest = 40)]
    public void Half_precision_logits_stay_within_the_stated_rounding_bound(byte a, byte b, byte c, int seed, bool fp16)
    {
        var shape = RandomLogits.Shape(a, b, c, 600);
        var dtype = fp16 ? ScalarType.Float16 : ScalarType.BFloat16;
        var u = fp16 ? Math.Pow(2, -11) : Math.Pow(2, -8);
        using var exact = RandomLogits.Make(shape, ScalarType.Float32, 0.1 + (a % 80) / 8.0, (c % 4) * 0.2, seed);
        using var rounded = exact.to(dtype);
        using var targets = RandomLogits.Targets(exact, seed);
        var reference = Float64Reference.Compute(exact, targets);
        using var finite = exact.isfinite();
        using var finiteValues = exact.masked_select(finite);
        var max = finiteValues.abs().max().item<float>();
        var range = finiteValues.max().item<float>() - finiteValues.min().item<float>();
        using var result = TokenStatistics.Compute(rounded, targets, TokenStatistic.Entropy | TokenStatistic.TargetLogProbability | TokenStatistic.LogSumExp);
        AssertClose(reference.Entropy, Float64Reference.ToDoubles(result.Entropy!), (u * max * (range + 2 * u * max)) + 1e-4, "entropy");
        AssertClose(reference.TargetLogProbability, Float64Reference.ToDoubles(result.TargetLogProbabilities!), (2 * u * max) + 1e-4, "log p(y)");
        AssertClose(reference.LogSumExp, Float64Reference.ToDoubles(result.LogSumExp!), (u * max) + 1e-4, "logsumexp");
    }

    [Property(MaxTest = 40)]
    public void Entropy_lies_between_0_and_log_of_the_unmasked_vocabulary(byte a, byte b, byte c, int seed)
    {
        var shape = RandomLogits.Shape(a, b, c, 600);
        using var logits = RandomLogits.Make(shape, RandomLogits.DTypes[(uint)seed % 3], 0.1 + (a % 120) / 4.0, (c % 4) * 0.2, seed);
        using var entropy = TokenStatistics.Entropy(logits);
        using var unmasked = logits.isfinite().sum(-1).to(ScalarType.Float64);
        var h = Float64Reference.ToDoubles(entropy);
        var count = Float64Reference.ToDoubles(unmasked);
        for (var i = 0; i < h.Length; i++)
        {
            Assert.InRange(h[i], -1e-5, Math.Log(count[i]) + 1e-5);
            Assert.True(Math.Log(count[i]) <= Math.Log(shape[^1]));
        }
    }

    [Property(MaxTest = 30)]
    public void Uniform_logits_have_entropy_log_V_and_self_certainty_0(byte a, byte b, byte c, short constant)
    {
        var shape = RandomLogits.Shape(a, b, c, 5000);
        var dtype = RandomLogits.DTypes[c % 3];
        using var logits = full(shape, constant / 1000.0, dtype);
        using var result = TokenStatistics.Compute(logits, null, TokenStatistic.Entropy | TokenStatistic.SelfCertainty);
        foreach (var h in Float64Reference.ToDoubles(result.Entropy!))
            Assert.InRange(h, Math.Log(shape[^1]) - 1e-5, Math.Log(shape[^1]) + 1e-5);
        foreach (var k in Float64Reference.ToDoubles(result.SelfCertainty!))
            Assert.InRange(k, -1e-5, 1e-5);
    }

    [Property(MaxTest = 30)]
    public void One_hot_logits_have_entropy_exactly_0(byte a, byte b, byte c, int seed)
    {
        var shape = RandomLogits.Shape(a, b, c, 600);
        var dtype = RandomLogits.DTypes[(uint)seed % 3];
        using var generator = new Generator((ulong)(uint)seed);
        using var hot = randint(shape[^1], shape[..^1].Append(1L).ToArray(), generator: generator);
        using var logits = full(shape, double.NegativeInfinity, dtype).scatter(-1, hot, full(hot.shape, 3.5, dtype));
        using var result = TokenStatistics.Compute(logits, hot.squeeze(-1), TokenStatistic.All);
        Assert.All(Float64Reference.ToDoubles(result.Entropy!), h => Assert.Equal(0.0, h));
        Assert.All(Float64Reference.ToDoubles(result.TargetLogProbabilities!), lp => Assert.Equal(0.0, lp));
        Assert.All(Float64Reference.ToDoubles(result.LogSumExp!), l => Assert.Equal(3.5, l));
        Assert.All(Float64Reference.ToDoubles(result.SelfCertainty!), k => Assert.Equal(0.0, k));
    }

    [Property(MaxTest = 30)]
    public void Adding_a_constant_changes_nothing_but_logsumexp(byte a, byte b, byte c, int seed, sbyte constant)
    {
        var shape = RandomLogits.Shape(a, b, c, 600);
        using var logits = RandomLogits.Make(shape, ScalarType.Float32, 0.1 + (a % 80) / 8.0, (c % 4) * 0.2, seed);
        using var shifted = logits + (constant / 4.0);
        using var targets = RandomLogits.Targets(logits, seed);
        using var before = TokenStatistics.Compute(logits, targets, TokenStatistic.All);
        using var after = TokenStatistics.Compute(shifted, targets, TokenStatistic.All);
        AssertClose(Float64Reference.ToDoubles(before.Entropy!), Float64Reference.ToDoubles(after.Entropy!), 1e-4, "entropy");
        AssertClose(Float64Reference.ToDoubles(before.TargetLogProbabilities!), Float64Reference.ToDoubles(after.TargetLogProbabilities!), 1e-4, "log p(y)");
        AssertClose(Float64Reference.ToDoubles(before.SelfCertainty!), Float64Reference.ToDoubles(after.SelfCertainty!), 1e-4, "self-certainty");
        AssertClose(Float64Reference.ToDoubles(before.LogSumExp!).Select(x => x + (constant / 4.0)).ToArray(), Float64Reference.ToDoubles(after.LogSumExp!), 1e-4, "logsumexp");
    }

    [Property(MaxTest = 30)]
    public void Permuting_the_vocabulary_changes_nothing(byte a, byte b, byte c, int seed)
    {
        var shape = RandomLogits.Shape(a, b, c, 600);
        using var logits = RandomLogits.Make(shape, RandomLogits.DTypes[(uint)seed % 3], 0.1 + (a % 80) / 8.0, (c % 4) * 0.2, seed);
        using var generator = new Generator((ulong)(uint)seed + 1);
        using var permutation = randperm(shape[^1], generator: generator);
        using var permuted = logits.index_select(-1, permutation);
        using var before = TokenStatistics.Compute(logits, null, TokenStatistic.Entropy | TokenStatistic.LogSumExp | TokenStatistic.SelfCertainty);
        using var after = TokenStatistics.Compute(permuted, null, TokenStatistic.Entropy | TokenStatistic.LogSumExp | TokenStatistic.SelfCertainty);
        AssertClose(Float64Reference.ToDoubles(before.Entropy!), Float64Reference.ToDoubles(after.Entropy!), 1e-5, "entropy");
        AssertClose(Float64Reference.ToDoubles(before.LogSumExp!), Float64Reference.ToDoubles(after.LogSumExp!), 1e-5, "logsumexp");
        AssertClose(Float64Reference.ToDoubles(before.SelfCertainty!), Float64Reference.ToDoubles(after.SelfCertainty!), 1e-5, "self-certainty");
    }

    /// <summary>Chunking changes only the fp32 rounding of the row dot products (BLAS kernels depend on the batch).</summary>
    [Property(MaxTest = 30)]
    public void Chunked_equals_unchunked(byte a, byte b, byte c, int seed)
    {
        var shape = RandomLogits.Shape(a, b, c, 600);
        var rows = (int)shape[..^1].Aggregate(1L, (x, y) => x * y);
        using var logits = RandomLogits.Make(shape, RandomLogits.DTypes[(uint)seed % 3], 0.1 + (a % 80) / 8.0, (c % 4) * 0.2, seed);
        using var targets = RandomLogits.Targets(logits, seed);
        using var whole = TokenStatistics.Compute(logits, targets, TokenStatistic.All, new TokenStatisticsOptions { ChunkRows = rows });
        using var chunked = TokenStatistics.Compute(logits, targets, TokenStatistic.All, new TokenStatisticsOptions { ChunkRows = 1 + (int)((uint)seed % (uint)rows) });
        using var tiny = TokenStatistics.Compute(logits, targets, TokenStatistic.All, new TokenStatisticsOptions { ChunkElementBudget = 1 });
        foreach (var other in new[] { chunked, tiny })
        {
            AssertClose(Float64Reference.ToDoubles(whole.Entropy!), Float64Reference.ToDoubles(other.Entropy!), 1e-5, "entropy");
            AssertClose(Float64Reference.ToDoubles(whole.TargetLogProbabilities!), Float64Reference.ToDoubles(other.TargetLogProbabilities!), 1e-5, "log p(y)");
            AssertClose(Float64Reference.ToDoubles(whole.LogSumExp!), Float64Reference.ToDoubles(other.LogSumExp!), 1e-5, "logsumexp");
            AssertClose(Float64Reference.ToDoubles(whole.SelfCertainty!), Float64Reference.ToDoubles(other.SelfCertainty!), 1e-5, "self-certainty");
        }
    }

    [Property(MaxTest = 25)]
    public void Target_log_probability_gradient_matches_float64_autograd(byte a, byte b, byte c, int seed)
    {
        var shape = RandomLogits.Shape(a, b, c, 300);
        var dtype = RandomLogits.DTypes[(uint)seed % 3];
        var temperature = Temperatures[b % 3];
        var rows = shape[..^1].Aggregate(1L, (x, y) => x * y);
        using var scope = NewDisposeScope();
        var logits = RandomLogits.Make(shape, dtype, 0.1 + (a % 40) / 8.0, (c % 4) * 0.2, seed).requires_grad_();
        var targets = RandomLogits.Targets(logits, seed);
        var weights = randn(shape[..^1], generator: new Generator((ulong)(uint)seed + 3));
        var options = new TokenStatisticsOptions { ChunkRows = 1 + (int)((uint)seed % (ulong)rows), Temperature = temperature };
        var logProbabilities = TokenStatistics.SelectedLogProbabilities(logits, targets, options);
        Assert.True(logProbabilities.requires_grad);
        (logProbabilities * weights).sum().backward();
        var gradient = logits.grad!;
        Assert.Equal(dtype, gradient.dtype);

        var reference = logits.detach().to(ScalarType.Float64).requires_grad_();
        var referenceLogP = (reference / temperature).log_softmax(-1).gather(-1, targets.unsqueeze(-1)).squeeze(-1);
        (referenceLogP * weights.to(ScalarType.Float64)).sum().backward();
        var expected = Float64Reference.ToDoubles(reference.grad!);
        var actual = Float64Reference.ToDoubles(gradient);
        // The gradient is computed in fp32 and rounded once to the logits' dtype.
        var relative = dtype == ScalarType.Float32 ? 1e-5 : dtype == ScalarType.BFloat16 ? Math.Pow(2, -8) : Math.Pow(2, -11);
        for (var i = 0; i < expected.Length; i++)
            Assert.True(Math.Abs(expected[i] - actual[i]) <= 1e-5 + relative * Math.Abs(expected[i]), $"gradient[{i}]: expected {expected[i]}, got {actual[i]}.");
    }

    [Fact]
    public void Entropy_with_graph_has_the_float64_gradient_and_is_detached_by_default()
    {
        using var scope = NewDisposeScope();
        var logits = RandomLogits.Make([5, 7, 41], ScalarType.Float32, 2.0, 0.3, 11).requires_grad_();
        var detached = TokenStatistics.Entropy(logits);
        Assert.False(detached.requires_grad);
        var entropy = TokenStatistics.Entropy(logits, new TokenStatisticsOptions { EntropyRequiresGrad = true, ChunkRows = 4 });
        Assert.True(entropy.requires_grad);
        entropy.sum().backward();
        var reference = logits.detach().to(ScalarType.Float64).requires_grad_();
        var logP = reference.log_softmax(-1);
        // Masked entries are excluded by value, not by where() on a −∞ branch (whose gradient would be NaN).
        var safeLogP = logP.masked_fill(reference.isfinite().logical_not(), 0.0);
        (-(logP.exp() * safeLogP).sum()).backward();
        AssertClose(Float64Reference.ToDoubles(reference.grad!), Float64Reference.ToDoubles(logits.grad!), 1e-5, "dH/dz");
    }

    [Fact]
    public void One_call_for_several_statistics_equals_separate_calls()
    {
        using var logits = RandomLogits.Make([3, 9, 257], ScalarType.BFloat16, 3.0, 0.2, 5);
        using var targets = RandomLogits.Targets(logits, 5);
        using var both = TokenStatistics.Compute(logits, targets, TokenStatistic.Entropy | TokenStatistic.TargetLogProbability);
        using var entropy = TokenStatistics.Entropy(logits);
        using var logP = TokenStatistics.SelectedLogProbabilities(logits, targets);
        Assert.Null(both.LogSumExp);
        Assert.Null(both.SelfCertainty);
        Assert.Equal(Float64Reference.ToDoubles(entropy), Float64Reference.ToDoubles(both.Entropy!));
        Assert.Equal(Float64Reference.ToDoubles(logP), Float64Reference.ToDoubles(both.TargetLogProbabilities!));
    }
}
