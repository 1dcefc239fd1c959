namespace Gem.Samples.Tests.Pretrained;

/// <summary>The GEM score in float64 from per-token entropies, written from DESIGN.md step 4 with the tail-fraction
/// answer span (the last max(1, ⌈0.2·n⌉) tokens), for comparison with the batched fp32 scorers.</summary>
internal static class GemScoreReference
{
    public static (double Score, double FinalEntropy, double ForkTerm, double Spread) Score(IReadOnlyList<double> entropies, double lambda = 1.0, double rho = 0.1)
    {
        var n = entropies.Count;
        if (n == 0)
            return (0, 0, 0, 0);
        var answerLength = Math.Min(n, Math.Max(1, (int)Math.Ceiling((0.2 * n) - 1e-9)));
        var reasoningLength = n - answerLength;
        var answer = entropies.Skip(reasoningLength).ToList();
        var finalEntropy = answer.Average();
        var spread = Math.Sqrt(answer.Sum(h => (h - finalEntropy) * (h - finalEntropy)) / answer.Count);
        var m = reasoningLength == 0 ? 0 : Math.Max(1, (int)Math.Ceiling((rho * reasoningLength) - 1e-9));
        var fork = m == 0 ? 0 : entropies.Take(reasoningLength).OrderByDescending(h => h).Take(m).Average();
        return (-finalEntropy + (lambda * fork), finalEntropy, fork, spread);
    }
}
