using Gem.Core.Generation;
using Gem.Core.Policy;
using Gem.Testing;
using Gem.Testing.Models;
using static Gem.Core.Tests.Generation.GenerationFixtures;

namespace Gem.Core.Tests.Generation;

public sealed class CandidateGeneratorTests
{
    private static GenerationOptions Sampling(int k = 4, int maxNew = 12, long? seed = 7) =>
        new() { CandidatesPerPrompt = k, MaxNewTokens = maxNew, Temperature = 1.3, Seed = seed, PadTokenId = 0 };

    [Fact]
    public void Same_seed_gives_the_same_candidates_and_another_seed_different_ones()
    {
        var policy = new TinyLlamaPolicy(Model());
        var generator = new CandidateGenerator(policy);
        var prompts = Prompts(5, 3, 7);
        using var a = generator.Generate(prompts, Sampling(seed: 11));
        using var b = generator.Generate(prompts, Sampling(seed: 11));
        using var c = generator.Generate(prompts, Sampling(seed: 12));
        Assert.Equal(Rows(a.Sequences), Rows(b.Sequences));
        Assert.NotEqual(Rows(a.Sequences), Rows(c.Sequences));

        // A torch.Generator in the same state gives the same draws as the seed.
        using var torchGenerator = new torch.Generator(11);
        using var d = generator.Generate(prompts, Sampling(seed: null), torchGenerator);
        Assert.Equal(Rows(a.Sequences), Rows(d.Sequences));
    }

    [Fact]
    public void Candidates_of_one_prompt_differ_when_sampling_and_agree_when_greedy()
    {
        var generator = new CandidateGenerator(new TinyLlamaPolicy(Model()));
        var prompts = Prompts(6, 4);
        using var sampled = generator.Generate(prompts, Sampling(k: 4, maxNew: 10));
        var rows = Completions(sampled);
        Assert.True(rows.Take(4).Distinct(new SequenceComparer()).Count() > 1, "four sampled candidates were all identical");

        using var greedy = generator.Generate(prompts, new GenerationOptions { Greedy = true, CandidatesPerPrompt = 3, MaxNewTokens = 10 });
        var g = Completions(greedy);
        Assert.Equal(6, greedy.RowCount);
        Assert.Equal(g[0], g[1]);
        Assert.Equal(g[0], g[2]);
        Assert.Equal(g[3], g[5]);
        Assert.All(greedy.FinishReasons, r => Assert.Equal(FinishReason.Length, r));
    }

    [Fact]
    public void Result_has_the_documented_layout_shapes_and_masks()
    {
        var generator = new CandidateGenerator(new TinyLlamaPolicy(Model()));
        var prompts = Prompts(5, 2, 8);
        var options = Sampling(k: 2, maxNew: 9);
        using var result = generator.Generate(prompts, options);
        Assert.Equal(3, result.PromptCount);
        Assert.Equal(2, result.CandidatesPerPrompt);
        Assert.Equal(8, result.PromptWidth);
        var width = result.CompletionWidth;
        Assert.Equal(new long[] { 6, 8 + width }, result.Sequences.shape);
        Assert.Equal(new long[] { 6, 8 + width }, result.AttentionMask.shape);
        Assert.Equal(new long[] { 6, width }, result.CompletionMask.shape);
        Assert.Equal(new long[] { 6, width }, result.CompletionIds.shape);
        var sequences = Rows(result.Sequences);
        var attention = Rows(result.AttentionMask);
        var completionMask = Rows(result.CompletionMask);
        for (var r = 0; r < 6; r++)
        {
            var prompt = prompts[r / 2];
            Assert.Equal(prompt.Count, result.PromptLengths[r]);
            var padding = 8 - prompt.Count;
            Assert.All(sequences[r].Take(padding), id => Assert.Equal(0, id));
            Assert.All(attention[r].Take(padding), m => Assert.Equal(0, m));
            Assert.Equal(prompt.Select(i => (long)i), sequences[r].Skip(padding).Take(prompt.Count));
            Assert.All(attention[r].Skip(padding).Take(prompt.Count), m => Assert.Equal(1, m));
            var length = result.CompletionLengths[r];
            Assert.Equal(Enumerable.Repeat(1L, length).Concat(Enumerable.Repeat(0L, width - length)), completionMask[r]);
            Assert.Equal(completionMask[r], attention[r].Skip(8));
            Assert.Equal(result.GetCompletionTokens(r).Select(i => (long)i), sequences[r].Skip(8).Take(length));
        }
    }

