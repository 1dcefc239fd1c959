using Gem.Sega.Baselines;
using Gem.Sega.Groups;
using Gem.Sega.Rewards;
using TorchSharp;
using static TorchSharp.torch;

namespace Gem.Sega.Objectives;

/// <summary>
/// SEGA, the group-relative advantage objective of GEM (DESIGN.md step 6).
/// </summary>
/// <remarks>
/// <para>For groups <c>g</c> of members with ratings <c>ρ_i</c>: rewards <c>r_i = f(ρ_i)</c>
/// (<see cref="SegaOptions.RewardTransform"/>, default identity), a baseline <c>b</c> (<see cref="SegaOptions.Baseline"/>,
/// default the group mean), advantages <c>A_i = r_i − b</c>, optionally divided by <c>std_g(r) + ε</c>. Advantages are
/// computed in float64 and carry no gradient. The loss is</para>
/// <code>L = −(1/G) Σ_g (1/|g|) Σ_{i∈g} A_i · ℓ_i  +  β · (1/G) Σ_g (1/|g|) Σ_{i∈g} KL_i</code>
/// <para>with <c>ℓ_i = Σ_t m_it log π(y_it)</c> (<see cref="SegaAggregation.SequenceSum"/>, the paper's default) or its
/// per-token mean (<see cref="SegaAggregation.SequenceMean"/>); <see cref="SegaAggregation.TokenMeanOverGroup"/> instead
/// weighs every completion token of a group equally. <c>KL_i</c> aggregates the per-token k3 estimator
/// <c>exp(log π_ref − log π) − (log π_ref − log π) − 1</c> the same way. With <see cref="SegaOptions.ClipEpsilon"/> set,
/// <c>A_i log π_t</c> becomes the PPO surrogate <c>min(ρ_t A_i, clip(ρ_t, 1 − ε, 1 + ε) A_i)</c>,
/// <c>ρ_t = exp(log π_t − log π_old,t)</c> (per token by default; per sequence with
/// <see cref="ClipRatioLevel.Sequence"/>); at <c>π = π_old</c> its gradient equals the unclipped one.</para>
/// <para>A group whose rewards are all equal has all-zero advantages, contributes no policy gradient, and is counted in
/// <see cref="SegaDiagnostics.ZeroVarianceGroups"/>. Groups may have different sizes; every group needs at least two
/// members. All per-group work is vectorised on the log-probabilities' device (a padded <c>[G, M]</c> layout); the
/// only host transfers are a few validation and diagnostic scalars per call.</para>
/// <para>Arithmetic is float32 (bfloat16 and float16 log-probabilities are promoted), or float64 when the
/// log-probabilities are float64.</para>
/// </remarks>
public sealed class SegaObjective
{
    /// <summary>Builds the objective, checking the options' combination.</summary>
    /// <param name="options">Options; <see cref="SegaOptions.Default"/> (the paper) when null.</param>
    /// <exception cref="ArgumentException">The options' values are inconsistent.</exception>
    public SegaObjective(SegaOptions? options = null)
    {
        Options = options ?? SegaOptions.Default;
        Options.Validate(nameof(options));
    }

    /// <summary>The options this objective was built with.</summary>
    public SegaOptions Options { get; }

