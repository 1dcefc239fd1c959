using Gem.Sega.Objectives;

namespace Gem.Samples.QuickStart.Experiment;

/// <summary>
/// The hyperparameters the demo and the quality benchmark use for SFT, DPO and GEM, chosen with the same tuning effort
/// for each (see the tuning log in the sample's README).
/// </summary>
public static class DefaultMethods
{
    /// <summary>SFT on the chosen chains.</summary>
    public static SftMethod Sft { get; } = new("sft", LearningRate: 1e-3);

    /// <summary>DPO (sigmoid loss) against the warm start.</summary>
    public static DpoMethod Dpo { get; } = new("dpo", LearningRate: 1e-3, Beta: 0.1, DpoLoss.Sigmoid);

    /// <summary>GEM with the paper's score (λ = 1, ρ = 0.1) and a Bradley–Terry ranker that sees the human pair.</summary>
    public static GemMethod Gem { get; } = new("gem", LearningRate: 1e-3);

    /// <summary>The three methods of the table.</summary>
    public static IReadOnlyList<MethodSpec> All { get; } = [Sft, Dpo, Gem];

    /// <summary>The warm start.</summary>
    public static WarmStartOptions WarmStart { get; } = new(steps: 400, batchSize: 32, learningRate: 3e-3, seed: 7);
}
