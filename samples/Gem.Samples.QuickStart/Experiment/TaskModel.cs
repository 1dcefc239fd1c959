using Gem.Core.Tokenization;
using Gem.Samples.Llama.Model;
using Gem.Samples.QuickStart.Tokenization;
using TorchSharp;

namespace Gem.Samples.QuickStart.Experiment;

/// <summary>
/// The quick-start's model: a small Llama (the reference architecture of <c>Gem.Samples.Llama</c>) over the task
/// tokenizer's vocabulary, and the encoder that feeds it prompts and completions.
/// </summary>
public static class TaskModel
{
    /// <summary>The architecture for <paramref name="shape"/> over <paramref name="tokenizer"/>'s vocabulary (tied head).</summary>
    public static LlamaConfig Config(ModelShape shape, TaskTokenizer tokenizer)
    {
        ArgumentNullException.ThrowIfNull(shape);
        ArgumentNullException.ThrowIfNull(tokenizer);
        return new LlamaConfig(tokenizer.VocabularySize, shape.HiddenSize, shape.IntermediateSize, shape.LayerCount, shape.HeadCount, shape.KeyValueHeadCount)
        {
            TieWordEmbeddings = true,
            MaxSequenceLength = shape.MaxSequenceLength,
        };
    }

    /// <summary>A model with random weights drawn from <paramref name="seed"/> (float32, CPU).</summary>
    public static LlamaForCausalLM Create(LlamaConfig config, int seed)
    {
        ArgumentNullException.ThrowIfNull(config);
        torch.manual_seed(seed);
        return new LlamaForCausalLM(config);
    }

    /// <summary>
    /// Prompts as they are (they already end in <c>"\nAnswer:"</c>), completions without a suffix: the trainers append
    /// EOS themselves (<see cref="Gem.Core.Training.TrainerOptions.EndOfSequenceTokenId"/>) and generation stops on it.
    /// </summary>
    public static ChatEncoder Encoder(TaskTokenizer tokenizer) => new(tokenizer, new PlainChatTemplate());

    /// <summary>The number of trainable parameters.</summary>
    public static long ParameterCount(torch.nn.Module model)
    {
        ArgumentNullException.ThrowIfNull(model);
        return model.parameters().Sum(p => p.NumberOfElements);
    }
}
