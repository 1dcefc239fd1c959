namespace Gem.Samples.Llama.Model;

/// <summary>How rotary position embeddings pair the features of a head of size D.</summary>
public enum RopeConvention
{
    /// <summary>Features (2i, 2i+1) form pair i, as in Meta's original code and llama2.c.</summary>
    AdjacentPairs,

    /// <summary>Features (i, i + D/2) form pair i, as in Hugging Face Transformers (<c>rotate_half</c>).</summary>
    HalfSplit,
}
