using Gem.Samples.QuickStart.Problems;

namespace Gem.Samples.QuickStart.Data;

/// <summary>
/// The quick-start's data from one seed: SFT demonstrations (a fraction flawed), the few-shot preference
/// pairs and a held-out set. No held-out problem text occurs among the demonstrations or training pairs.
/// </summary>
public sealed class QuickStartDataset
{
    private QuickStartDataset(
        QuickStartDataOptions options,
        IReadOnlyList<Demonstration> demonstrations,
        IReadOnlyList<LabelledPreferencePair> trainingPairs,
        IReadOnlyList<LabelledPreferencePair> heldOutPairs)
    {
        Options = options;
        Demonstrations = demonstrations;
        TrainingPairs = trainingPairs;
        HeldOutPairs = heldOutPairs;
    }

    /// <summary>The options it was built with.</summary>
    public QuickStartDataOptions Options { get; }

    /// <summary>SFT warm-start demonstrations, in a shuffled order.</summary>
    public IReadOnlyList<Demonstration> Demonstrations { get; }

    /// <summary>The few-shot preference pairs: chosen = correct chain, rejected = flawed chain.</summary>
    public IReadOnlyList<LabelledPreferencePair> TrainingPairs { get; }

    /// <summary>Held-out pairs: for preference accuracy, and their problems for answer accuracy.</summary>
    public IReadOnlyList<LabelledPreferencePair> HeldOutPairs { get; }

    /// <summary>Builds the dataset deterministically from <see cref="QuickStartDataOptions.Seed"/>.</summary>
    public static QuickStartDataset Create(QuickStartDataOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);

        // Independent streams, so that changing one set's size leaves the others as they were.
        var root = new Random(options.Seed);
        int heldOutSeed = root.Next(), pairSeed = root.Next(), demoSeed = root.Next();

        var heldOutProblems = new WordProblemGenerator(heldOutSeed, options.Difficulty).NextDistinct(options.HeldOutCount);
        var heldOutTexts = heldOutProblems.Select(p => p.Text).ToHashSet(StringComparer.Ordinal);
        var heldOut = PreferenceSetBuilder.Build(heldOutProblems, new Random(heldOutSeed ^ 0x2545F491));

        var pairProblems = new WordProblemGenerator(pairSeed, options.Difficulty).NextDistinct(options.PreferencePairCount, heldOutTexts);
        var training = PreferenceSetBuilder.Build(pairProblems, new Random(pairSeed ^ 0x2545F491));

        var demoProblems = new WordProblemGenerator(demoSeed, options.Difficulty).NextDistinct(options.DemonstrationCount, heldOutTexts);
        var demonstrations = DemonstrationSetBuilder.Build(demoProblems, options.FlawedDemonstrationFraction, new Random(demoSeed ^ 0x2545F491));

        return new QuickStartDataset(options, demonstrations, training, heldOut);
    }
}
