using Gem.Entropy.Statistics;

namespace Gem.Sega.Objectives;

/// <summary>Options of <see cref="SftObjective"/>, checked when set. Defaults: token mean over the batch, default chunking.</summary>
public sealed class SftOptions
{
    /// <summary>The defaults.</summary>
    public static SftOptions Default { get; } = new();

    /// <summary>How token NLLs are averaged; default <see cref="SftReduction.TokenMeanOverBatch"/>.</summary>
    public SftReduction Reduction
    {
        get => _reduction;
        init
        {
            if (!Enum.IsDefined(value))
                throw new ArgumentOutOfRangeException(nameof(Reduction), value, "Reduction must be one of the named values.");
            _reduction = value;
        }
    }

    /// <summary>Chunking options for the selected-log-probability kernel when logits are given; default when null.</summary>
    public TokenStatisticsOptions? TokenStatistics { get; init; }

    private SftReduction _reduction = SftReduction.TokenMeanOverBatch;
}
