using Gem.Core.DependencyInjection;
using Gem.Core.Filtering;
using Gem.Core.Generation;
using Gem.Core.Policy;
using Gem.Core.Tests.Training;
using Gem.Core.Tokenization;
using Gem.Core.Training;
using Gem.Entropy.Scoring;
using Gem.Sega.Objectives;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Gem.Core.Tests.DependencyInjection;

public sealed class AddGemTests
{
    private static ServiceProvider Build(Action<GemOptions>? configure, Action<IServiceCollection>? more = null)
    {
        var services = new ServiceCollection();
        services.AddSingleton<ICausalLanguageModel>(TrainerFixtures.Policy());
        services.AddSingleton(TrainerFixtures.Encoder());
        more?.Invoke(services);
        services.AddGem(configure);
        return services.BuildServiceProvider();
    }

    [Fact]
    public void AddGem_registers_scorer_ranker_objectives_and_trainers_from_the_options()
    {
        using var provider = Build(o =>
        {
            o.Ranker = RankerKind.BradleyTerry;
            o.BradleyTerry = new BradleyTerryOptions { HumanWeight = 7 };
            o.Scorer = new EntropyGuidedScorerOptions { Lambda = 0.5 };
            o.Sega = new SegaOptions { Baseline = Gem.Sega.Baselines.Baseline.Median };
            o.Gem = new GemTrainerOptions { Generation = new GenerationOptions { CandidatesPerPrompt = 2, MaxNewTokens = 4 } };
        });
        provider.GetRequiredService<IStartupValidator>().Validate();
        Assert.Equal(7, Assert.IsType<BradleyTerryRanker>(provider.GetRequiredService<ICandidateRanker>()).Options.HumanWeight);
        Assert.Equal(0.5, Assert.IsType<EntropyGuidedScorer>(provider.GetRequiredService<IEntropyScorer>()).Options.Lambda);
        Assert.Equal(Gem.Sega.Baselines.Baseline.Median, provider.GetRequiredService<SegaObjective>().Options.Baseline);
        using var gem = provider.GetRequiredService<GemTrainer>();
        Assert.Equal(2, gem.GemOptions.CandidatesPerPrompt);
        using var dpo = provider.GetRequiredService<DpoTrainer>();
        using var sft = provider.GetRequiredService<SftTrainer>();
    }

    [Fact]
    public void A_scorer_registered_by_the_caller_replaces_the_default()
    {
        var mine = new MeanNegativeEntropyScorer();
        using var provider = Build(null, s => s.AddSingleton<IEntropyScorer>(mine));
        Assert.Same(mine, provider.GetRequiredService<IEntropyScorer>());
    }

    [Fact]
    public void Inconsistent_options_fail_on_start_with_a_message_that_names_them()
    {
        using var provider = Build(o => o.Gem = new GemTrainerOptions
        {
            IncludeHumanPair = false,
            Generation = new GenerationOptions { CandidatesPerPrompt = 1 },
        });
        var error = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IStartupValidator>().Validate());
        Assert.Contains("GemOptions.Gem", error.Message);

        using var nulls = Build(o => o.Sega = null!);
        Assert.Contains("GemOptions.Sega", Assert.Throws<OptionsValidationException>(() => nulls.GetRequiredService<IStartupValidator>().Validate()).Message);
    }
}
