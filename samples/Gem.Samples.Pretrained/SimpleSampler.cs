using Gem.Samples.Llama.Model;
using TorchSharp;
using static TorchSharp.torch;

namespace Gem.Samples.Pretrained;

/// <summary>
/// A minimal k-candidate sampler over <see cref="LlamaForCausalLM.ForwardCached"/> for this sample, until it switches
/// to Gem.Core's candidate generator: the prompt once for all k rows, then one token per step at temperature τ
/// (greedy argmax when τ = 0); a row that produced a stop token keeps producing it (a per-row done mask), and the
/// tokens stay on the device until the end.
/// </summary>
internal static class SimpleSampler
{
    /// <summary>Samples <paramref name="count"/> completions of <paramref name="prompt"/>.</summary>
    /// <returns>Per row, the completion's token ids up to (not including) its first stop token.</returns>
    public static IReadOnlyList<int[]> Sample(LlamaForCausalLM model, IReadOnlyList<int> prompt, int count, int maxNewTokens,
        double temperature, ulong seed, IReadOnlyCollection<int> stopIds)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(count);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxNewTokens);
        ArgumentOutOfRangeException.ThrowIfNegative(temperature);
        if (prompt.Count == 0)
            throw new ArgumentException("Expected a prompt of at least one token (BOS).", nameof(prompt));

        using var noGrad = torch.no_grad();
        using var scope = torch.NewDisposeScope();
        var device = model.Device;
        using var generator = new torch.Generator(seed, device);
        var stops = torch.tensor(stopIds.Select(i => (long)i).ToArray(), device: device);
        var firstStop = stopIds.First();
        var promptIds = torch.tensor(prompt.Select(i => (long)i).ToArray(), device: device).view(1, -1).expand(count, -1).contiguous();
        using var cache = model.CreateCache(count, prompt.Count + maxNewTokens);
        var mask = torch.ones(count, prompt.Count, dtype: ScalarType.Int64, device: device);
        var logits = model.ForwardCached(promptIds, mask, cache).select(1, -1);
        var done = torch.zeros(count, dtype: ScalarType.Bool, device: device);
        var chosen = new List<Tensor>(maxNewTokens);
        for (var step = 0; step < maxNewTokens; step++)
        {
            var next = temperature == 0
                ? logits.argmax(-1)
                : torch.multinomial(torch.softmax(logits.to(ScalarType.Float32) / temperature, -1), 1, generator: generator).squeeze(1);
            next = torch.where(done, torch.full_like(next, firstStop), next);
            chosen.Add(next);
            done = done.logical_or(torch.isin(next, stops));
            if (step == maxNewTokens - 1)
                break;
            mask = torch.cat([mask, torch.ones(count, 1, dtype: ScalarType.Int64, device: device)], 1);
            logits = model.ForwardCached(next.unsqueeze(1), mask, cache).select(1, -1);
        }

        var tokens = torch.stack(chosen, 1).cpu().data<long>().ToArray();
        var stopSet = stopIds.ToHashSet();
        var result = new List<int[]>(count);
        for (var row = 0; row < count; row++)
        {
            var completion = new List<int>();
            for (var t = 0; t < maxNewTokens; t++)
            {
                var id = (int)tokens[row * maxNewTokens + t];
                if (stopSet.Contains(id))
                    break;
                completion.Add(id);
            }
            result.Add([.. completion]);
        }
        return result;
    }
}
