namespace Gem.Core.DependencyInjection;

/// <summary>Which Cognitive Filtering ranker <see cref="GemServiceCollectionExtensions.AddGem"/> registers.</summary>
public enum RankerKind
{
    /// <summary><see cref="Filtering.ScoreRanker"/>: ρ = S (the paper's minimal form).</summary>
    Score,

    /// <summary><see cref="Filtering.BradleyTerryRanker"/> with <see cref="GemOptions.BradleyTerry"/>.</summary>
    BradleyTerry,

    /// <summary><see cref="Filtering.TrueSkillRanker"/> with <see cref="GemOptions.TrueSkill"/>.</summary>
    TrueSkill,

    /// <summary><see cref="Filtering.PlackettLuceRanker"/> with <see cref="GemOptions.PlackettLuce"/>.</summary>
    PlackettLuce,
}
