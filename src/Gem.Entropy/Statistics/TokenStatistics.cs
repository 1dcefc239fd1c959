using TorchSharp;
using static TorchSharp.torch;

namespace Gem.Entropy.Statistics;

/// <summary>
/// Per-token statistics of logits <c>z ∈ R^V</c> in one pass per chunk of rows, accumulated in fp32 whatever the
/// logits' dtype: entropy <c>H = logsumexp(z) − Σ softmax(z)·z</c>, target log-probability <c>z_y − logsumexp(z)</c>
/// (without a full log-softmax) and <c>logsumexp(z)</c>. Peak extra memory is bounded by the chunk
/// (rows × V elements), not by the number of tokens.
/// </summary>
/// <remarks>
/// Masked vocabulary entries (<c>−∞</c> logits) contribute exactly nothing (<c>0 · −∞</c> counts as 0). NaN or
/// <c>+∞</c> anywhere, or a row that is entirely <c>−∞</c>, raises <see cref="ArgumentException"/> naming the position.
/// </remarks>
public static class TokenStatistics
{
    /// <summary>Computes the requested statistics in one chunked pass.</summary>
    /// <param name="logits">Logits <c>[..., V]</c>, float32, float16 or bfloat16, any device; at least one dimension.</param>
    /// <param name="targets">Target token ids <c>[...]</c> (the logits' shape without V), int64 or int32, each in
    /// <c>[0, V)</c>; required when <paramref name="statistics"/> includes <see cref="TokenStatistic.TargetLogProbability"/>.</param>
    /// <param name="statistics">Which statistics to compute; at least one.</param>
    /// <param name="options">Chunking, temperature and gradient options; <see cref="TokenStatisticsOptions.Default"/> when null.</param>
    /// <returns>The statistics, each <c>[...]</c> float32 on the logits' device.</returns>
    public static TokenStatisticsResult Compute(Tensor logits, Tensor? targets, TokenStatistic statistics, TokenStatisticsOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(logits);
        options ??= TokenStatisticsOptions.Default;
        if (statistics == TokenStatistic.None || (statistics & ~TokenStatistic.All) != 0)
            throw new ArgumentOutOfRangeException(nameof(statistics), statistics, "Request at least one of Entropy, TargetLogProbability, LogSumExp.");
        ValidateLogits(logits);
        var leading = logits.shape[..^1];
        var vocabularySize = logits.shape[^1];
        var wantEntropy = statistics.HasFlag(TokenStatistic.Entropy);
        var wantTarget = statistics.HasFlag(TokenStatistic.TargetLogProbability);
        var wantLse = statistics.HasFlag(TokenStatistic.LogSumExp);
        if (wantTarget)
            ValidateTargets(targets, leading, vocabularySize);

        using var scope = NewDisposeScope();
        var rows = leading.Aggregate(1L, (a, b) => a * b);
        var flat = logits.reshape(rows, vocabularySize);
        var flatTargets = wantTarget ? targets!.reshape(rows).to(ScalarType.Int64) : null;
        var chunkRows = options.ResolveChunkRows(rows, vocabularySize);
        var targetGrad = wantTarget && logits.requires_grad && is_grad_enabled();

        var entropyParts = new List<Tensor>();
        var targetParts = new List<Tensor>();
        var lseParts = new List<Tensor>();
        var invalidParts = new List<Tensor>();
        for (long start = 0; start < rows; start += chunkRows)
        {
            var length = Math.Min(chunkRows, rows - start);
            var chunk = flat.narrow(0, start, length);
            var z = chunk.dtype == ScalarType.Float32 ? chunk : chunk.to(ScalarType.Float32);
            if (options.Temperature != 1.0)
                z = z / options.Temperature;

            Tensor rowMax, logSum;
            using (var _ = options.EntropyRequiresGrad && wantEntropy ? null : no_grad())
            {
                rowMax = z.amax([-1L], keepdim: true);
                invalidParts.Add(rowMax.squeeze(-1).isfinite().logical_not().detach());
                // Only one exponential per element: e = exp(z − m), s = Σe, Σ p·z − m = Σ e·(z − m) / s.
                var shifted = z - rowMax;
                var exponentials = shifted.exp();
                var sum = exponentials.sum([-1L]);
                logSum = sum.log();
                if (wantEntropy)
                {
                    // exp(−∞) = 0 already; clamping −∞ to the most negative finite float makes 0·(−∞) an exact 0.
                    var finiteShifted = options.EntropyRequiresGrad ? shifted.clamp_min(float.MinValue) : shifted.clamp_min_(float.MinValue);
                    var weighted = linalg.vecdot(exponentials, finiteShifted);
                    entropyParts.Add(logSum - weighted / sum);
                }
            }

            var lse = (rowMax.squeeze(-1) + logSum).detach();
            if (wantLse)
                lseParts.Add(lse);
            if (wantTarget)
            {
                var picked = z.gather(-1, flatTargets!.narrow(0, start, length).unsqueeze(-1)).squeeze(-1);
                // With a graph, logsumexp's own backward gives softmax − one-hot; without, reuse the pass above.
                targetParts.Add(targetGrad ? picked - z.logsumexp(-1) : picked.detach() - lse);
            }
        }

        ThrowIfInvalid(logits, flat, invalidParts, leading);
        var entropy = wantEntropy ? cat(entropyParts, 0).reshape(leading).MoveToOuterDisposeScope() : null;
        var target = wantTarget ? cat(targetParts, 0).reshape(leading).MoveToOuterDisposeScope() : null;
        var logSumExp = wantLse ? cat(lseParts, 0).reshape(leading).MoveToOuterDisposeScope() : null;
        return new TokenStatisticsResult(entropy, target, logSumExp);
    }

