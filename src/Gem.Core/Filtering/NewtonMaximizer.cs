namespace Gem.Core.Filtering;

/// <summary>
/// Maximises a smooth, strictly concave function of a few variables (a group's strengths) by Newton's method with a
/// backtracking line search, in double precision. Deterministic.
/// </summary>
internal static class NewtonMaximizer
{
    /// <summary>Evaluates f(θ), writing ∇f(θ) into the gradient and ∇²f(θ) (row-major M×M) into the Hessian.</summary>
    internal delegate double Objective(ReadOnlySpan<double> theta, Span<double> gradient, Span<double> hessian);

    /// <summary>Finds the maximiser, starting at θ = 0.</summary>
    /// <param name="dimension">Number of variables M.</param>
    /// <param name="objective">The objective with its derivatives.</param>
    /// <param name="maxIterations">Newton iterations at most.</param>
    /// <param name="tolerance">Converged when the largest component of the full Newton step is below this (that step is then taken).</param>
    /// <param name="what">Name used in the error when the iterations run out.</param>
    /// <returns>The maximiser θ*.</returns>
    public static double[] Maximize(int dimension, Objective objective, int maxIterations, double tolerance, string what)
    {
        var theta = new double[dimension];
        var trial = new double[dimension];
        var gradient = new double[dimension];
        var hessian = new double[dimension * dimension];
        var scratchGradient = new double[dimension];
        var scratchHessian = new double[dimension * dimension];
        var step = new double[dimension];
        var lastStep = double.PositiveInfinity;

        var value = objective(theta, gradient, hessian);
        for (var iteration = 0; iteration < maxIterations; iteration++)
        {
            // Solve (−H) δ = g: −H is symmetric positive definite for a strictly concave objective.
            for (var i = 0; i < hessian.Length; i++)
                hessian[i] = -hessian[i];
            CholeskySolve(hessian, gradient, step, dimension, what);

            lastStep = 0.0;
            var decrease = 0.0;
            for (var i = 0; i < dimension; i++)
            {
                lastStep = Math.Max(lastStep, Math.Abs(step[i]));
                decrease += gradient[i] * step[i];
            }

            // Converged: the step is below the tolerance, or the predicted gain (Newton decrement) is far below the
            // objective's rounding noise (ill-conditioned problems cannot reach a tiny absolute step). The full Newton
            // step is exact to second order there, so it is taken without a line search.
            if (lastStep < tolerance || decrease <= 1e-20 * (1 + Math.Abs(value)))
            {
                for (var i = 0; i < dimension; i++)
                    theta[i] += step[i];
                return theta;
            }

            // Backtracking (Armijo) line search keeps every iteration an ascent step — unless the predicted gain is
            // below the rounding noise of the objective, where the full Newton step is taken (quadratic convergence).
            var t = 1.0;
            var searchLine = decrease > 1e-9 * (1 + Math.Abs(value));
            double trialValue;
            while (true)
            {
                for (var i = 0; i < dimension; i++)
                    trial[i] = theta[i] + t * step[i];
                trialValue = objective(trial, scratchGradient, scratchHessian);
                if (!searchLine || trialValue >= value + 1e-4 * t * decrease || t < 1e-10)
                    break;
                t *= 0.5;
            }
            if (t < 1e-10)
            {
                // No ascent along the Newton direction: θ is optimal to rounding (the predicted gain is noise).
                if (decrease <= 1e-12 * (1 + Math.Abs(value)))
                    return theta;
                throw new InvalidOperationException($"{what}: the line search failed (predicted gain {decrease:G3}); the objective is not concave.");
            }

            (theta, trial) = (trial, theta);
            (gradient, scratchGradient) = (scratchGradient, gradient);
            (hessian, scratchHessian) = (scratchHessian, hessian);
            value = trialValue;
        }

        throw new InvalidOperationException(
            $"{what}: Newton's method did not converge in {maxIterations} iterations (last step {lastStep:G3}, tolerance {tolerance:G3}); raise MaxIterations or the regularisation.");
    }

    /// <summary>Solves A x = b for symmetric positive definite A (row-major, destroyed).</summary>
    private static void CholeskySolve(double[] a, ReadOnlySpan<double> b, Span<double> x, int n, string what)
    {
        // In-place Cholesky: lower triangle of a becomes L with A = L Lᵀ.
        for (var j = 0; j < n; j++)
        {
            var d = a[j * n + j];
            for (var k = 0; k < j; k++)
                d -= a[j * n + k] * a[j * n + k];
            if (!(d > 0))
                throw new InvalidOperationException($"{what}: the negative Hessian is not positive definite (pivot {d:G3} at {j}); the objective is not strictly concave.");
            var l = Math.Sqrt(d);
            a[j * n + j] = l;
            for (var i = j + 1; i < n; i++)
            {
                var s = a[i * n + j];
                for (var k = 0; k < j; k++)
                    s -= a[i * n + k] * a[j * n + k];
                a[i * n + j] = s / l;
            }
        }

        for (var i = 0; i < n; i++)
        {
            var s = b[i];
            for (var k = 0; k < i; k++)
                s -= a[i * n + k] * x[k];
            x[i] = s / a[i * n + i];
        }
        for (var i = n - 1; i >= 0; i--)
        {
            var s = x[i];
            for (var k = i + 1; k < n; k++)
                s -= a[k * n + i] * x[k];
            x[i] = s / a[i * n + i];
        }
    }
}
