using System.Runtime.InteropServices;
using Gem.Samples.Llama.Model;
using TorchSharp;
using static TorchSharp.torch;

namespace Gem.Samples.Llama.Checkpoints;

/// <summary>
/// Reads llama2.c's legacy checkpoint format (<c>run.c</c>'s <c>memory_map_weights</c>): a header of seven
/// little-endian int32 — dim, hidden_dim, n_layers, n_heads, n_kv_heads, vocab_size (negative when the classifier is
/// not shared with the embedding), seq_len — then float32 weights, each group for all layers in turn: token embedding,
/// attention norms, wq, wk, wv, wo, feed-forward norms, w1, w2, w3, final norm, the two unused <c>freq_cis</c> tables
/// (seq_len × head_size/2 each), and the classifier when not shared. Weight matrices are <c>[out, in]</c> row-major.
/// Rotary embeddings pair adjacent features; θ = 10000, RMSNorm ε = 1e-5.
/// </summary>
public static class Llama2CCheckpoint
{
    private const int HeaderBytes = 7 * sizeof(int);

    /// <summary>Reads the architecture from the header of <paramref name="path"/>.</summary>
    /// <param name="path">A llama2.c <c>.bin</c> checkpoint.</param>
    /// <returns>The configuration (adjacent-pair rotary, tied head when vocab_size is positive).</returns>
    /// <exception cref="InvalidDataException">When the header is malformed or the file size does not match it.</exception>
    public static LlamaConfig ReadConfig(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        using var stream = File.OpenRead(path);
        return ReadConfig(stream, path);
    }

    /// <summary>Loads the checkpoint at <paramref name="path"/> into a new model.</summary>
    /// <param name="path">A llama2.c <c>.bin</c> checkpoint.</param>
    /// <param name="dtype">The model's dtype (weights are converted from float32).</param>
    /// <param name="device">The model's device (CPU when <see langword="null"/>).</param>
    /// <returns>The model, in eval mode.</returns>
    /// <exception cref="InvalidDataException">When the file is malformed.</exception>
    public static LlamaForCausalLM Load(string path, ScalarType dtype = ScalarType.Float32, Device? device = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        using var stream = File.OpenRead(path);
        var config = ReadConfig(stream, path);
        var weights = ReadWeights(stream, config);
        var model = new LlamaForCausalLM(config, dtype, device);
        try
        {
            ParameterAssignment.CopyInto(model, weights.Keys, name => CreateTensor(weights[name]), path);
        }
        catch
        {
            model.Dispose();
            throw;
        }
        model.eval();
        return model;
    }

    private static Tensor CreateTensor((float[] Data, long[] Shape) weight) => torch.tensor(weight.Data, weight.Shape);

    private static LlamaConfig ReadConfig(Stream stream, string path)
    {
        Span<byte> header = stackalloc byte[HeaderBytes];
        stream.Position = 0;
        if (stream.Read(header) != HeaderBytes)
            throw new InvalidDataException($"'{path}' is shorter ({stream.Length} bytes) than a llama2.c header ({HeaderBytes} bytes).");
        var values = MemoryMarshal.Cast<byte, int>(header).ToArray();
        if (!BitConverter.IsLittleEndian)
            throw new PlatformNotSupportedException("llama2.c checkpoints are little-endian; this machine is not.");
        int dim = values[0], hidden = values[1], layers = values[2], heads = values[3], kvHeads = values[4], vocab = values[5], seqLen = values[6];
        string[] fields = ["dim", "hidden_dim", "n_layers", "n_heads", "n_kv_heads", "vocab_size", "seq_len"];
        for (var i = 0; i < values.Length; i++)
        {
            if (values[i] == 0 || (values[i] < 0 && i != 5))
                throw new InvalidDataException($"'{path}' has header {fields[i]} = {values[i]}; expected a positive value (is this a llama2.c legacy checkpoint?).");
        }
        if (dim % heads != 0 || heads % kvHeads != 0)
            throw new InvalidDataException($"'{path}' has dim = {dim}, n_heads = {heads}, n_kv_heads = {kvHeads}; expected n_heads to divide dim and n_kv_heads to divide n_heads.");
        var config = new LlamaConfig(Math.Abs(vocab), dim, hidden, layers, heads, kvHeads)
        {
            MaxSequenceLength = seqLen,
            RopeConvention = RopeConvention.AdjacentPairs,
            RopeTheta = 10000.0,
            RmsNormEpsilon = 1e-5,
            TieWordEmbeddings = vocab > 0,
        };
        var expectedBytes = HeaderBytes + 4L * FloatCount(config);
        if (stream.Length != expectedBytes)
            throw new InvalidDataException($"'{path}' is {stream.Length} bytes; its header (dim {dim}, hidden_dim {hidden}, n_layers {layers}, n_heads {heads}, n_kv_heads {kvHeads}, vocab_size {vocab}, seq_len {seqLen}) implies {expectedBytes}.");
        return config;
    }

