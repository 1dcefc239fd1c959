using TorchSharp;
using static TorchSharp.torch;

namespace Gem.Core.Generation;

/// <summary>Top-k, top-p and min-p on fp32 logits <c>[N, V]</c>: removed tokens get −∞, the rest keep their logit.</summary>
internal static class TokenFilters
{
    /// <summary>Keeps tokens whose logit ≥ the k-th largest of the row (k ≥ V or k = 0: unchanged).</summary>
    public static Tensor TopK(Tensor logits, int k)
    {
        if (k <= 0 || k >= logits.shape[^1])
            return logits.alias();
        using var scope = NewDisposeScope();
        var kth = logits.topk(k, dim: -1).values.narrow(-1, k - 1, 1);
        return logits.masked_fill(logits.lt(kth), double.NegativeInfinity).MoveToOuterDisposeScope();
    }

    /// <summary>Keeps, in decreasing probability order, each token whose exclusive cumulative probability is &lt; p.</summary>
    public static Tensor TopP(Tensor logits, double p)
    {
        if (p >= 1.0)
            return logits.alias();
        using var scope = NewDisposeScope();
        var (sorted, order) = logits.sort(dim: -1, descending: true);
        var probabilities = sorted.softmax(-1);
        var before = probabilities.cumsum(-1) - probabilities;
        var removeSorted = before.ge(p);
        var remove = zeros_like(removeSorted).scatter(-1, order, removeSorted);
        return logits.masked_fill(remove, double.NegativeInfinity).MoveToOuterDisposeScope();
    }

    /// <summary>Keeps tokens whose probability ≥ minP · (the row's largest probability); minP = 0: unchanged.</summary>
    public static Tensor MinP(Tensor logits, double minP)
    {
        if (minP <= 0)
            return logits.alias();
        using var scope = NewDisposeScope();
        var probabilities = logits.softmax(-1);
        var threshold = probabilities.amax(new long[] { -1 }, keepdim: true) * minP;
        return logits.masked_fill(probabilities.lt(threshold), double.NegativeInfinity).MoveToOuterDisposeScope();
    }

    /// <summary>Temperature, top-k, top-p and min-p in that order, on fp32 logits <c>[N, V]</c>.</summary>
    public static Tensor Apply(Tensor logits, double temperature, int topK, double topP, double minP)
    {
        using var scope = NewDisposeScope();
        var x = temperature == 1.0 ? logits : logits / temperature;
        x = TopK(x, topK);
        x = TopP(x, topP);
        x = MinP(x, minP);
        return x.MoveToOuterDisposeScope();
    }
}
