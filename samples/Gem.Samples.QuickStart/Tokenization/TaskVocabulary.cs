using Gem.Samples.QuickStart.Data;
using Gem.Samples.QuickStart.Problems;

namespace Gem.Samples.QuickStart.Tokenization;

/// <summary>
/// Builds the task tokenizer's vocabulary deterministically from the task itself: the pieces of a fixed-seed
/// corpus of prompts, correct and flawed chains at the hardest difficulty (which uses every template), the
/// lexicon's words, the digits and a little punctuation. Ids: 0 = PAD, 1 = BOS, 2 = EOS, then single characters
/// in ordinal order, then longer pieces in ordinal order.
/// </summary>
public static class TaskVocabulary
{
    /// <summary>The padding token's text (never produced by encoding).</summary>
    public const string PadToken = "<pad>";

    /// <summary>The beginning-of-sequence token's text (never produced by encoding).</summary>
    public const string BosToken = "<s>";

    /// <summary>The end-of-sequence token's text (never produced by encoding).</summary>
    public const string EosToken = "</s>";

    /// <summary>The seed of the corpus the vocabulary is read from; part of the vocabulary's definition.</summary>
    public const int CorpusSeed = 20251113;

    /// <summary>How many problems the corpus has; enough that every template meets every word.</summary>
    public const int CorpusProblems = 3000;

    // Characters any text may use even where the corpus does not (GSM8K-style "#### N", signs, commas, quotes).
    private const string ExtraCharacters = "0123456789 .,?!:;'\"-+*/=#()$%\n";

    /// <summary>The vocabulary, token text → id.</summary>
    public static IReadOnlyList<string> Build()
    {
        var pieces = new HashSet<string>(StringComparer.Ordinal);
        foreach (var text in Corpus())
        {
            foreach (var (start, length) in TaskTokenizer.PreTokenize(text))
            {
                pieces.Add(text.Substring(start, length));
                foreach (var c in text.AsSpan(start, length))
                {
                    pieces.Add(c.ToString());
                }
            }
        }

        foreach (var c in ExtraCharacters)
        {
            pieces.Add(c.ToString());
        }

        for (var digit = '0'; digit <= '9'; digit++)
        {
            pieces.Add(" " + digit);
        }

        var singles = pieces.Where(p => p.Length == 1).Order(StringComparer.Ordinal);
        var longer = pieces.Where(p => p.Length > 1).Order(StringComparer.Ordinal);
        return [PadToken, BosToken, EosToken, .. singles, .. longer];
    }

    private static IEnumerable<string> Corpus()
    {
        foreach (var (name, pronoun) in Lexicon.People)
        {
            yield return name + " " + name + " " + pronoun + " " + char.ToUpperInvariant(pronoun[0]) + pronoun[1..];
        }

        yield return string.Join(' ', Lexicon.Items) + " " + string.Join(' ', Lexicon.Containers);

        var generator = new WordProblemGenerator(CorpusSeed, TaskDifficulty.Hard);
        var random = new Random(CorpusSeed);
        for (var i = 0; i < CorpusProblems; i++)
        {
            var problem = generator.Next();
            yield return PromptFormat.Prompt(problem) + PromptFormat.Completion(ChainWriter.Correct(problem));
            yield return PromptFormat.Completion(FlawedChainGenerator.Generate(problem, random).Chain);
        }
    }
}
