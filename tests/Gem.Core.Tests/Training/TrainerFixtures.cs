using Gem.Core.Data;
using Gem.Core.Tokenization;
using Gem.Testing.Models;

namespace Gem.Core.Tests.Training;

/// <summary>A tiny policy, a character tokenizer and a small arithmetic preference set for trainer tests.</summary>
internal static class TrainerFixtures
{
    public static TinyLlamaConfig Config(long seed = 7) => new(VocabularySize: CharacterTokenizer.Instance.VocabularySize, Dimension: 32, Layers: 2, Heads: 4, KeyValueHeads: 2,
        HiddenDimension: 64, MaxSequenceLength: 96, Seed: seed);

    public static TinyLlamaPolicy Policy(long seed = 7) => new(new TinyLlama(Config(seed)));

    public static ChatEncoder Encoder() => new(CharacterTokenizer.Instance, new PlainChatTemplate());

    /// <summary><paramref name="count"/> pairs "Q: a+b?" → correct vs off-by-one answer.</summary>
    public static IReadOnlyList<PreferenceExample> Pairs(int count, int seed = 0)
    {
        var random = new Random(seed);
        return Enumerable.Range(0, count).Select(_ =>
        {
            int a = random.Next(1, 9), b = random.Next(1, 9);
            return new PreferenceExample($"Q: {a}+{b}? A:", $" {a}+{b}={a + b}. The answer is {a + b}.", $" {a}+{b}={a + b + 1}. The answer is {a + b + 1}.",
                (a + b).ToString(System.Globalization.CultureInfo.InvariantCulture));
        }).ToList();
    }
}
