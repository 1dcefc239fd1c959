namespace Gem.Core.Filtering;

/// <summary>
/// The standard normal density and distribution function, and the complementary error function, in double precision
/// (relative error below about 1e-13), written for TrueSkill's truncated-Gaussian updates.
/// </summary>
/// <remarks>
/// <c>erfcx(x) = e^{x²}·erfc(x)</c> is the core: for x &lt; 2 from the series
/// <c>erf(x) = (2/√π)·e^{−x²}·Σ_n 2ⁿ x^{2n+1} / (1·3·…·(2n+1))</c> (all terms positive, no cancellation); for x ≥ 2
/// from the continued fraction <c>erfc(x) = (e^{−x²}/√π) · 1/(x + (1/2)/(x + 1/(x + (3/2)/(x + …))))</c>, evaluated
/// by Lentz's method. Working with the scaled function keeps <c>φ(t)/Φ(t)</c> finite far in the tail.
/// </remarks>
internal static class NormalDistribution
{
    private const double InverseSqrtPi = 0.56418958354775628695;
    private const double InverseSqrtTwoPi = 0.39894228040143267794;
    private const double SqrtTwo = 1.41421356237309504880;

    /// <summary>φ(x), the standard normal density.</summary>
    public static double Pdf(double x) => InverseSqrtTwoPi * Math.Exp(-0.5 * x * x);

    /// <summary>Φ(x), the standard normal distribution function.</summary>
    public static double Cdf(double x) => 0.5 * Erfc(-x / SqrtTwo);

    /// <summary>erf(x).</summary>
    public static double Erf(double x) => x < 0 ? -Erf(-x) : (x < 0.5 ? ErfSeries(x) : 1.0 - Erfc(x));

    /// <summary>erfc(x) = 1 − erf(x).</summary>
    public static double Erfc(double x)
    {
        if (double.IsNaN(x))
            return double.NaN;
        if (x < 0)
            return 2.0 - Erfc(-x);
        if (x < 0.5)
            return 1.0 - ErfSeries(x);
        if (x > 27)
            return 0.0;
        return Math.Exp(-x * x) * ErfcxNonNegative(x);
    }

    /// <summary><c>φ(t)/Φ(t)</c>, TrueSkill's <c>v</c> function of a win with no draw margin; finite for all t.</summary>
    public static double PdfOverCdf(double t)
    {
        // Φ(t) = ½·erfc(−t/√2) = ½·e^{−t²/2}·erfcx(−t/√2), so φ/Φ = √(2/π) / erfcx(−t/√2).
        var u = -t / SqrtTwo;
        double erfcx;
        if (u >= 0)
        {
            erfcx = ErfcxNonNegative(u);
        }
        else
        {
            // erfcx(u) = 2·e^{u²} − erfcx(−u); for large |u| the first term dominates (and may overflow to +∞ → v = 0).
            erfcx = 2.0 * Math.Exp(u * u) - ErfcxNonNegative(-u);
        }
        return 2.0 * InverseSqrtTwoPi / erfcx;
    }

    private static double ErfSeries(double x)
    {
        var x2 = x * x;
        var term = x;
        var sum = x;
        for (var n = 1; n < 200; n++)
        {
            term *= 2.0 * x2 / (2 * n + 1);
            sum += term;
            if (term < 1e-17 * sum)
                break;
        }
        return 2.0 * InverseSqrtPi * Math.Exp(-x2) * sum;
    }

    private static double ErfcxNonNegative(double x)
    {
        if (x < 2.0)
            return Math.Exp(x * x) * (1.0 - ErfSeries(x));

        // Lentz's method for 1/(x + a1/(x + a2/(x + …))) with a_n = n/2.
        const double tiny = 1e-300;
        var f = x;
        var c = x;
        var d = 0.0;
        for (var n = 1; n < 500; n++)
        {
            var a = 0.5 * n;
            d = x + a * d;
            if (Math.Abs(d) < tiny)
                d = tiny;
            c = x + a / c;
            if (Math.Abs(c) < tiny)
                c = tiny;
            d = 1.0 / d;
            var delta = c * d;
            f *= delta;
            if (Math.Abs(delta - 1.0) < 1e-16)
                break;
        }
        return InverseSqrtPi / f;
    }
}
