namespace Gem.Core.Filtering;

/// <summary>The logistic function and its logarithm, stable for large arguments.</summary>
internal static class LogisticFunctions
{
    /// <summary>σ(x) = 1 / (1 + e^(−x)).</summary>
    public static double Sigmoid(double x) => x >= 0 ? 1.0 / (1.0 + Math.Exp(-x)) : Math.Exp(x) / (1.0 + Math.Exp(x));

    /// <summary>log σ(x) = −log(1 + e^(−x)).</summary>
    public static double LogSigmoid(double x) => x >= 0 ? -Math.Log(1.0 + Math.Exp(-x)) : x - Math.Log(1.0 + Math.Exp(x));
}