    [Fact]
    public void Stop_tokens_end_rows_which_then_stay_padded_and_masked()
    {
        var generator = new CandidateGenerator(new TinyLlamaPolicy(Model()));
        var stopIds = Enumerable.Range(3, 10).ToArray();
        var options = new GenerationOptions { CandidatesPerPrompt = 6, MaxNewTokens = 16, Temperature = 2.0, Seed = 5, StopTokenIds = stopIds, PadTokenId = 1, FinishedCheckInterval = 3 };
        using var result = generator.Generate(Prompts(4, 6), options);
        var ids = Rows(result.CompletionIds);
        var mask = Rows(result.CompletionMask);
        Assert.Contains(FinishReason.Stop, result.FinishReasons);
        for (var r = 0; r < result.RowCount; r++)
        {
            var length = result.CompletionLengths[r];
            var tokens = ids[r].Take(length).ToArray();
            Assert.All(tokens.Take(length - 1), t => Assert.DoesNotContain((int)t, stopIds));
            if (result.FinishReasons[r] == FinishReason.Stop)
                Assert.Contains((int)tokens[^1], stopIds);
            else
            {
                Assert.Equal(16, length);
                Assert.DoesNotContain((int)tokens[^1], stopIds);
            }

            Assert.All(ids[r].Skip(length), t => Assert.Equal(1, t));
            Assert.All(mask[r].Skip(length), m => Assert.Equal(0, m));
        }
    }

    [Fact]
    public void A_finished_row_stops_changing_whatever_the_budget()
    {
        // Draws are made for every row at every step, so a longer budget replays the same random stream.
        var generator = new CandidateGenerator(new TinyLlamaPolicy(Model()));
        var stopIds = Enumerable.Range(3, 8).ToArray();
        GenerationOptions Options(int maxNew) => new() { CandidatesPerPrompt = 5, MaxNewTokens = maxNew, Temperature = 1.5, Seed = 21, StopTokenIds = stopIds };
        using var shortRun = generator.Generate(Prompts(5, 3), Options(10));
        using var longRun = generator.Generate(Prompts(5, 3), Options(30));
        var stoppedRows = 0;
        for (var r = 0; r < shortRun.RowCount; r++)
        {
            var s = shortRun.GetCompletionTokens(r);
            var l = longRun.GetCompletionTokens(r);
            Assert.Equal(s, l.Take(s.Count));
            if (shortRun.FinishReasons[r] == FinishReason.Stop)
            {
                stoppedRows++;
                Assert.Equal(s, l);
                Assert.Equal(FinishReason.Stop, longRun.FinishReasons[r]);
            }
        }

        Assert.True(stoppedRows > 0, "no row stopped within 10 tokens; the test would not test anything");
    }

    [Fact]
    public void Stop_sequences_end_a_row_right_after_their_first_occurrence()
    {
        var generator = new CandidateGenerator(new TinyLlamaPolicy(Model()));
        var prompts = Prompts(5);
        using var free = generator.Generate(prompts, GenerationOptions.GreedyDecoding(20));
        var tokens = free.GetCompletionTokens(0).ToArray();
        var stop = new[] { tokens[4], tokens[5] };
        var expected = FirstEndOf(tokens, stop);
        using var stopped = generator.Generate(prompts, new GenerationOptions { Greedy = true, MaxNewTokens = 20, StopSequences = [stop] });
        Assert.Equal(FinishReason.Stop, stopped.FinishReasons[0]);
        Assert.Equal(tokens.Take(expected), stopped.GetCompletionTokens(0));
    }

