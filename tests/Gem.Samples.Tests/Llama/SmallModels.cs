using Gem.Samples.Llama.Model;

namespace Gem.Samples.Tests.Llama;

/// <summary>Small random-weight models for tests that need no checkpoint.</summary>
internal static class SmallModels
{
    public static LlamaConfig Config(RopeConvention convention = RopeConvention.HalfSplit, bool tied = false, Llama3RopeScaling? scaling = null) =>
        new(vocabularySize: 61, hiddenSize: 32, intermediateSize: 44, layerCount: 2, headCount: 4, keyValueHeadCount: 2)
        {
            MaxSequenceLength = 64,
            RopeConvention = convention,
            TieWordEmbeddings = tied,
            RopeScaling = scaling,
            RopeTheta = 10000,
        };

    public static LlamaForCausalLM Create(LlamaConfig config, long seed, ScalarType dtype = ScalarType.Float32)
    {
        torch.manual_seed(seed);
        var model = new LlamaForCausalLM(config, dtype);
        model.eval();
        return model;
    }

    public static Tensor RandomIds(int batch, int length, int vocabulary, long seed)
    {
        using var generator = new torch.Generator((ulong)seed);
        return torch.randint(0, vocabulary, [batch, length], dtype: ScalarType.Int64, generator: generator);
    }

    public static void AssertClose(Tensor expected, Tensor actual, double tolerance, string what)
    {
        Assert.Equal(expected.shape, actual.shape);
        var difference = (expected.to(ScalarType.Float64) - actual.to(ScalarType.Float64)).abs().max().item<double>();
        Assert.True(difference <= tolerance, $"{what}: max |Δ| = {difference}, tolerance {tolerance}.");
    }
}
