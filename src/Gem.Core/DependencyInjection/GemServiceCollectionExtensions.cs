using Gem.Core.Filtering;
using Gem.Core.Policy;
using Gem.Core.Tokenization;
using Gem.Core.Training;
using Gem.Entropy.Scoring;
using Gem.Sega.Objectives;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Gem.Core.DependencyInjection;

/// <summary>Registers Gem's scorer, ranker, objectives and trainers in a service collection.</summary>
public static class GemServiceCollectionExtensions
{
    /// <summary>The service key under which a frozen reference <see cref="ICausalLanguageModel"/> is looked up (KL term, DPO).</summary>
    public const string ReferenceModelKey = "Gem.ReferenceModel";

    /// <summary>
    /// Registers <see cref="GemOptions"/> (validated on start by <see cref="GemOptionsValidator"/>), an
    /// <see cref="IEntropyScorer"/> (<see cref="EntropyGuidedScorer"/>), an <see cref="ICandidateRanker"/> (per
    /// <see cref="GemOptions.Ranker"/>), <see cref="SegaObjective"/>, <see cref="DpoObjective"/>,
    /// <see cref="SftObjective"/>, and the trainers <see cref="GemTrainer"/>, <see cref="DpoTrainer"/> and
    /// <see cref="SftTrainer"/> (transient). The trainers need an <see cref="ICausalLanguageModel"/> and a
    /// <see cref="ChatEncoder"/> registered by the caller; a frozen reference model may be registered as a keyed
    /// service under <see cref="ReferenceModelKey"/>.
    /// </summary>
    /// <remarks>Scorer and ranker are added with <c>TryAdd</c>: register your own <see cref="IEntropyScorer"/> or
    /// <see cref="ICandidateRanker"/> before or after, and it is used instead.</remarks>
    /// <param name="services">The service collection.</param>
    /// <param name="configure">Sets the options; the defaults of the paper when null.</param>
    /// <returns>The service collection, for chaining.</returns>
    public static IServiceCollection AddGem(this IServiceCollection services, Action<GemOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        var builder = services.AddOptions<GemOptions>();
        if (configure is not null)
            builder.Configure(configure);
        builder.ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<GemOptions>, GemOptionsValidator>());

        services.TryAddSingleton<IEntropyScorer>(sp => new EntropyGuidedScorer(Options(sp).Scorer));
        services.TryAddSingleton<ICandidateRanker>(sp => Options(sp) switch
        {
            { Ranker: RankerKind.BradleyTerry } o => new BradleyTerryRanker(o.BradleyTerry),
            { Ranker: RankerKind.TrueSkill } o => new TrueSkillRanker(o.TrueSkill),
            { Ranker: RankerKind.PlackettLuce } o => new PlackettLuceRanker(o.PlackettLuce),
            _ => new ScoreRanker(),
        });
        services.TryAddSingleton(sp => new SegaObjective(Options(sp).Sega));
        services.TryAddSingleton(sp => new DpoObjective(Options(sp).Dpo));
        services.TryAddSingleton(_ => new SftObjective());

        services.TryAddTransient(sp => new GemTrainer(
            sp.GetRequiredService<ICausalLanguageModel>(),
            sp.GetRequiredService<ChatEncoder>(),
            Options(sp).Gem,
            Options(sp).Trainer,
            sp.GetRequiredService<IEntropyScorer>(),
            sp.GetRequiredService<ICandidateRanker>(),
            sp.GetRequiredService<SegaObjective>(),
            spans: null,
            reference: sp.GetKeyedService<ICausalLanguageModel>(ReferenceModelKey),
            optimizer: null,
            logger: sp.GetService<ILogger<GemTrainer>>()));
        services.TryAddTransient(sp => new DpoTrainer(
            sp.GetRequiredService<ICausalLanguageModel>(),
            sp.GetRequiredService<ChatEncoder>(),
            Options(sp).Trainer,
            sp.GetRequiredService<DpoObjective>(),
            sp.GetKeyedService<ICausalLanguageModel>(ReferenceModelKey),
            optimizer: null,
            sp.GetService<ILogger<DpoTrainer>>()));
        services.TryAddTransient(sp => new SftTrainer(
            sp.GetRequiredService<ICausalLanguageModel>(),
            sp.GetRequiredService<ChatEncoder>(),
            Options(sp).Trainer,
            sp.GetRequiredService<SftObjective>(),
            optimizer: null,
            sp.GetService<ILogger<SftTrainer>>()));
        return services;
    }

    private static GemOptions Options(IServiceProvider services) => services.GetRequiredService<IOptions<GemOptions>>().Value;
}
