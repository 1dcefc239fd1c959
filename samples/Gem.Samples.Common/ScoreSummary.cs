using System.Globalization;

namespace Gem.Samples.Common;

/// <summary>Means of the scores and their parts over a set of candidates.</summary>
/// <param name="Candidates">How many candidates.</param>
/// <param name="MeanScore">Mean S.</param>
/// <param name="MeanFinalEntropy">Mean H_final (nats), or <see langword="null"/> when the scorer has no such part.</param>
/// <param name="MeanForkTerm">Mean F (nats), or <see langword="null"/>.</param>
/// <param name="MeanLength">Mean completion length in tokens.</param>
public sealed record ScoreSummary(int Candidates, double MeanScore, double? MeanFinalEntropy, double? MeanForkTerm, double MeanLength)
{
    /// <summary>Summarises <paramref name="candidates"/>.</summary>
    /// <param name="candidates">At least one scored candidate.</param>
    /// <returns>The means.</returns>
    public static ScoreSummary Of(IReadOnlyList<ScoredCandidate> candidates)
    {
        ArgumentNullException.ThrowIfNull(candidates);
        if (candidates.Count == 0)
            throw new ArgumentException("Expected at least one candidate; there were none.", nameof(candidates));
        return new ScoreSummary(
            candidates.Count,
            candidates.Average(c => c.Score),
            candidates.All(c => c.FinalEntropy is not null) ? candidates.Average(c => c.FinalEntropy!.Value) : null,
            candidates.All(c => c.ForkTerm is not null) ? candidates.Average(c => c.ForkTerm!.Value) : null,
            candidates.Average(c => c.CompletionIds.Count));
    }

    /// <inheritdoc />
    public override string ToString() => string.Create(CultureInfo.InvariantCulture,
        $"mean S = {MeanScore:F4}   mean H_final = {Format(MeanFinalEntropy)}   mean F = {Format(MeanForkTerm)}   mean length = {MeanLength:F1} tokens   ({Candidates} candidates)");

    private static string Format(double? value) => value is { } v ? v.ToString("F4", CultureInfo.InvariantCulture) : "—";
}