    [Fact]
    public void Stop_strings_cut_the_completion_at_the_first_token_where_the_text_appears()
    {
        var tokenizer = Tokenization.TestTokenizers.O200k;
        var generator = new CandidateGenerator(new TinyLlamaPolicy(Model()), tokenizer);
        var prompts = Prompts(4, 6);
        using var free = generator.Generate(prompts, new GenerationOptions { Greedy = true, MaxNewTokens = 20, CandidatesPerPrompt = 1 });
        var tokens = free.GetCompletionTokens(1).ToArray();
        var stop = tokenizer.Decode(tokens.Skip(6).Take(2));
        Assert.False(string.IsNullOrEmpty(stop));
        var expected = Enumerable.Range(1, tokens.Length).First(t => tokenizer.Decode(tokens.Take(t)).Contains(stop, StringComparison.Ordinal));
        using var cut = generator.Generate(prompts, new GenerationOptions { Greedy = true, MaxNewTokens = 20, StopStrings = [stop], FinishedCheckInterval = 5 });
        Assert.Equal(FinishReason.Stop, cut.FinishReasons[1]);
        Assert.Equal(tokens.Take(expected), cut.GetCompletionTokens(1));
        var mask = Rows(cut.CompletionMask)[1];
        Assert.Equal(expected, mask.Sum());
        Assert.All(Rows(cut.CompletionIds)[1].Skip(expected), t => Assert.Equal(0, t));
    }

    [Fact]
    public void Cached_and_recomputed_greedy_decoding_agree_with_left_padding()
    {
        var model = Model(ScalarType.Float64);
        var prompts = Prompts(7, 3, 5, 3);
        var options = new GenerationOptions { Greedy = true, MaxNewTokens = 24, CandidatesPerPrompt = 2 };
        var cachedPolicy = new TinyLlamaPolicy(model, withCache: true);
        using var cached = new CandidateGenerator(cachedPolicy).Generate(prompts, options);
        Assert.True(cachedPolicy.CachedCalls > 0);
        Assert.Equal(0, cachedPolicy.ForwardCalls);
        var recomputePolicy = new TinyLlamaPolicy(model, withCache: false);
        using var recomputed = new CandidateGenerator(recomputePolicy).Generate(prompts, options);
        Assert.True(recomputePolicy.ForwardCalls > 20);
        using var masked = new CandidateGenerator(new MaskedModuleCausalLanguageModel(model, Config.VocabularySize, Config.MaxSequenceLength)).Generate(prompts, options);
        using var idsOnly = new CandidateGenerator(new ModuleCausalLanguageModel(new TinyLlamaIdsOnly(model), Config.VocabularySize, Config.MaxSequenceLength)).Generate(prompts, options);
        Assert.Equal(Completions(cached), Completions(recomputed));
        Assert.Equal(Completions(cached), Completions(masked));
        Assert.Equal(Completions(cached), Completions(idsOnly));
        Assert.Equal(Rows(cached.Sequences), Rows(idsOnly.Sequences));
        Assert.Equal(Rows(cached.AttentionMask), Rows(idsOnly.AttentionMask));

        // With the cache off by option, the cached policy recomputes and agrees too.
        using var off = new CandidateGenerator(cachedPolicy).Generate(prompts, new GenerationOptions { Greedy = true, MaxNewTokens = 24, CandidatesPerPrompt = 2, UseKeyValueCache = false });
        Assert.Equal(Completions(cached), Completions(off));
    }

    [Fact]
    public void Left_padding_does_not_change_a_prompts_greedy_completion()
    {
        var model = Model(ScalarType.Float64);
        var generator = new CandidateGenerator(new TinyLlamaPolicy(model));
        var prompts = Prompts(9, 2, 5);
        var options = GenerationOptions.GreedyDecoding(15);
        using var batched = generator.Generate(prompts, options);
        for (var b = 0; b < prompts.Count; b++)
        {
            using var alone = generator.Generate([prompts[b]], options);
            Assert.Equal(alone.GetCompletionTokens(0), batched.GetCompletionTokens(b));
        }
    }

    [Fact]
    public void Top_k_of_one_is_greedy()
    {
        var generator = new CandidateGenerator(new TinyLlamaPolicy(Model()));
        var prompts = Prompts(4, 6);
        using var greedy = generator.Generate(prompts, new GenerationOptions { Greedy = true, MaxNewTokens = 12, CandidatesPerPrompt = 2 });
        using var topOne = generator.Generate(prompts, new GenerationOptions { TopK = 1, MaxNewTokens = 12, CandidatesPerPrompt = 2, Seed = 3, Temperature = 5 });
        Assert.Equal(Completions(greedy), Completions(topOne));
    }

