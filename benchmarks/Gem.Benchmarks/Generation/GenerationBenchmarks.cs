using BenchmarkDotNet.Attributes;
using Gem.Core.Generation;
using Gem.Testing.Models;

namespace Gem.Benchmarks.Generation;

/// <summary>
/// The cases of the <c>generation</c> suite, all sampling (τ = 1, seeded, no stop tokens, so every row makes exactly
/// <see cref="NewTokens"/> tokens) from one prompt of <see cref="PromptLength"/> tokens with a Llama-shaped model.
/// </summary>
[System.Diagnostics.CodeAnalysis.SuppressMessage("Design", "CA1001", Justification = "BenchmarkDotNet calls [GlobalCleanup], which disposes the model.")]
public class GenerationBenchmarks
{
    /// <summary>Prompt tokens (set by the suite before BenchmarkDotNet starts; in-process toolchain).</summary>
    internal static int PromptLength { get; set; } = 64;

    /// <summary>New tokens per candidate.</summary>
    internal static int NewTokens { get; set; } = 256;

    /// <summary>k of the batched and sequential cases.</summary>
    internal const int Candidates = 8;

    /// <summary>The model's shape: about 5.3 M parameters.</summary>
    internal static readonly TinyLlamaConfig ModelConfig = new(
        VocabularySize: 4096, Dimension: 256, Layers: 4, Heads: 8, KeyValueHeads: 4, HiddenDimension: 768, MaxSequenceLength: 512, Seed: 42);

    /// <summary>Rounds of this run (see <see cref="RoundRobinOrderer"/>).</summary>
    internal static int Rounds { get; set; } = 3;

    /// <summary>The round parameter values, 1 … <see cref="Rounds"/>.</summary>
    public static IEnumerable<int> RoundValues => Enumerable.Range(1, Rounds);

    /// <summary>The round: every case runs once per round, rounds interleaved (<see cref="RoundRobinOrderer"/>).</summary>
    [ParamsSource(nameof(RoundValues))]
    public int Round { get; set; }

    private TinyLlama _model = null!;
    private CandidateGenerator _cached = null!;
    private CandidateGenerator _recompute = null!;
    private IReadOnlyList<IReadOnlyList<int>> _prompt = null!;

    /// <summary>Builds the model (seeded: the same weights in every case) and the prompt.</summary>
    [GlobalSetup]
    public void Setup()
    {
        _model = new TinyLlama(ModelConfig);
        _model.eval();
        _cached = new CandidateGenerator(new TinyLlamaPolicy(_model, withCache: true));
        _recompute = new CandidateGenerator(new TinyLlamaPolicy(_model, withCache: false));
        var random = new Random(7);
        _prompt = [Enumerable.Range(0, PromptLength).Select(_ => random.Next(3, ModelConfig.VocabularySize)).ToArray()];
    }

    /// <summary>Frees the model.</summary>
    [GlobalCleanup]
    public void Cleanup() => _model.Dispose();

    private static GenerationOptions Options(int k, long seed) => new() { CandidatesPerPrompt = k, MaxNewTokens = NewTokens, Seed = seed };

    /// <summary>One candidate, recomputing the whole prefix at every step (the model's cache unused).</summary>
    [Benchmark(Baseline = true)]
    public void Recompute()
    {
        using var r = _recompute.Generate(_prompt, Options(1, 1));
    }

    /// <summary>One candidate with the key/value cache.</summary>
    [Benchmark]
    public void KvCached()
    {
        using var r = _cached.Generate(_prompt, Options(1, 1));
    }

    /// <summary>k = 8 candidates in one batched, cached loop.</summary>
    [Benchmark]
    public void Batched8()
    {
        using var r = _cached.Generate(_prompt, Options(Candidates, 1));
    }

    /// <summary>k = 8 candidates as 8 cached generations one after another.</summary>
    [Benchmark]
    public void Sequential8()
    {
        for (var j = 0; j < Candidates; j++)
        {
            using var r = _cached.Generate(_prompt, Options(1, j + 1));
        }
    }
}
