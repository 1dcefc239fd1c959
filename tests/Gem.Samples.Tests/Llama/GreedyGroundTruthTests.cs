using Gem.Samples.Llama.Model;
using Gem.Samples.Llama.Tokenization;

namespace Gem.Samples.Tests.Llama;

/// <summary>Ground truth from outside the project: llama2.c's own greedy sample of stories260K.</summary>
public sealed class GreedyGroundTruthTests
{
    /// <summary>run.c's default number of steps: positions 0…255, each forwarding one token and choosing the next.</summary>
    private const int RunCSteps = 256;

    [Fact]
    public void Greedy_decoding_from_BOS_reproduces_the_sample_printed_in_stories260K_md()
    {
        using var model = Stories260K.LoadModel();
        var tokenizer = Stories260K.LoadTokenizer();

        var generated = GreedyFromBos(model, RunCSteps);

        // run.c stops before printing when it generates BOS; it prints every other token with decode(previous, next).
        var stop = generated.IndexOf(Llama2CTokenizer.BeginningOfSentenceId);
        var printed = stop >= 0 ? generated.Take(stop).ToList() : generated;
        var sequence = new List<int> { Llama2CTokenizer.BeginningOfSentenceId };
        sequence.AddRange(printed);
        var text = tokenizer.Decode(sequence);

        Assert.Equal(Stories260K.GreedySample, text);
        // The printed sample is the full 256 steps: run.c's step limit ended it, not a generated BOS.
        Assert.Equal(-1, stop);
        var shorter = tokenizer.Decode(sequence.Take(sequence.Count - 1));
        Assert.NotEqual(Stories260K.GreedySample, shorter);
    }

    [Fact]
    public void Greedy_decoding_in_bfloat16_starts_like_the_printed_sample()
    {
        using var model = Stories260K.LoadModel(ScalarType.BFloat16);
        var tokenizer = Stories260K.LoadTokenizer();
        var generated = GreedyFromBos(model, 8);
        var text = tokenizer.Decode(new[] { Llama2CTokenizer.BeginningOfSentenceId }.Concat(generated));
        Assert.StartsWith("Once upon a time", text);
        Assert.StartsWith(text, Stories260K.GreedySample);
    }

    /// <summary>A plain greedy loop over <see cref="LlamaForCausalLM.ForwardCached"/>: the tokens stay on the device
    /// until the end.</summary>
    internal static List<int> GreedyFromBos(LlamaForCausalLM model, int steps)
    {
        using var noGrad = torch.no_grad();
        using var scope = torch.NewDisposeScope();
        using var cache = model.CreateCache(1, steps);
        var token = torch.tensor(new long[] { Llama2CTokenizer.BeginningOfSentenceId }).view(1, 1);
        var chosen = new List<Tensor>();
        for (var position = 0; position < steps; position++)
        {
            var mask = torch.ones(1, position + 1, dtype: ScalarType.Int64);
            var logits = model.ForwardCached(token, mask, cache);
            token = logits[.., -1, ..].argmax(-1, keepdim: true);
            chosen.Add(token);
        }
        return torch.cat(chosen, 1).cpu().data<long>().ToArray().Select(t => (int)t).ToList();
    }
}