    [Fact]
    public void Generation_leaves_no_tensor_behind()
    {
        var generator = new CandidateGenerator(new TinyLlamaPolicy(Model()));
        var prompts = Prompts(4, 6);
        TensorLeakCheck.AssertNoLeak(() => [generator.Generate(prompts, Sampling(k: 3, maxNew: 10))], "cached sampling");
        var recompute = new CandidateGenerator(new ModuleCausalLanguageModel(new TinyLlamaIdsOnly(Model()), Config.VocabularySize));
        TensorLeakCheck.AssertNoLeak(() => [recompute.Generate(prompts, Sampling(k: 2, maxNew: 6))], "grouped recompute");
    }

    [Fact]
    public void Bad_input_gets_a_clear_exception()
    {
        var generator = new CandidateGenerator(new TinyLlamaPolicy(Model()));
        var options = GenerationOptions.GreedyDecoding(8);
        Assert.Contains("prompts[1] is empty", Assert.Throws<ArgumentException>(() => generator.Generate([[4, 5], []], options)).Message);
        Assert.Contains("at least one prompt", Assert.Throws<ArgumentException>(() => generator.Generate([], options)).Message);
        Assert.Contains("[0, 48)", Assert.Throws<ArgumentOutOfRangeException>(() => generator.Generate([[4, 48]], options)).Message);
        Assert.Contains("[0, 48)", Assert.Throws<ArgumentOutOfRangeException>(() => generator.Generate([[-1]], options)).Message);
        var tooLong = Assert.Throws<ArgumentException>(() => generator.Generate([Enumerable.Repeat(5, 90).ToArray()], options));
        Assert.Contains("MaxSequenceLength 96", tooLong.Message);
        Assert.Throws<ArgumentOutOfRangeException>(() => generator.Generate([[4]], new GenerationOptions { MaxNewTokens = 4, StopTokenIds = [48] }));
        Assert.Throws<ArgumentOutOfRangeException>(() => generator.Generate([[4]], new GenerationOptions { MaxNewTokens = 4, PadTokenId = 100 }));
        Assert.Contains("tokenizer", Assert.Throws<ArgumentException>(() => generator.Generate([[4]], new GenerationOptions { MaxNewTokens = 4, StopStrings = ["x"] })).Message);

        Assert.Contains("CandidatesPerPrompt", Assert.Throws<ArgumentOutOfRangeException>(() => new GenerationOptions { CandidatesPerPrompt = 0 }).Message);
        Assert.Contains("Greedy", Assert.Throws<ArgumentOutOfRangeException>(() => new GenerationOptions { Temperature = 0 }).Message);
        Assert.Throws<ArgumentOutOfRangeException>(() => new GenerationOptions { Temperature = -1 });
        Assert.Throws<ArgumentOutOfRangeException>(() => new GenerationOptions { Temperature = double.NaN });
        Assert.Throws<ArgumentOutOfRangeException>(() => new GenerationOptions { TopP = 0 });
        Assert.Throws<ArgumentOutOfRangeException>(() => new GenerationOptions { TopP = 1.5 });
        Assert.Throws<ArgumentOutOfRangeException>(() => new GenerationOptions { MinP = 1 });
        Assert.Throws<ArgumentOutOfRangeException>(() => new GenerationOptions { TopK = -1 });
        Assert.Throws<ArgumentOutOfRangeException>(() => new GenerationOptions { MaxNewTokens = 0 });
        Assert.Throws<ArgumentException>(() => new GenerationOptions { StopSequences = [[]] });
        Assert.Throws<ArgumentException>(() => new GenerationOptions { StopStrings = [""] });
    }

    [Fact]
    public void Cancellation_is_honoured()
    {
        var generator = new CandidateGenerator(new TinyLlamaPolicy(Model()));
        using var source = new CancellationTokenSource();
        source.Cancel();
        Assert.ThrowsAny<OperationCanceledException>(() => generator.Generate(Prompts(3), GenerationOptions.GreedyDecoding(5), cancellationToken: source.Token));
    }

    private static int FirstEndOf(int[] tokens, int[] pattern)
    {
        for (var end = pattern.Length; end <= tokens.Length; end++)
        {
            if (tokens.AsSpan(end - pattern.Length, pattern.Length).SequenceEqual(pattern))
                return end;
        }

        throw new InvalidOperationException("pattern not found");
    }

    private sealed class SequenceComparer : IEqualityComparer<int[]>
    {
        public bool Equals(int[]? x, int[]? y) => x!.AsSpan().SequenceEqual(y);

        public int GetHashCode(int[] obj) => obj.Length;
    }
}
