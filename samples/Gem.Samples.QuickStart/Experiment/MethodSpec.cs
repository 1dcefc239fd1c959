using System.Globalization;
using Gem.Core.Filtering;
using Gem.Entropy.Scoring;
using Gem.Sega.Baselines;
using Gem.Sega.Objectives;
using Gem.Sega.Rewards;

namespace Gem.Samples.QuickStart.Experiment;

/// <summary>One alignment method as the experiment runs it: a name for the table and its hyperparameters.</summary>
/// <param name="Name">The name in results (<c>sft</c>, <c>dpo</c>, <c>gem</c>, or a variant such as <c>gem-no-fork</c>).</param>
/// <param name="LearningRate">Peak learning rate (linear warm-up over the first 10% of steps, then cosine to 10%).</param>
public abstract record MethodSpec(string Name, double LearningRate)
{
    /// <summary>A one-line description of the hyperparameters, for the output.</summary>
    public abstract string Describe();
}

/// <summary>SFT on the chosen (correct) completions of the preference pairs.</summary>
/// <param name="Name">The name in results.</param>
/// <param name="LearningRate">Peak learning rate.</param>
public sealed record SftMethod(string Name, double LearningRate) : MethodSpec(Name, LearningRate)
{
    /// <inheritdoc />
    public override string Describe() => string.Create(CultureInfo.InvariantCulture, $"SFT on the chosen chains, lr {LearningRate:G3}");
}

/// <summary>DPO on the pairs, with the warm start as the frozen reference.</summary>
/// <param name="Name">The name in results.</param>
/// <param name="LearningRate">Peak learning rate.</param>
/// <param name="Beta">β of the implicit reward.</param>
/// <param name="Loss">Sigmoid (DPO) or IPO.</param>
public sealed record DpoMethod(string Name, double LearningRate, double Beta, DpoLoss Loss = DpoLoss.Sigmoid) : MethodSpec(Name, LearningRate)
{
    /// <inheritdoc />
    public override string Describe() => string.Create(CultureInfo.InvariantCulture, $"{Loss} loss, β {Beta:G3}, lr {LearningRate:G3}, reference = warm start");
}

/// <summary>Which Cognitive Filtering ranker GEM uses.</summary>
public enum RankerChoice
{
    /// <summary>ρ = S.</summary>
    Score,

    /// <summary>Bradley–Terry over soft pairwise outcomes plus the human pair.</summary>
    BradleyTerry,

    /// <summary>TrueSkill, human pair first.</summary>
    TrueSkill,

    /// <summary>Plackett–Luce over the score order plus the human pair.</summary>
    PlackettLuce,
}

/// <summary>GEM: k sampled candidates plus the human pair per prompt, entropy scores, a ranker, SEGA.</summary>
public sealed record GemMethod(string Name, double LearningRate) : MethodSpec(Name, LearningRate)
{
    /// <summary>k, candidates sampled per prompt.</summary>
    public int Candidates { get; init; } = 4;

    /// <summary>Sampling temperature τ.</summary>
    public double Temperature { get; init; } = 1.0;

    /// <summary>λ, the weight of the fork term F.</summary>
    public double Lambda { get; init; } = 1.0;

    /// <summary>ρ, the share of the reasoning span whose largest entropies form F.</summary>
    public double ForkFraction { get; init; } = 0.1;

    /// <summary>Whether −H_final is part of the score (the paper's ablation switches it off).</summary>
    public bool UseFinalEntropy { get; init; } = true;

    /// <summary>Whether λ·F is part of the score (the paper's ablation switches it off).</summary>
    public bool UseForkTerm { get; init; } = true;

    /// <summary>The ranker.</summary>
    public RankerChoice Ranker { get; init; } = RankerChoice.BradleyTerry;

    /// <summary>Weight of the human outcome a⁺ ≻ a⁻ in Bradley–Terry and Plackett–Luce.</summary>
    public double HumanWeight { get; init; } = 1.0;

    /// <summary>The reward transform of SEGA.</summary>
    public RewardTransform Reward { get; init; } = RewardTransform.Identity;

    /// <summary>The baseline of SEGA.</summary>
    public Baseline Baseline { get; init; } = Baseline.Mean;

    /// <summary>Whether the human pair joins each group.</summary>
    public bool IncludeHumanPair { get; init; } = true;

    /// <summary>The score given to a candidate without an answer marker (null: scored like the others).</summary>
    public double? MissingAnswerScore { get; init; }

    /// <summary>The scorer these settings describe.</summary>
    public EntropyGuidedScorer CreateScorer() => new(new EntropyGuidedScorerOptions
    {
        Lambda = Lambda,
        ForkFraction = ForkFraction,
        UseFinalEntropy = UseFinalEntropy,
        UseForkTerm = UseForkTerm,
        MissingAnswerScore = MissingAnswerScore,
    });

    /// <summary>The ranker these settings describe.</summary>
    public ICandidateRanker CreateRanker() => Ranker switch
    {
        RankerChoice.Score => new ScoreRanker(),
        RankerChoice.BradleyTerry => new BradleyTerryRanker(new BradleyTerryOptions { HumanWeight = HumanWeight }),
        RankerChoice.TrueSkill => new TrueSkillRanker(),
        RankerChoice.PlackettLuce => new PlackettLuceRanker(new PlackettLuceOptions { HumanWeight = HumanWeight }),
        _ => throw new ArgumentOutOfRangeException(nameof(Ranker), Ranker, "Unknown ranker."),
    };

    /// <summary>The SEGA objective these settings describe.</summary>
    public SegaObjective CreateObjective() => new(new SegaOptions { RewardTransform = Reward, Baseline = Baseline });

    /// <inheritdoc />
    public override string Describe() => string.Create(CultureInfo.InvariantCulture,
        $"k {Candidates}, τ {Temperature:G3}, λ {(UseForkTerm ? Lambda.ToString("G3", CultureInfo.InvariantCulture) : "off")}, ρ {ForkFraction:G3}{(UseFinalEntropy ? "" : ", no H_final")}, {Ranker} ranker (human weight {HumanWeight:G3}), {Reward} reward, {Baseline} baseline, lr {LearningRate:G3}");
}