    /// <summary>Computes the SEGA loss, advantages and diagnostics.</summary>
    /// <param name="logProbabilities">Policy log-probabilities with gradient: per sequence <c>[N]</c> (taken as <c>ℓ_i</c>
    /// as given — the caller chose sum or mean), or per token <c>[N, T]</c> with <paramref name="completionMask"/>
    /// (e.g. from <see cref="LogProbabilities.SequenceLogProbabilities.PerToken"/>). Floating point; must be finite at
    /// completion tokens (values at masked positions are ignored and get no gradient).</param>
    /// <param name="groupIndex">Group of each member, <c>[N]</c> int64 or int32, values <c>0 … G−1</c>, every group with at
    /// least two members; members of a group need not be adjacent.</param>
    /// <param name="ratings">Ratings <c>ρ</c>, <c>[N]</c> float64 or float32, finite.</param>
    /// <param name="completionMask">For per-token input: <c>[N, T]</c> (bool, int or float), nonzero at completion tokens
    /// and 0 at prompt and padding. Must be null for per-sequence input.</param>
    /// <param name="referenceLogProbabilities">Per-token log-probabilities of the frozen reference, <c>[N, T]</c>, for the
    /// KL term and <see cref="SegaDiagnostics.KlMean"/>; required when <see cref="SegaOptions.KlCoefficient"/> &gt; 0.
    /// Detached.</param>
    /// <param name="oldLogProbabilities">Log-probabilities under the policy that produced the batch, the shape of
    /// <paramref name="logProbabilities"/>; required exactly when <see cref="SegaOptions.ClipEpsilon"/> is set. Detached.</param>
    /// <returns>The loss and the rest; dispose it.</returns>
    /// <exception cref="ArgumentException">A shape, dtype or value is wrong (the message names the argument, the
    /// expected and the actual); a group has fewer than two members; a rating or log-probability is NaN or infinite.</exception>
    public SegaResult Compute(
        Tensor logProbabilities,
        Tensor groupIndex,
        Tensor ratings,
        Tensor? completionMask = null,
        Tensor? referenceLogProbabilities = null,
        Tensor? oldLogProbabilities = null)
    {
        ArgumentNullException.ThrowIfNull(logProbabilities);
        ArgumentNullException.ThrowIfNull(groupIndex);
        ValidateLogProbabilities(logProbabilities, completionMask, referenceLogProbabilities, oldLogProbabilities);
        using var scope = NewDisposeScope();
        var layout = GroupLayout.FromIndex(groupIndex, logProbabilities.shape[0], logProbabilities.device, nameof(groupIndex));
        return ComputeCore(layout, logProbabilities, ratings, completionMask, referenceLogProbabilities, oldLogProbabilities);
    }

    /// <summary>Computes the SEGA loss for consecutive groups of the given sizes.</summary>
    /// <param name="logProbabilities">Per sequence <c>[N]</c> or per token <c>[N, T]</c>, as in the other overload.</param>
    /// <param name="groupSizes">Sizes of consecutive groups (members of group 0 first), each ≥ 2, adding up to <c>N</c>.</param>
    /// <param name="ratings">Ratings <c>ρ</c>, <c>N</c> finite values in batch order.</param>
    /// <param name="completionMask">For per-token input: <c>[N, T]</c>, nonzero at completion tokens.</param>
    /// <param name="referenceLogProbabilities">Reference per-token log-probabilities <c>[N, T]</c>, for the KL term.</param>
    /// <param name="oldLogProbabilities">Old log-probabilities for clipping, the shape of <paramref name="logProbabilities"/>.</param>
    /// <returns>The loss and the rest; dispose it.</returns>
    public SegaResult Compute(
        Tensor logProbabilities,
        IReadOnlyList<int> groupSizes,
        IReadOnlyList<double> ratings,
        Tensor? completionMask = null,
        Tensor? referenceLogProbabilities = null,
        Tensor? oldLogProbabilities = null)
    {
        ArgumentNullException.ThrowIfNull(logProbabilities);
        ArgumentNullException.ThrowIfNull(groupSizes);
        ArgumentNullException.ThrowIfNull(ratings);
        ValidateLogProbabilities(logProbabilities, completionMask, referenceLogProbabilities, oldLogProbabilities);
        using var scope = NewDisposeScope();
        var layout = GroupLayout.FromSizes(groupSizes, logProbabilities.shape[0], logProbabilities.device, nameof(groupSizes));
        var ratingTensor = tensor(ratings.ToArray(), ScalarType.Float64);
        return ComputeCore(layout, logProbabilities, ratingTensor, completionMask, referenceLogProbabilities, oldLogProbabilities);
    }

    /// <summary>
    /// Advantages alone (no loss): <c>A_i = (f(ρ_i) − b)</c>, optionally divided by the group reward standard deviation.
    /// </summary>
    /// <param name="groupIndex">Group of each member, <c>[N]</c> int64 or int32, every group with at least two members.</param>
    /// <param name="ratings">Ratings <c>[N]</c> float64 or float32, finite.</param>
    /// <returns>Advantages <c>[N]</c> float64 on the ratings' device.</returns>
    public Tensor ComputeAdvantages(Tensor groupIndex, Tensor ratings)
    {
        ArgumentNullException.ThrowIfNull(groupIndex);
        ArgumentNullException.ThrowIfNull(ratings);
        ValidateRatingShape(ratings, groupIndex.dim() == 1 ? groupIndex.shape[0] : -1);
        using var scope = NewDisposeScope();
        var layout = GroupLayout.FromIndex(groupIndex, ratings.shape[0], ratings.device, nameof(groupIndex));
        var (advantages, _, _) = Advantages(layout, ratings);
        return advantages.MoveToOuterDisposeScope();
    }

