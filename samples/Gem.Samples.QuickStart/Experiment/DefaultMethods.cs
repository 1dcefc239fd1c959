using Gem.Sega.Objectives;

namespace Gem.Samples.QuickStart.Experiment;

/// <summary>
/// The hyperparameters the demo and the quality benchmark use for SFT, DPO and GEM, chosen with the same tuning effort
/// for each on other data (data seed 99, <c>./build.sh bench quality tune</c>): five learning rates per method, plus β and
/// the IPO loss for DPO and λ and τ for GEM. The tuning log is in the sample's README.
/// </summary>
public static class DefaultMethods
{
    /// <summary>SFT on the chosen chains.</summary>
    public static SftMethod Sft { get; } = new("sft", LearningRate: 1e-4);

    /// <summary>DPO (sigmoid loss) against the warm start.</summary>
    public static DpoMethod Dpo { get; } = new("dpo", LearningRate: 3e-5, Beta: 0.1, DpoLoss.Sigmoid);

    /// <summary>
    /// GEM as tuned: k = 4 at τ = 1, the score −H_final (the fork term off: on the tuning data λ = 1 scored below λ = 0,
    /// and the calibration check finds F anti-correlated with correctness on this task), a Bradley–Terry ranker that sees
    /// the human pair, the paper's SEGA (identity reward, mean baseline, sequence sum).
    /// </summary>
    public static GemMethod Gem { get; } = new("gem", LearningRate: 3e-5) { UseForkTerm = false };

    /// <summary>GEM with the paper's full score S = −H_final + λ·F, λ = 1, ρ = 0.1 (otherwise as <see cref="Gem"/>).</summary>
    public static GemMethod GemPaperScore { get; } = Gem with { Name = "gem-lambda1", UseForkTerm = true, Lambda = 1.0 };

    /// <summary>The three methods of the table.</summary>
    public static IReadOnlyList<MethodSpec> All { get; } = [Sft, Dpo, Gem];

    /// <summary>The warm start.</summary>
    public static WarmStartOptions WarmStart { get; } = new(steps: 400, batchSize: 32, learningRate: 3e-3, seed: 7);
}