    /// <summary>Per-token entropy in nats, detached unless the options say otherwise.</summary>
    /// <param name="logits">Logits <c>[..., V]</c> (float32, float16 or bfloat16).</param>
    /// <param name="options">Chunking and temperature; default when null.</param>
    /// <returns><c>[...]</c> float32.</returns>
    public static Tensor Entropy(Tensor logits, TokenStatisticsOptions? options = null)
    {
        using var result = Compute(logits, null, TokenStatistic.Entropy, options);
        return result.Entropy!.alias();
    }

    /// <summary>Per-token log-probability of <paramref name="targets"/>, <c>z_y − logsumexp(z)</c>, with gradient when the logits have one.</summary>
    /// <param name="logits">Logits <c>[..., V]</c> (float32, float16 or bfloat16).</param>
    /// <param name="targets">Token ids <c>[...]</c>, int64 or int32, each in <c>[0, V)</c>.</param>
    /// <param name="options">Chunking and temperature; default when null.</param>
    /// <returns><c>[...]</c> float32.</returns>
    public static Tensor SelectedLogProbabilities(Tensor logits, Tensor targets, TokenStatisticsOptions? options = null)
    {
        using var result = Compute(logits, targets, TokenStatistic.TargetLogProbability, options);
        return result.TargetLogProbabilities!.alias();
    }

    private static void ValidateLogits(Tensor logits)
    {
        if (logits.dim() < 1)
            throw new ArgumentException($"logits must have shape [..., V] with at least one dimension; got a scalar.", nameof(logits));
        if (logits.shape[^1] < 1)
            throw new ArgumentException($"logits must have a vocabulary dimension of at least 1; got shape [{string.Join(", ", logits.shape)}].", nameof(logits));
        if (logits.dtype is not (ScalarType.Float32 or ScalarType.Float16 or ScalarType.BFloat16))
            throw new ArgumentException($"logits must be float32, float16 or bfloat16; got {logits.dtype}.", nameof(logits));
    }

    private static void ValidateTargets(Tensor? targets, long[] leading, long vocabularySize)
    {
        if (targets is null)
            throw new ArgumentNullException(nameof(targets), "targets are required for TokenStatistic.TargetLogProbability.");
        if (targets.dtype is not (ScalarType.Int64 or ScalarType.Int32))
            throw new ArgumentException($"targets must be int64 or int32; got {targets.dtype}.", nameof(targets));
        if (!targets.shape.SequenceEqual(leading))
            throw new ArgumentException(
                $"targets must have the logits' shape without V, [{string.Join(", ", leading)}]; got [{string.Join(", ", targets.shape)}].",
                nameof(targets));
        if (targets.numel() == 0)
            return;
        using var scope = NewDisposeScope();
        var min = targets.min().cpu().item<long>();
        var max = targets.max().cpu().item<long>();
        if (min < 0 || max >= vocabularySize)
            throw new ArgumentOutOfRangeException(nameof(targets), $"targets must lie in [0, {vocabularySize}); got values from {min} to {max}.");
    }

    private static void ThrowIfInvalid(Tensor logits, Tensor flat, List<Tensor> invalidParts, long[] leading)
    {
        if (invalidParts.Count == 0)
            return;
        var invalid = cat(invalidParts, 0);
        if (!invalid.any().cpu().item<bool>())
            return; // one synchronisation per call, never per chunk
        var row = invalid.to(ScalarType.Int64).argmax().cpu().item<long>();
        var values = flat[row].to(ScalarType.Float32);
        var what = values.isnan().any().cpu().item<bool>() ? "NaN"
            : values.isposinf().any().cpu().item<bool>() ? "+inf"
            : "only -inf (no token is possible)";
        var index = new long[leading.Length];
        var rest = row;
        for (var d = leading.Length - 1; d >= 0; d--)
        {
            index[d] = rest % leading[d];
            rest /= leading[d];
        }

        throw new ArgumentException(
            $"logits contain {what} at position [{string.Join(", ", index)}] (of shape [{string.Join(", ", logits.shape)}]); logits must be finite or -inf.",
            nameof(logits));
    }
}