    private SegaResult ComputeCore(GroupLayout layout, Tensor logProbabilities, Tensor ratings, Tensor? completionMask, Tensor? reference, Tensor? old)
    {
        ValidateRatingShape(ratings, layout.MemberCount);
        var computeType = logProbabilities.dtype == ScalarType.Float64 ? ScalarType.Float64 : ScalarType.Float32;
        var (advantages64, rewards64, statistics) = Advantages(layout, ratings.to(logProbabilities.device));
        var advantages = advantages64.to(computeType);
        var groupCount = (double)layout.GroupCount;
        var sizes = layout.Sizes.to(computeType).index_select(0, layout.Index);
        var epsilon = Options.ClipEpsilon;
        var beta = Options.KlCoefficient;

        Tensor loss;
        Tensor? klMean = null, clippedFraction = null;
        var finiteChecks = new List<(string Name, Tensor AllFinite)>();
        if (logProbabilities.dim() == 1)
        {
            var x = logProbabilities.to(computeType);
            finiteChecks.Add((nameof(logProbabilities), x.isfinite().all()));
            Tensor memberTerm;
            if (epsilon is { } e)
            {
                var o = old!.detach().to(computeType);
                finiteChecks.Add(("oldLogProbabilities", o.isfinite().all()));
                (memberTerm, clippedFraction) = Surrogate(x - o, advantages, e, null);
            }
            else
            {
                memberTerm = advantages * x;
            }

            loss = -(memberTerm / (sizes * groupCount)).sum();
        }
        else
        {
            var mask = completionMask!.dtype == ScalarType.Bool ? completionMask : completionMask.ne(0);
            mask = mask.to(logProbabilities.device);
            var zero = zeros(1, computeType, logProbabilities.device);
            finiteChecks.Add((nameof(logProbabilities), where(mask, logProbabilities.to(computeType), zero).isfinite().all()));
            // where(), not a product: masked positions carry exactly 0 and get no gradient, whatever they held.
            var x = where(mask, logProbabilities.to(computeType), zero);
            var tokens = mask.to(computeType).sum([1L]);
            var tokenTotal = tokens.sum().clamp_min(1.0);
            var advantagesPerToken = advantages.unsqueeze(1);

            Tensor? kl = null;
            if (reference is not null)
            {
                var r = where(mask, reference.detach().to(computeType), zero);
                finiteChecks.Add(("referenceLogProbabilities", r.isfinite().all()));
                var d = r - x;
                kl = where(mask, d.exp() - d - 1.0, zero);
                klMean = kl.sum() / tokenTotal;
            }

            Tensor? o = null;
            if (epsilon is not null)
            {
                o = where(mask, old!.detach().to(computeType), zero);
                finiteChecks.Add(("oldLogProbabilities", o.isfinite().all()));
            }

            var aggregation = Options.Aggregation;
            var lengthDivisor = aggregation == SegaAggregation.SequenceMean ? tokens.clamp_min(1.0) : null;
            Tensor memberTerm;
            if (epsilon is { } e && Options.ClipRatioLevel == ClipRatioLevel.Sequence)
            {
                var logRatio = lengthDivisor is null ? (x - o!).sum([1L]) : (x - o!).sum([1L]) / lengthDivisor;
                (memberTerm, clippedFraction) = Surrogate(logRatio, advantages, e, null);
            }
            else
            {
                Tensor tokenTerm;
                if (epsilon is { } e2)
                    (tokenTerm, clippedFraction) = Surrogate(x - o!, advantagesPerToken, e2, mask);
                else
                    tokenTerm = advantagesPerToken * x;
                // Masked positions: x = o = 0 gives ratio 1 and a surrogate of A, hence the mask again.
                memberTerm = where(mask, tokenTerm, zero).sum([1L]);
                if (lengthDivisor is not null)
                    memberTerm = memberTerm / lengthDivisor;
            }

            if (kl is not null && beta > 0)
            {
                var klMember = kl.sum([1L]);
                if (lengthDivisor is not null)
                    klMember = klMember / lengthDivisor;
                memberTerm = memberTerm - beta * klMember;
            }

            Tensor weights;
            if (aggregation == SegaAggregation.TokenMeanOverGroup)
            {
                var groupTokens = zeros(layout.GroupCount, computeType, logProbabilities.device).index_add_(0, layout.Index, tokens, 1);
                weights = (groupTokens.clamp_min(1.0) * groupCount).index_select(0, layout.Index);
            }
            else
            {
                weights = sizes * groupCount;
            }

            loss = -(memberTerm / weights).sum();
        }

        // One host transfer for all checks and figures.
        var figures = new List<Tensor>(statistics);
        figures.AddRange(finiteChecks.Select(c => c.AllFinite.to(ScalarType.Float64)));
        if (klMean is not null)
            figures.Add(klMean.detach().to(ScalarType.Float64));
        if (clippedFraction is not null)
            figures.Add(clippedFraction.detach().to(ScalarType.Float64));
        var host = stack(figures.Select(f => f.reshape(1)).ToArray()).cpu().data<double>().ToArray();
        var at = statistics.Length;
        foreach (var (name, _) in finiteChecks)
        {
            if (host[at++] == 0)
                throw new ArgumentException($"{name} must be finite at completion tokens; it holds NaN or ±∞.", name);
        }

        double? klValue = klMean is null ? null : host[at++];
        double? clipValue = clippedFraction is null ? null : host[at++];
        var diagnostics = new SegaDiagnostics(
            layout.GroupCount, layout.MemberCount, host[0], host[1], host[2], host[3], host[4], host[5], (long)host[6], klValue, clipValue);
        return new SegaResult(loss.MoveToOuterDisposeScope(), advantages64.MoveToOuterDisposeScope(), rewards64.MoveToOuterDisposeScope(), diagnostics);
    }

