using Gem.Core.Generation;
using Gem.Samples.Common;
using Gem.Samples.Llama.Model;
using Gem.Samples.Llama.Tokenization;

namespace Gem.Samples.Pretrained;

/// <summary>
/// One completion of a prompt through Gem.Core's <see cref="CandidateGenerator"/> (KV cache, stop tokens), as
/// llama2.c's <c>run</c> produces it: the prompt after BOS, generation until BOS or EOS or the token limit.
/// </summary>
public static class StoryGeneration
{
    /// <summary>Generates one completion of <paramref name="prompt"/> and returns its text (without the prompt).</summary>
    /// <param name="model">The model.</param>
    /// <param name="tokenizer">Its tokenizer (adds BOS).</param>
    /// <param name="prompt">The prompt text; empty starts from BOS alone.</param>
    /// <param name="maxNewTokens">Tokens to generate at most, ≥ 1.</param>
    /// <param name="temperature">0 for greedy arg-max decoding, else the sampling temperature τ &gt; 0.</param>
    /// <param name="seed">Seed of the sampling generator (ignored when greedy).</param>
    /// <returns>The completion's text; the stop token, when one ended it, decodes to nothing.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="maxNewTokens"/> &lt; 1 or <paramref name="temperature"/> &lt; 0.</exception>
    public static string Generate(LlamaForCausalLM model, Llama2CTokenizer tokenizer, string prompt, int maxNewTokens, double temperature, long seed)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(tokenizer);
        ArgumentNullException.ThrowIfNull(prompt);
        if (!(temperature >= 0) || double.IsInfinity(temperature))
            throw new ArgumentOutOfRangeException(nameof(temperature), temperature, "Expected 0 (greedy) or a finite temperature > 0.");
        var promptIds = tokenizer.EncodeToIds(prompt);
        var options = temperature == 0
            ? new GenerationOptions { Greedy = true, MaxNewTokens = maxNewTokens, StopTokenIds = Stories260K.StopTokenIds }
            : new GenerationOptions { Temperature = temperature, MaxNewTokens = maxNewTokens, StopTokenIds = Stories260K.StopTokenIds, Seed = seed };
        using var generated = new CandidateGenerator(model).Generate([promptIds], options);
        return Stories260K.CompletionText(tokenizer, promptIds, generated.GetCompletionTokens(0));
    }
}
