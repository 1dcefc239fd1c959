using Gem.Samples.Llama.Checkpoints;
using Gem.Samples.Llama.Model;

namespace Gem.Samples.Tests.Checkpoints;

public sealed class Llama2CCheckpointTests
{
    [Fact]
    public void The_stories260K_header_gives_the_architecture_the_data_README_states()
    {
        var config = Llama2CCheckpoint.ReadConfig(Stories260K.CheckpointPath);
        Assert.Equal(64, config.HiddenSize);
        Assert.Equal(172, config.IntermediateSize);
        Assert.Equal(5, config.LayerCount);
        Assert.Equal(8, config.HeadCount);
        Assert.Equal(4, config.KeyValueHeadCount);
        Assert.Equal(512, config.VocabularySize);
        Assert.Equal(512, config.MaxSequenceLength);
        Assert.True(config.TieWordEmbeddings);
        Assert.Equal(RopeConvention.AdjacentPairs, config.RopeConvention);
    }

    [Fact]
    public void Loading_stories260K_fills_every_weight_but_the_unused_rotary_tables()
    {
        using var model = Stories260K.LoadModel();
        // 264,128 floats in the file, minus the two freq_cis tables of 512 × 4 floats.
        Assert.Equal(264_128 - 2 * 512 * 4, model.parameters().Sum(p => p.NumberOfElements));
        var norm = model.named_parameters().Single(p => p.name == "model.norm.weight").parameter;
        Assert.False(norm.eq(1.0f).all().item<bool>(), "the final norm still holds its initial ones");
    }

    [Fact]
    public void A_truncated_checkpoint_is_rejected_with_both_sizes()
    {
        using var folder = new TemporaryDirectory();
        var path = Path.Combine(folder.Path, "cut.bin");
        var bytes = File.ReadAllBytes(Stories260K.CheckpointPath);
        File.WriteAllBytes(path, bytes[..^4]);
        var error = Assert.Throws<InvalidDataException>(() => Llama2CCheckpoint.Load(path));
        Assert.Contains("1056536", error.Message);
        Assert.Contains("1056540", error.Message);
    }
}
