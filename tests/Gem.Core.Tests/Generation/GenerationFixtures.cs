using Gem.Core.Generation;
using Gem.Testing.Models;

namespace Gem.Core.Tests.Generation;

/// <summary>Models and prompts shared by the generation tests.</summary>
internal static class GenerationFixtures
{
    public static readonly TinyLlamaConfig Config = new(VocabularySize: 48, Dimension: 32, Layers: 2, Heads: 4, KeyValueHeads: 2, HiddenDimension: 64, MaxSequenceLength: 96);

    public static TinyLlama Model(ScalarType dtype = ScalarType.Float32)
    {
        var model = new TinyLlama(Config, dtype);
        model.eval();
        return model;
    }

    /// <summary>Prompts of different lengths (so batches are left-padded), ids in [3, V).</summary>
    public static IReadOnlyList<IReadOnlyList<int>> Prompts(params int[] lengths)
    {
        var random = new Random(lengths.Sum() * 31 + lengths.Length);
        return lengths.Select(n => (IReadOnlyList<int>)Enumerable.Range(0, n).Select(_ => random.Next(3, Config.VocabularySize)).ToArray()).ToArray();
    }

    /// <summary>The rows of <paramref name="tensor"/> <c>[N, W]</c> as host arrays.</summary>
    public static long[][] Rows(Tensor tensor)
    {
        var (n, w) = ((int)tensor.shape[0], (int)tensor.shape[1]);
        var data = tensor.cpu().data<long>().ToArray();
        return Enumerable.Range(0, n).Select(r => data.AsSpan(r * w, w).ToArray()).ToArray();
    }

    public static int[][] Completions(GenerationResult result) =>
        Enumerable.Range(0, result.RowCount).Select(r => result.GetCompletionTokens(r).ToArray()).ToArray();
}
