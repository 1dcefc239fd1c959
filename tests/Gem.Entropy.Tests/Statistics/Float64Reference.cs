namespace Gem.Entropy.Tests.Statistics;

/// <summary>The statistics computed in float64 by the textbook formulas (log-softmax, then −Σ p·log p), independent of the fused kernel.</summary>
internal static class Float64Reference
{
    public sealed record Result(double[] Entropy, double[] LogSumExp, double[] TargetLogProbability, double[] SelfCertainty);

    public static Result Compute(Tensor logits, Tensor targets, double temperature = 1.0)
    {
        using var scope = NewDisposeScope();
        var v = logits.shape[^1];
        var z = logits.to(ScalarType.Float64).reshape(-1, v) / temperature;
        var logP = z.log_softmax(-1);
        var p = logP.exp();
        var finite = z.isfinite();
        var plogp = where(p > 0, p * logP, zeros_like(p));
        var entropy = -plogp.sum(-1);
        var lse = z.logsumexp(-1);
        var target = logP.gather(-1, targets.reshape(-1, 1).to(ScalarType.Int64)).squeeze(-1);
        var count = finite.sum(-1).to(ScalarType.Float64);
        var selfCertainty = -count.log() - where(finite, logP, zeros_like(logP)).sum(-1) / count;
        return new Result(
            entropy.data<double>().ToArray(), lse.data<double>().ToArray(),
            target.data<double>().ToArray(), selfCertainty.data<double>().ToArray());
    }

    public static double[] ToDoubles(Tensor t)
    {
        using var d = t.detach().to(ScalarType.Float64).cpu().contiguous();
        return d.data<double>().ToArray();
    }
}