    private static long FloatCount(LlamaConfig c)
    {
        long dim = c.HiddenSize, hidden = c.IntermediateSize, layers = c.LayerCount, vocab = c.VocabularySize;
        long qDim = c.HeadCount * (long)c.HeadDimension, kvDim = c.KeyValueHeadCount * (long)c.HeadDimension;
        var count = vocab * dim + layers * dim + layers * dim * qDim + 2 * layers * dim * kvDim + layers * qDim * dim
                    + layers * dim + 3 * layers * dim * hidden + dim + c.MaxSequenceLength * (long)c.HeadDimension;
        return c.TieWordEmbeddings ? count : count + vocab * dim;
    }

    private static Dictionary<string, (float[] Data, long[] Shape)> ReadWeights(Stream stream, LlamaConfig c)
    {
        stream.Position = HeaderBytes;
        long dim = c.HiddenSize, hidden = c.IntermediateSize, vocab = c.VocabularySize;
        long qDim = c.HeadCount * (long)c.HeadDimension, kvDim = c.KeyValueHeadCount * (long)c.HeadDimension;
        var weights = new Dictionary<string, (float[], long[])>(StringComparer.Ordinal);

        weights["model.embed_tokens.weight"] = (ReadFloats(stream, vocab * dim), [vocab, dim]);
        PerLayer("input_layernorm.weight", [dim]);
        PerLayer("self_attn.q_proj.weight", [qDim, dim]);
        PerLayer("self_attn.k_proj.weight", [kvDim, dim]);
        PerLayer("self_attn.v_proj.weight", [kvDim, dim]);
        PerLayer("self_attn.o_proj.weight", [dim, qDim]);
        PerLayer("post_attention_layernorm.weight", [dim]);
        PerLayer("mlp.gate_proj.weight", [hidden, dim]); // w1
        PerLayer("mlp.down_proj.weight", [dim, hidden]); // w2
        PerLayer("mlp.up_proj.weight", [hidden, dim]);   // w3
        weights["model.norm.weight"] = (ReadFloats(stream, dim), [dim]);
        // The freq_cis tables are recomputed from θ; skip them.
        stream.Position += 4L * c.MaxSequenceLength * c.HeadDimension;
        if (!c.TieWordEmbeddings)
            weights["lm_head.weight"] = (ReadFloats(stream, vocab * dim), [vocab, dim]);
        return weights;

        void PerLayer(string suffix, long[] shape)
        {
            var size = shape.Aggregate(1L, (a, b) => a * b);
            for (var layer = 0; layer < c.LayerCount; layer++)
                weights[$"model.layers.{layer}.{suffix}"] = (ReadFloats(stream, size), shape);
        }
    }

    private static float[] ReadFloats(Stream stream, long count)
    {
        var result = new float[count];
        stream.ReadExactly(MemoryMarshal.AsBytes(result.AsSpan()));
        return result;
    }
}