    /// <summary>
    /// PPO surrogate <c>min(ρA, clip(ρ, 1−ε, 1+ε)A)</c> with <c>ρ = exp(logRatio)</c>, and the fraction of (masked) entries
    /// where the clip binds.
    /// </summary>
    private static (Tensor Term, Tensor ClippedFraction) Surrogate(Tensor logRatio, Tensor advantages, double epsilon, Tensor? mask)
    {
        var ratio = logRatio.exp();
        var term = minimum(ratio * advantages, ratio.clamp(1.0 - epsilon, 1.0 + epsilon) * advantages);
        var clipped = ratio.lt(1.0 - epsilon).logical_and(advantages.lt(0))
            .logical_or(ratio.gt(1.0 + epsilon).logical_and(advantages.gt(0)));
        Tensor fraction;
        if (mask is null)
        {
            fraction = clipped.to(ScalarType.Float64).mean();
        }
        else
        {
            clipped = clipped.logical_and(mask);
            fraction = clipped.to(ScalarType.Float64).sum() / mask.to(ScalarType.Float64).sum().clamp_min(1.0);
        }

        return (term, fraction);
    }

    /// <summary>Advantages and rewards <c>[N]</c> float64, and the scalar figures of <see cref="SegaDiagnostics"/>.</summary>
    private (Tensor Advantages, Tensor Rewards, Tensor[] Statistics) Advantages(GroupLayout layout, Tensor ratings)
    {
        var ratings64 = ratings.detach().to(ScalarType.Float64).to(layout.Index.device);
        if (ratings64.isfinite().all().cpu().item<bool>() == false)
        {
            var bad = ratings64.isfinite().logical_not().nonzero().reshape(-1).cpu().data<long>().ToArray();
            throw new ArgumentException(
                $"ratings must be finite; member(s) {string.Join(", ", bad.Take(10))} hold NaN or ±∞.", nameof(ratings));
        }

        var mask = layout.Mask;
        var padded = layout.Pad(ratings64, 0.0);
        var rewards = GroupRewards.Apply(Options, padded, mask);
        var advantages = rewards - GroupBaselines.Compute(Options.Baseline, rewards, mask);
        var groupStd = PaddedGroupStatistics.StandardDeviation(rewards, mask);
        if (Options.DivideByGroupStandardDeviation)
            advantages = advantages / (groupStd + Options.StandardDeviationEpsilon);
        // Equal rewards mean no preference: exactly zero advantages, not the rounding residue of r − b.
        var constantGroup = PaddedGroupStatistics.Max(rewards, mask).eq(PaddedGroupStatistics.Min(rewards, mask));
        advantages = where(constantGroup.logical_or(mask.logical_not()), zeros_like(advantages), advantages);
        var perMemberAdvantages = layout.Unpad(advantages);
        var perMemberRewards = layout.Unpad(rewards);
        var zeroVariance = constantGroup.to(ScalarType.Float64).sum();
        Tensor[] statistics =
        [
            ratings64.mean(), ratings64.std(), perMemberRewards.mean(), perMemberRewards.std(), groupStd.mean(),
            perMemberAdvantages.abs().mean(), zeroVariance,
        ];
        return (perMemberAdvantages, perMemberRewards, statistics);
    }

