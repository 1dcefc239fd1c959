namespace Gem.Sega.Tests.Support;

/// <summary>
/// A tiny differentiable policy in float64: fixed token features <c>X [B, T, D]</c> and a weight <c>W [D, V]</c>,
/// logits <c>X·W</c>. Small enough for central finite differences over every weight.
/// </summary>
internal sealed class TinyPolicy : IDisposable
{
    public TinyPolicy(int batch, int length, int features, int vocabulary, int seed)
    {
        var generator = new Generator((ulong)seed);
        Features = randn([batch, length, features], ScalarType.Float64, generator: generator);
        Weight = randn([features, vocabulary], ScalarType.Float64, generator: generator).requires_grad_(true);
        Targets = randint(0, vocabulary, [batch, length], ScalarType.Int64, generator: generator);
        Vocabulary = vocabulary;
        generator.Dispose();
    }

    public Tensor Features { get; }
    public Tensor Weight { get; }
    public Tensor Targets { get; }
    public int Vocabulary { get; }

    /// <summary>Logits <c>[B, T, V]</c> for the given weight (default: the policy's own).</summary>
    public Tensor Logits(Tensor? weight = null) => Features.matmul(weight ?? Weight);

    /// <summary>Per-token log-probabilities of the targets <c>[B, T]</c>, float64.</summary>
    public Tensor PerToken(Tensor? weight = null)
    {
        using var scope = NewDisposeScope();
        return Logits(weight).log_softmax(-1).gather(-1, Targets.unsqueeze(-1)).squeeze(-1).MoveToOuterDisposeScope();
    }

    /// <summary>A random weight of the same shape, detached (a reference or old policy).</summary>
    public Tensor OtherWeight(int seed, double scale = 1.0)
    {
        using var generator = new Generator((ulong)seed);
        using var noise = randn(Weight.shape, ScalarType.Float64, generator: generator);
        return (Weight.detach() + noise * scale).detach();
    }

    public void Dispose()
    {
        Features.Dispose();
        Weight.Dispose();
        Targets.Dispose();
    }
}

/// <summary>Gradient checks by central differences.</summary>
internal static class FiniteDifferences
{
    /// <summary>Autograd gradient of <paramref name="loss"/> with respect to <paramref name="weight"/>, as a flat array.</summary>
    public static double[] Analytic(Tensor weight, Func<Tensor, Tensor> loss)
    {
        weight.grad?.zero_();
        using (var scope = NewDisposeScope())
        {
            var value = loss(weight);
            value.backward();
        }

        var result = weight.grad!.data<double>().ToArray();
        weight.grad!.zero_();
        return result;
    }

    /// <summary>Central-difference gradient with step <paramref name="step"/>.</summary>
    public static double[] Numeric(Tensor weight, Func<Tensor, Tensor> loss, double step = 1e-6)
    {
        using var noGrad = no_grad();
        using var baseWeight = weight.detach().clone();
        var count = (int)baseWeight.numel();
        var result = new double[count];
        for (var k = 0; k < count; k++)
        {
            using var scope = NewDisposeScope();
            var direction = zeros(count, ScalarType.Float64);
            direction[k] = tensor(step, ScalarType.Float64);
            direction = direction.reshape(baseWeight.shape);
            var plus = loss(baseWeight + direction).item<double>();
            var minus = loss(baseWeight - direction).item<double>();
            result[k] = (plus - minus) / (2 * step);
        }

        return result;
    }

    /// <summary>Asserts the autograd gradient matches central differences to <paramref name="tolerance"/> (relative to the gradient's scale).</summary>
    public static void AssertMatches(Tensor weight, Func<Tensor, Tensor> loss, double tolerance = 1e-6)
    {
        var analytic = Analytic(weight, loss);
        var numeric = Numeric(weight, loss);
        var scale = Math.Max(1.0, analytic.Max(Math.Abs));
        Assert.True(analytic.Any(g => g != 0), "the gradient is identically zero, so the check would prove nothing.");
        for (var k = 0; k < analytic.Length; k++)
            Assert.True(Math.Abs(analytic[k] - numeric[k]) <= tolerance * scale,
                $"gradient entry {k}: autograd {analytic[k]:R}, finite differences {numeric[k]:R}.");
    }

    public static double Cosine(double[] a, double[] b)
    {
        double dot = 0, na = 0, nb = 0;
        for (var k = 0; k < a.Length; k++)
        {
            dot += a[k] * b[k];
            na += a[k] * a[k];
            nb += b[k] * b[k];
        }

        return dot / Math.Sqrt(na * nb);
    }
}
