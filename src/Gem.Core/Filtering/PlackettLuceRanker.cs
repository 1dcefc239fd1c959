namespace Gem.Core.Filtering;

/// <summary>
/// Plackett–Luce Cognitive Filtering: the score order is one listwise observation. The ratings are the maximum a
/// posteriori log-strengths θ under a N(0, 1/λ) prior:
/// <c>θ* = argmax Σ_t [ Σ_{i∈B_t} θ_i − |B_t|·log Σ_{s∈R_t} e^{θ_s} ] + w_h·log σ(θ_{a⁺} − θ_{a⁻}) − (λ/2)·‖θ‖²</c>,
/// where <c>B_1, B_2, …</c> are the tiers of equal score in descending order and <c>R_t = B_t ∪ B_{t+1} ∪ …</c>
/// (Breslow's treatment of ties: tied members share a stage and, by symmetry, a rating).
/// </summary>
/// <remarks>
/// The objective is strictly concave, so θ* is unique; it is found by Newton's method in double precision. Only the
/// order of the scores matters: ratings are invariant to any increasing transformation of the scores, and they follow
/// the score order when there is no human pair.
/// </remarks>
public sealed class PlackettLuceRanker : CandidateRanker
{
    /// <summary>Creates the ranker.</summary>
    /// <param name="options">Options, or <see langword="null"/> for the defaults.</param>
    public PlackettLuceRanker(PlackettLuceOptions? options = null) => Options = options ?? new PlackettLuceOptions();

    /// <summary>The options in use.</summary>
    public PlackettLuceOptions Options { get; }

    /// <inheritdoc />
    protected override double[] RankDistinct(ReadOnlySpan<double> scores, HumanPreference? humanPreference)
    {
        var m = scores.Length;
        if (m == 1)
            return [0.0];

        var order = OrderByScoreDescending(scores);
        // Tier boundaries: tierStart[t] .. tierStart[t + 1] − 1 in `order` have equal scores.
        var tierStarts = new List<int> { 0 };
        for (var r = 1; r < m; r++)
        {
            if (scores[order[r]] != scores[order[r - 1]])
                tierStarts.Add(r);
        }
        tierStarts.Add(m);

        var lambda = Options.Regularisation;
        var humanWeight = humanPreference is null ? 0.0 : Options.HumanWeight;
        var chosen = humanPreference?.ChosenIndex ?? -1;
        var rejected = humanPreference?.RejectedIndex ?? -1;
        var softmax = new double[m];

        return NewtonMaximizer.Maximize(m, (theta, g, h) =>
        {
            h.Clear();
            var value = 0.0;
            for (var i = 0; i < m; i++)
            {
                g[i] = -lambda * theta[i];
                h[i * m + i] = -lambda;
                value -= 0.5 * lambda * theta[i] * theta[i];
            }

            for (var t = 0; t + 1 < tierStarts.Count; t++)
            {
                var start = tierStarts[t];
                var tierSize = tierStarts[t + 1] - start;
                // Stable log-sum-exp over the remaining members R_t = order[start..].
                var max = double.NegativeInfinity;
                for (var r = start; r < m; r++)
                    max = Math.Max(max, theta[order[r]]);
                var sum = 0.0;
                for (var r = start; r < m; r++)
                    sum += Math.Exp(theta[order[r]] - max);
                var logSumExp = max + Math.Log(sum);

                for (var r = start; r < start + tierSize; r++)
                {
                    value += theta[order[r]];
                    g[order[r]] += 1;
                }
                value -= tierSize * logSumExp;
                for (var r = start; r < m; r++)
                    softmax[r] = Math.Exp(theta[order[r]] - logSumExp);
                for (var r = start; r < m; r++)
                {
                    var i = order[r];
                    g[i] -= tierSize * softmax[r];
                    h[i * m + i] -= tierSize * softmax[r];
                    for (var q = start; q < m; q++)
                        h[i * m + order[q]] += tierSize * softmax[r] * softmax[q];
                }
            }

            if (humanWeight > 0)
            {
                var d = theta[chosen] - theta[rejected];
                value += humanWeight * LogisticFunctions.LogSigmoid(d);
                var s = LogisticFunctions.Sigmoid(d);
                var gi = humanWeight * (1 - s);
                g[chosen] += gi;
                g[rejected] -= gi;
                var curvature = humanWeight * s * (1 - s);
                h[chosen * m + chosen] -= curvature;
                h[rejected * m + rejected] -= curvature;
                h[chosen * m + rejected] += curvature;
                h[rejected * m + chosen] += curvature;
            }
            return value;
        }, Options.MaxIterations, Options.Tolerance, "Plackett–Luce fit");
    }
}
