namespace Gem.Samples.QuickStart.Problems;

/// <summary>The words a problem is dressed in. Small on purpose: the tokenizer's vocabulary stays small.</summary>
public static class Lexicon
{
    /// <summary>People, each with the pronoun the templates use for them.</summary>
    public static IReadOnlyList<(string Name, string Pronoun)> People { get; } =
    [
        ("Tom", "he"), ("Sam", "he"), ("Max", "he"), ("Ben", "he"), ("Leo", "he"),
        ("Ann", "she"), ("Mia", "she"), ("Eva", "she"), ("Zoe", "she"), ("Amy", "she"),
    ];

    /// <summary>Things that are counted, in the plural.</summary>
    public static IReadOnlyList<string> Items { get; } = ["apples", "pens", "cards", "eggs", "books", "coins", "shells", "cookies"];

    /// <summary>Containers, in the plural.</summary>
    public static IReadOnlyList<string> Containers { get; } = ["boxes", "bags", "packs", "jars"];
}
