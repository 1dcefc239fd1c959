namespace Gem.Core.Filtering;

/// <summary>
/// Regularised maximum-likelihood Bradley–Terry strengths from weighted pairwise outcomes:
/// maximises <c>L(θ) = Σ_{i≠j} W_ij · log σ(θ_i − θ_j) − (λ/2)·‖θ‖²</c>, where <c>W_ij ≥ 0</c> is the (possibly
/// fractional) number of times i beat j. Strictly concave for λ &gt; 0, so the maximiser is unique; found by Newton.
/// </summary>
internal static class BradleyTerryModel
{
    /// <summary>Fits the strengths.</summary>
    /// <param name="wins">Row-major M×M matrix W; the diagonal is ignored.</param>
    /// <param name="dimension">M.</param>
    /// <param name="regularisation">λ &gt; 0, the precision of the N(0, 1/λ) prior on each θ_i.</param>
    /// <param name="maxIterations">Newton iterations at most.</param>
    /// <param name="tolerance">Convergence tolerance on the Newton step.</param>
    /// <returns>θ, the log-strengths.</returns>
    public static double[] Fit(double[] wins, int dimension, double regularisation, int maxIterations, double tolerance)
    {
        if (wins.Length != dimension * dimension)
            throw new ArgumentException($"Expected a {dimension}×{dimension} win matrix ({dimension * dimension} entries); got {wins.Length}.", nameof(wins));
        return NewtonMaximizer.Maximize(dimension, (theta, g, h) =>
        {
            var m = theta.Length;
            h.Clear();
            var value = 0.0;
            for (var i = 0; i < m; i++)
            {
                g[i] = -regularisation * theta[i];
                h[i * m + i] = -regularisation;
                value -= 0.5 * regularisation * theta[i] * theta[i];
            }
            for (var i = 0; i < m; i++)
            {
                for (var j = i + 1; j < m; j++)
                {
                    var wij = wins[i * m + j];
                    var wji = wins[j * m + i];
                    var total = wij + wji;
                    if (total == 0)
                        continue;
                    var d = theta[i] - theta[j];
                    value += wij * LogisticFunctions.LogSigmoid(d) + wji * LogisticFunctions.LogSigmoid(-d);
                    var s = LogisticFunctions.Sigmoid(d);
                    var gi = wij - total * s;
                    g[i] += gi;
                    g[j] -= gi;
                    var curvature = total * s * (1 - s);
                    h[i * m + i] -= curvature;
                    h[j * m + j] -= curvature;
                    h[i * m + j] += curvature;
                    h[j * m + i] += curvature;
                }
            }
            return value;
        }, maxIterations, tolerance, "Bradley–Terry fit");
    }
}
