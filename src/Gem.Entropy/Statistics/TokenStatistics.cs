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
    /// <param name="targets">Target token ids <c>[...]</c> (the logits' shape without V), int64 or int32, on the logits'
    /// device, each in <c>[0, V)</c>; required when <paramref name="statistics"/> includes
    /// <see cref="TokenStatistic.TargetLogProbability"/>, ignored otherwise.</param>
    /// <param name="statistics">Which statistics to compute; at least one.</param>
    /// <param name="options">Chunking, temperature and gradient options; <see cref="TokenStatisticsOptions.Default"/> when null.</param>
    /// <returns>The statistics, each <c>[...]</c> float32 on the logits' device.</returns>
    /// <remarks>
    /// One exponential per element and no maximum pass: per chunk <c>e = exp(z)</c>, <c>s = Σ e</c>, then
    /// <c>logsumexp = log s</c>, <c>H = log s − Σ e·z / s</c>, <c>KL(U ‖ p) = log s − mean(z) − log V</c> and
    /// <c>log p(y) = z_y − logsumexp</c> by a gather. A row whose <c>s</c> leaves <c>[2^−60, 2^100]</c> (logits too large
    /// or too small for an unshifted fp32 exponential, or NaN/±∞ entries) is redone after the pass with the usual shift
    /// <c>m = max z</c>: <c>e = exp(z − m)</c>, <c>logsumexp = m + log s</c>, <c>H = log s − Σ e·(z − m) / s</c>.
    /// The target log-probability keeps a gradient when the logits require one (a custom autograd function whose
    /// backward recomputes <c>softmax</c> chunk by chunk, so no chunk is kept alive between forward and backward);
    /// the other statistics are detached unless <see cref="TokenStatisticsOptions.EntropyRequiresGrad"/>.
    /// Rows with masked (<c>−∞</c>) entries are recomputed the same way, masked entries excluded, so the common
    /// unmasked case pays nothing for them. The call synchronises with the device once (twice with targets).
    /// </remarks>
    /// <exception cref="ArgumentException">The logits' shape or dtype is wrong, or they hold NaN, <c>+∞</c> or a row
    /// that is entirely <c>−∞</c> (the message names the position), or the targets' shape, dtype or device is wrong.</exception>
    /// <exception cref="ArgumentOutOfRangeException">A target id lies outside <c>[0, V)</c>, or <paramref name="statistics"/> is empty.</exception>
    public static TokenStatisticsResult Compute(Tensor logits, Tensor? targets, TokenStatistic statistics, TokenStatisticsOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(logits);
        options ??= TokenStatisticsOptions.Default;
        if (statistics == TokenStatistic.None || (statistics & ~TokenStatistic.All) != 0)
            throw new ArgumentOutOfRangeException(nameof(statistics), statistics, "Request at least one of Entropy, TargetLogProbability, LogSumExp, SelfCertainty.");
        ValidateLogits(logits);
        var leading = logits.shape[..^1];
        var vocabularySize = logits.shape[^1];
        var wantEntropy = statistics.HasFlag(TokenStatistic.Entropy);
        var wantTarget = statistics.HasFlag(TokenStatistic.TargetLogProbability);
        var wantLse = statistics.HasFlag(TokenStatistic.LogSumExp);
        var wantSelf = statistics.HasFlag(TokenStatistic.SelfCertainty);
        if (wantTarget)
            ValidateTargets(targets, logits, leading, vocabularySize);

        using var scope = NewDisposeScope();
        var rows = leading.Aggregate(1L, (a, b) => a * b);
        if (rows == 0)
        {
            Tensor? Empty(bool wanted) => wanted ? empty(leading, ScalarType.Float32, logits.device).MoveToOuterDisposeScope() : null;
            return new TokenStatisticsResult(Empty(wantEntropy), Empty(wantTarget), Empty(wantLse), Empty(wantSelf));
        }

        var flat = logits.reshape(rows, vocabularySize);
        var flatTargets = wantTarget ? targets!.reshape(rows).to(ScalarType.Int64) : null;
        var chunkRows = options.ResolveChunkRows(rows, vocabularySize, logits.device_type);
        var gradEnabled = is_grad_enabled() && logits.requires_grad;
        var entropyGraph = wantEntropy && options.EntropyRequiresGrad && gradEnabled;
        var targetGraph = wantTarget && gradEnabled;
        var temperature = options.Temperature;

        // Outputs are allocated once, before the loop: per-chunk results interleaved with the chunk's large
        // temporaries would fragment the native heap and raise the process's resident peak far above one chunk.
        var device = logits.device;
        var logSumExp = empty(rows, ScalarType.Float32, device);
        var outOfRange = empty(rows, ScalarType.Bool, device);
        var entropy = wantEntropy && !entropyGraph ? empty(rows, ScalarType.Float32, device) : null;
        var selfCertainty = wantSelf ? empty(rows, ScalarType.Float32, device) : null;
        var entropyWithGraph = new List<Tensor>();
        for (long start = 0; start < rows; start += chunkRows)
        {
            var length = Math.Min(chunkRows, rows - start);
            // The chunk's temporaries die with this scope: peak extra memory is one chunk, not the whole tensor.
            using var chunkScope = NewDisposeScope();
            var chunk = flat.narrow(0, start, length);
            using (no_grad())
            {
                // Unshifted: e = exp(z) is the only exponential and no max or subtraction pass is needed. Rows whose
                // sum leaves the safe range (overflow, underflow, NaN, +∞, all −∞) are flagged and redone exactly below.
                var z = ScaledFloat32(chunk, temperature);
                var exponentials = z.exp();
                var sum = exponentials.sum([-1L]);
                var logSum = sum.log();
                logSumExp.narrow(0, start, length).copy_(logSum);
                outOfRange.narrow(0, start, length).copy_(sum.ge(SafeSumMinimum).logical_and_(sum.le(SafeSumMaximum)).logical_not_());
                // H = log s − Σ e·z / s. A −∞ entry makes 0·(−∞) = NaN here (entropy) or −∞ (mean): such rows are redone below.
                entropy?.narrow(0, start, length).copy_(logSum - exponentials.mul_(z).sum([-1L]).div_(sum));
                selfCertainty?.narrow(0, start, length).copy_(logSum - z.sum([-1L]).div_(vocabularySize).add_(Math.Log(vocabularySize)));
            }

            if (entropyGraph)
                entropyWithGraph.Add(EntropyWithGraph(chunk, temperature).MoveToOuterDisposeScope());
        }

        if (entropyGraph)
            entropy = cat(entropyWithGraph, 0);
        var suspicious = outOfRange;
        if (entropy is not null)
            suspicious = suspicious.logical_or(entropy.isfinite().logical_not());
        if (selfCertainty is not null)
            suspicious = suspicious.logical_or(selfCertainty.isfinite().logical_not());
        if (suspicious.any().cpu().item<bool>()) // one synchronisation per call, never per chunk
            RecomputeRows(logits, flat, leading, suspicious, outOfRange, temperature, chunkRows, logSumExp, entropyGraph ? null : entropy, selfCertainty);

        Tensor? target = null;
        if (wantTarget)
        {
            target = targetGraph
                ? SelectedLogProbabilityFunction.apply(flat, flatTargets!, logSumExp, temperature, chunkRows)
                : SelectedLogProbabilityFunction.Gather(flat, flatTargets!, logSumExp, temperature);
        }

        return new TokenStatisticsResult(
            entropy?.reshape(leading).MoveToOuterDisposeScope(),
            target?.reshape(leading).MoveToOuterDisposeScope(),
            wantLse ? logSumExp.reshape(leading).MoveToOuterDisposeScope() : null,
            selfCertainty?.reshape(leading).MoveToOuterDisposeScope());
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

    private static void ValidateTargets(Tensor? targets, Tensor logits, long[] leading, long vocabularySize)
    {
        if (targets is null)
            throw new ArgumentNullException(nameof(targets), "targets are required for TokenStatistic.TargetLogProbability.");
        if (targets.dtype is not (ScalarType.Int64 or ScalarType.Int32))
            throw new ArgumentException($"targets must be int64 or int32; got {targets.dtype}.", nameof(targets));
        if (!targets.shape.SequenceEqual(leading))
            throw new ArgumentException(
                $"targets must have the logits' shape without V, [{string.Join(", ", leading)}]; got [{string.Join(", ", targets.shape)}].",
                nameof(targets));
        if (targets.device_type != logits.device_type || targets.device_index != logits.device_index)
            throw new ArgumentException($"targets must be on the logits' device {logits.device}; got {targets.device}.", nameof(targets));
        if (targets.numel() == 0)
            return;
        using var scope = NewDisposeScope();
        var range = stack([targets.min().to(ScalarType.Int64), targets.max().to(ScalarType.Int64)]).cpu().data<long>().ToArray();
        if (range[0] < 0 || range[1] >= vocabularySize)
            throw new ArgumentOutOfRangeException(nameof(targets), $"targets must lie in [0, {vocabularySize}); got values from {range[0]} to {range[1]}.");
    }

    /// <summary>The chunk in fp32 divided by the temperature; a view of the input when it already is fp32 at temperature 1.</summary>
    internal static Tensor ScaledFloat32(Tensor chunk, double temperature)
    {
        if (chunk.dtype == ScalarType.Float32)
            return temperature == 1.0 ? chunk : chunk / temperature;
        var z = chunk.to(ScalarType.Float32);
        return temperature == 1.0 ? z : z.div_(temperature);
    }

    /// <summary>Entropy of one chunk keeping the autograd graph (the opt-in <see cref="TokenStatisticsOptions.EntropyRequiresGrad"/>).</summary>
    private static Tensor EntropyWithGraph(Tensor chunk, double temperature)
    {
        var z = ScaledFloat32(chunk, temperature);
        // H is invariant to the shift, so the maximum needs no gradient.
        var shifted = z - z.amax([-1L], keepdim: true).detach();
        var exponentials = shifted.exp();
        var sum = exponentials.sum([-1L]);
        // Clamping −∞ to the most negative float makes 0·(−∞) an exact 0 (and its gradient 0).
        return sum.log() - linalg.vecdot(exponentials, shifted.clamp_min(float.MinValue)) / sum;
    }

    /// <summary>
    /// Redoes the rows the unshifted pass could not finish, exactly and with the shift <c>m = max z</c>: rows with
    /// masked <c>−∞</c> entries (excluded: <c>0·(−∞)</c> counts as 0 and the uniform distribution of self-certainty spans
    /// the finite entries only) and rows whose exponentials left fp32's safe range. Throws, naming the position, for the
    /// first row that holds NaN or <c>+∞</c> or only <c>−∞</c>.
    /// </summary>
    private static void RecomputeRows(
        Tensor logits, Tensor flat, long[] leading, Tensor suspicious, Tensor outOfRange, double temperature, long chunkRows, Tensor logSumExp, Tensor? entropy, Tensor? selfCertainty)
    {
        var rows = suspicious.nonzero().squeeze(-1);
        var count = rows.shape[0];
        using var _ = no_grad();
        for (long start = 0; start < count; start += chunkRows)
        {
            using var chunkScope = NewDisposeScope();
            var index = rows.narrow(0, start, Math.Min(chunkRows, count - start));
            var z = ScaledFloat32(flat.index_select(0, index), temperature);
            var rowMax = z.amax([-1L], keepdim: true);
            // amax propagates NaN; +∞ and an all-(−∞) row also give a non-finite maximum.
            var invalid = rowMax.squeeze(-1).isfinite().logical_not();
            if (invalid.any().cpu().item<bool>())
                ThrowInvalidRow(logits, flat, leading, index[invalid.to(ScalarType.Int64).argmax()].cpu().item<long>());
            var finite = z.isfinite();
            var shifted = z - rowMax;
            var exponentials = shifted.exp();
            var sum = exponentials.sum([-1L]);
            var logSum = sum.log();
            // logsumexp changes only where the unshifted sum was out of range, so that it (and log p(y)) does not
            // depend on which other statistics were requested.
            logSumExp.index_copy_(0, index, where(outOfRange.index_select(0, index), logSum + rowMax.squeeze(-1), logSumExp.index_select(0, index)));
            var safe = shifted.masked_fill(finite.logical_not(), 0.0);
            entropy?.index_copy_(0, index, logSum - exponentials.mul_(safe).sum([-1L]).div_(sum));
            if (selfCertainty is not null)
            {
                var size = finite.sum([-1L]).to(ScalarType.Float32);
                selfCertainty.index_copy_(0, index, logSum - safe.sum([-1L]) / size - size.log());
            }
        }
    }

    private static void ThrowInvalidRow(Tensor logits, Tensor flat, long[] leading, long row)
    {
        var values = flat[row].to(ScalarType.Float32);
        var bad = values.isnan().logical_or(values.isposinf());
        var where = "";
        string what;
        if (bad.any().cpu().item<bool>())
        {
            var column = bad.to(ScalarType.Int64).argmax().cpu().item<long>();
            what = values[column].isnan().cpu().item<bool>() ? "NaN" : "+inf";
            where = $", vocabulary index {column}";
        }
        else
        {
            what = "only -inf (no token is possible)";
        }

        var index = new long[leading.Length];
        var rest = row;
        for (var d = leading.Length - 1; d >= 0; d--)
        {
            index[d] = rest % leading[d];
            rest /= leading[d];
        }

        throw new ArgumentException(
            $"logits contain {what} at position [{string.Join(", ", index)}]{where} (of shape [{string.Join(", ", logits.shape)}]); logits must be finite or -inf.",
            nameof(logits));
    }

    /// <summary>Smallest row sum of unshifted exponentials accepted (2^−60): below it, terms lost to underflow could matter.</summary>
    private const double SafeSumMinimum = 8.673617379884035e-19;

    /// <summary>Largest row sum of unshifted exponentials accepted (2^100): far from fp32's overflow even after multiplying by z.</summary>
    private const double SafeSumMaximum = 1.2676506002282294e30;
}
