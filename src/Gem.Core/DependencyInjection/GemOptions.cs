using Gem.Core.Filtering;
using Gem.Core.Training;
using Gem.Entropy.Scoring;
using Gem.Sega.Objectives;

namespace Gem.Core.DependencyInjection;

/// <summary>
/// Everything <see cref="GemServiceCollectionExtensions.AddGem"/> configures, for hosts that use
/// <c>IOptions&lt;GemOptions&gt;</c>. Each part is itself an immutable options object validated when built; this
/// holder is checked as a whole on start (<see cref="GemOptionsValidator"/>).
/// </summary>
public sealed class GemOptions
{
    /// <summary>Sampling (k, τ, top-p, new tokens) and whether the human pair joins each group.</summary>
    public GemTrainerOptions Gem { get; set; } = GemTrainerOptions.Default;

    /// <summary>Optimisation, accumulation, clipping, seed, special token ids and checkpoints.</summary>
    public TrainerOptions Trainer { get; set; } = TrainerOptions.Default;

    /// <summary>The entropy-guided scorer's λ, ρ (or m), answer reduction and ablation switches.</summary>
    public EntropyGuidedScorerOptions Scorer { get; set; } = new();

    /// <summary>SEGA's reward transform, baseline, aggregation, KL and clipping.</summary>
    public SegaOptions Sega { get; set; } = SegaOptions.Default;

    /// <summary>DPO's loss, β and label smoothing (for the DPO baseline trainer).</summary>
    public DpoOptions Dpo { get; set; } = DpoOptions.Default;

    /// <summary>Which ranker is registered (default <see cref="RankerKind.Score"/>).</summary>
    public RankerKind Ranker { get; set; } = RankerKind.Score;

    /// <summary>Options of the Bradley–Terry ranker.</summary>
    public BradleyTerryOptions BradleyTerry { get; set; } = new();

    /// <summary>Options of the TrueSkill ranker.</summary>
    public TrueSkillOptions TrueSkill { get; set; } = new();

    /// <summary>Options of the Plackett–Luce ranker.</summary>
    public PlackettLuceOptions PlackettLuce { get; set; } = new();
}