    private void ValidateLogProbabilities(Tensor logProbabilities, Tensor? completionMask, Tensor? referenceLogProbabilities, Tensor? oldLogProbabilities)
    {
        if (!logProbabilities.is_floating_point())
            throw new ArgumentException($"logProbabilities must be floating point; got {logProbabilities.dtype}.", nameof(logProbabilities));
        if (logProbabilities.dim() is not (1 or 2))
            throw new ArgumentException(
                $"logProbabilities must have shape [N] (per sequence) or [N, T] (per token); got [{Shape(logProbabilities)}].", nameof(logProbabilities));
        var perToken = logProbabilities.dim() == 2;
        if (Options.KlCoefficient > 0 && referenceLogProbabilities is null)
            throw new ArgumentNullException(nameof(referenceLogProbabilities),
                $"referenceLogProbabilities are required: SegaOptions.KlCoefficient is {Options.KlCoefficient}. Pass per-token referenceLogProbabilities log-probabilities [N, T], or set KlCoefficient to 0.");
        if (Options.ClipEpsilon is not null && oldLogProbabilities is null)
            throw new ArgumentNullException(nameof(oldLogProbabilities),
                $"oldLogProbabilities are required: SegaOptions.ClipEpsilon is {Options.ClipEpsilon}. Pass the log-probabilities the batch was first scored with.");
        if (Options.ClipEpsilon is null && oldLogProbabilities is not null)
            throw new ArgumentException("oldLogProbabilities were given but SegaOptions.ClipEpsilon is null; set ClipEpsilon to clip, or pass null.", nameof(oldLogProbabilities));
        if (oldLogProbabilities is not null && !oldLogProbabilities.shape.SequenceEqual(logProbabilities.shape))
            throw new ArgumentException(
                $"oldLogProbabilities must have the shape of logProbabilities, [{Shape(logProbabilities)}]; got [{Shape(oldLogProbabilities)}].", nameof(oldLogProbabilities));
        if (perToken)
        {
            if (completionMask is null)
                throw new ArgumentNullException(nameof(completionMask), $"completionMask [{Shape(logProbabilities)}] is required with per-token logProbabilities.");
            if (!completionMask.shape.SequenceEqual(logProbabilities.shape))
                throw new ArgumentException(
                    $"completionMask must have the shape of logProbabilities, [{Shape(logProbabilities)}]; got [{Shape(completionMask)}].", nameof(completionMask));
            if (referenceLogProbabilities is not null && !referenceLogProbabilities.shape.SequenceEqual(logProbabilities.shape))
                throw new ArgumentException(
                    $"referenceLogProbabilities must have the shape of logProbabilities, [{Shape(logProbabilities)}]; got [{Shape(referenceLogProbabilities)}].",
                    nameof(referenceLogProbabilities));
        }
        else
        {
            if (completionMask is not null)
                throw new ArgumentException(
                    $"completionMask must be null with per-sequence logProbabilities [{Shape(logProbabilities)}]; pass per-token log-probabilities [N, T] to use a completionMask.",
                    nameof(completionMask));
            if (referenceLogProbabilities is not null)
                throw new ArgumentException(
                    "referenceLogProbabilities need per-token logProbabilities [N, T] (the k3 estimator is per token); got per-sequence logProbabilities.",
                    nameof(referenceLogProbabilities));
            if (Options.Aggregation == SegaAggregation.TokenMeanOverGroup)
                throw new ArgumentException(
                    "SegaOptions.Aggregation = TokenMeanOverGroup needs per-token logProbabilities [N, T] with a completion completionMask; got per-sequence logProbabilities.",
                    nameof(logProbabilities));
        }
    }

    private static void ValidateRatingShape(Tensor ratings, long memberCount)
    {
        ArgumentNullException.ThrowIfNull(ratings);
        if (ratings.dim() != 1 || (memberCount >= 0 && ratings.shape[0] != memberCount))
            throw new ArgumentException(
                $"ratings must have shape [{(memberCount >= 0 ? memberCount.ToString(System.Globalization.CultureInfo.InvariantCulture) : "N")}] (one per member); got [{Shape(ratings)}].",
                nameof(ratings));
        if (!ratings.is_floating_point())
            throw new ArgumentException($"ratings must be float64 or float32; got {ratings.dtype}.", nameof(ratings));
    }

    private static string Shape(Tensor t) => string.Join(", ", t.shape);
}
