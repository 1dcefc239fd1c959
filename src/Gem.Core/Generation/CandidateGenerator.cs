using Gem.Core.Policy;
using Microsoft.ML.Tokenizers;
using TorchSharp;
using static TorchSharp.torch;

namespace Gem.Core.Generation;

/// <summary>
/// Samples k candidates for each of B prompts with a caller's <see cref="ICausalLanguageModel"/>, all <c>B · k</c>
/// rows in one batched decoding loop, with the key/value cache when the model has one.
/// </summary>
/// <remarks>
/// <para><b>Loop.</b> Prompts are left-padded to a common width (the mask marks padding; the model derives positions
/// from it). The prompt goes through the model once (the cache's prefill, or a full forward), then one token per step:
/// with a cache only the new token is fed, without one the whole prefix is recomputed. Every step runs without
/// gradients and stays on the device: sampling, stop checks and per-row bookkeeping are tensor operations on
/// pre-allocated buffers. A finished row is fed pad ids, its new tokens are replaced by the pad id and masked out, so
/// it no longer changes.</para>
/// <para><b>Synchronisation.</b> The host reads the device only every
/// <see cref="GenerationOptions.FinishedCheckInterval"/> steps (default 8): to stop early when every row has
/// finished, to check stop strings and to raise an error on NaN or +∞ logits. So at most that many steps are computed
/// after the last row finished, and they change nothing.</para>
/// <para><b>Models that ignore the mask</b> (<see cref="IAttentionMaskSupport.IgnoresAttentionMask"/>): prompts of
/// equal length are decoded together, so such a model never sees left padding; the candidates of one prompt are still
/// batched.</para>
/// <para><b>Reproducibility.</b> With <see cref="GenerationOptions.Seed"/> (or a <c>torch.Generator</c> in the same
/// state) the same call on the same device gives the same candidates; draws are made for every row at every step, so
/// rows finishing does not shift the random stream. The model should be in eval mode (dropout off); the generator
/// does not change the module's mode.</para>
/// </remarks>
public sealed class CandidateGenerator
{
    /// <summary>Creates a generator for <paramref name="model"/>.</summary>
    /// <param name="model">The policy that generates.</param>
    /// <param name="tokenizer">Needed only for <see cref="GenerationOptions.StopStrings"/> (completions are decoded with it).</param>
    public CandidateGenerator(ICausalLanguageModel model, Tokenizer? tokenizer = null)
    {
        ArgumentNullException.ThrowIfNull(model);
        Model = model;
        Tokenizer = tokenizer;
    }

    /// <summary>The policy that generates.</summary>
    public ICausalLanguageModel Model { get; }

    /// <summary>The tokenizer used for stop strings, if any.</summary>
    public Tokenizer? Tokenizer { get; }

    /// <summary>Generates <see cref="GenerationOptions.CandidatesPerPrompt"/> candidates for every prompt.</summary>
    /// <param name="prompts">B ≥ 1 prompts, each a non-empty list of token ids in <c>[0, V)</c>.</param>
    /// <param name="options">Sampling settings.</param>
    /// <param name="generator">Random generator on the model's device; overrides <see cref="GenerationOptions.Seed"/>.
    /// Null and no seed: torch's global generator.</param>
    /// <param name="cancellationToken">Checked before every step.</param>
    /// <returns>The <c>N = B · k</c> candidates (row <c>b · k + j</c> = candidate j of prompt b); the caller disposes it.</returns>
    /// <exception cref="ArgumentException">An empty prompt, a token id outside <c>[0, V)</c>, a stop or pad id outside
    /// <c>[0, V)</c>, stop strings without a tokenizer, or a prompt that with MaxNewTokens exceeds the model's context.</exception>
    /// <exception cref="InvalidOperationException">The model produced NaN or +∞ logits.</exception>
    public GenerationResult Generate(
        IReadOnlyList<IReadOnlyList<int>> prompts, GenerationOptions options, Generator? generator = null, CancellationToken cancellationToken = default)
    {
        Validate(prompts, options);
        var k = options.CandidatesPerPrompt;
        var promptCount = prompts.Count;
        var rowCount = promptCount * k;
        var maxNew = options.MaxNewTokens;
        var promptWidth = prompts.Max(p => p.Count);
        var device = Model.Device;

        Generator? owned = null;
        if (generator is null && options.Seed is long seed && !options.Greedy)
            generator = owned = new Generator(unchecked((ulong)seed), device);
        try
        {
            using var noGrad = no_grad();
            using var scope = NewDisposeScope();
            var ignoresMask = Model is IAttentionMaskSupport { IgnoresAttentionMask: true };
            var groups = ignoresMask
                ? Enumerable.Range(0, promptCount).GroupBy(b => prompts[b].Count).Select(g => g.ToArray()).ToList()
                : [Enumerable.Range(0, promptCount).ToArray()];

            var lengths = new int[rowCount];
            var stopped = new bool[rowCount];
            Tensor sequences, completionMask;
            if (groups.Count == 1)
            {
                var only = DecodeGroup(groups[0], prompts, options, generator, passMask: !ignoresMask, cancellationToken);
                (sequences, completionMask) = (only.Ids, only.CompletionMask);
                Array.Copy(only.Lengths, lengths, rowCount);
                Array.Copy(only.Stopped, stopped, rowCount);
            }
            else
            {
                sequences = full(new long[] { rowCount, promptWidth + maxNew }, options.PadTokenId, ScalarType.Int64, device);
                completionMask = zeros(new long[] { rowCount, maxNew }, ScalarType.Int64, device);
                foreach (var group in groups)
                {
                    var part = DecodeGroup(group, prompts, options, generator, passMask: false, cancellationToken);
                    var rows = group.SelectMany(b => Enumerable.Range(b * k, k)).ToArray();
                    using var rowIndex = tensor(rows.Select(r => (long)r).ToArray(), ScalarType.Int64, device);
                    sequences.index_put_(part.Ids, TensorIndex.Tensor(rowIndex), TensorIndex.Slice(promptWidth - prompts[group[0]].Count));
                    completionMask.index_put_(part.CompletionMask, TensorIndex.Tensor(rowIndex));
                    for (var i = 0; i < rows.Length; i++)
                        (lengths[rows[i]], stopped[rows[i]]) = (part.Lengths[i], part.Stopped[i]);
                    part.Ids.Dispose();
                    part.CompletionMask.Dispose();
                }
            }

            // Trim to the longest completion: the trainer's forward then pays only for real columns.
            var width = Math.Max(1, lengths.Max());
            sequences = sequences.narrow(1, 0, promptWidth + width).contiguous();
            completionMask = completionMask.narrow(1, 0, width).contiguous();
            var promptLengths = new int[rowCount];
            var promptMaskHost = new long[rowCount * promptWidth];
            for (var r = 0; r < rowCount; r++)
            {
                promptLengths[r] = prompts[r / k].Count;
                for (var t = promptWidth - promptLengths[r]; t < promptWidth; t++)
                    promptMaskHost[r * promptWidth + t] = 1;
            }

            var promptMask = tensor(promptMaskHost, new long[] { rowCount, promptWidth }, ScalarType.Int64).to(device);
            var attentionMask = cat(new[] { promptMask, completionMask }, 1);
            var completionIds = sequences.narrow(1, promptWidth, width).contiguous();
            var completionHost = completionIds.cpu().data<long>().ToArray();
            var completionTokens = new int[rowCount][];
            for (var r = 0; r < rowCount; r++)
            {
                completionTokens[r] = new int[lengths[r]];
                for (var t = 0; t < lengths[r]; t++)
                    completionTokens[r][t] = (int)completionHost[r * width + t];
            }

            var reasons = stopped.Select(s => s ? FinishReason.Stop : FinishReason.Length).ToArray();
            return new GenerationResult(
                sequences.MoveToOuterDisposeScope(), attentionMask.MoveToOuterDisposeScope(), completionIds.MoveToOuterDisposeScope(),
                completionMask.MoveToOuterDisposeScope(),
                promptCount, k, promptWidth, promptLengths, lengths, reasons, completionTokens);
        }
        finally
        {
            owned?.Dispose();
        }
    }

    private sealed record GroupOutput(Tensor Ids, Tensor CompletionMask, int[] Lengths, bool[] Stopped);

    /// <summary>Decodes the prompts <paramref name="promptIndices"/> (k rows each) left-padded to their own common width.</summary>
    private GroupOutput DecodeGroup(
        int[] promptIndices, IReadOnlyList<IReadOnlyList<int>> prompts, GenerationOptions options, Generator? generator, bool passMask,
        CancellationToken cancellationToken)
    {
        var k = options.CandidatesPerPrompt;
        var rows = promptIndices.Length * k;
        var promptWidth = promptIndices.Max(b => prompts[b].Count);
        var maxNew = options.MaxNewTokens;
        var width = promptWidth + maxNew;
        var device = Model.Device;
        var pad = options.PadTokenId;

        // Pre-allocated buffers: ids (prompt, then completion columns filled step by step) and the model's mask, whose
        // completion columns are 1 from the start (the loop only ever shows the model the columns filled so far).
        var idsHost = new long[rows * width];
        var maskHost = new long[rows * width];
        Array.Fill(idsHost, pad);
        for (var i = 0; i < promptIndices.Length; i++)
        {
            var prompt = prompts[promptIndices[i]];
            for (var j = 0; j < k; j++)
            {
                var start = (i * k + j) * width;
                for (var t = 0; t < prompt.Count; t++)
                {
                    idsHost[start + promptWidth - prompt.Count + t] = prompt[t];
                    maskHost[start + promptWidth - prompt.Count + t] = 1;
                }

                Array.Fill(maskHost, 1L, start + promptWidth, maxNew);
            }
        }

        var ids = tensor(idsHost, new long[] { rows, width }, ScalarType.Int64).to(device);
        var modelMask = tensor(maskHost, new long[] { rows, width }, ScalarType.Int64).to(device);
        var completionMask = zeros(new long[] { rows, maxNew }, ScalarType.Int64, device);
        using var finished = zeros(rows, ScalarType.Bool, device);
        using var stopped = zeros(rows, ScalarType.Bool, device);
        using var lengths = zeros(rows, ScalarType.Int64, device);
        using var nonFinite = zeros(1, ScalarType.Bool, device);
        using var stopIds = options.StopTokenIds.Count > 0
            ? tensor(options.StopTokenIds.Select(i => (long)i).ToArray(), ScalarType.Int64, device)
            : null;
        var stopSequences = options.StopSequences.Select(s => tensor(s.Select(i => (long)i).ToArray(), ScalarType.Int64, device)).ToArray();
        var useCache = options.UseKeyValueCache && Model.SupportsKeyValueCache;
        var stopsOnDevice = stopIds is not null || stopSequences.Length > 0;
        IKeyValueCache? cache = null;
        Tensor? logits = null;
        try
        {
            cache = useCache ? Model.CreateCache(rows, width) : null;
            using (var prefill = NewDisposeScope())
            {
                var promptIds = ids.narrow(1, 0, promptWidth).contiguous();
                var promptMask = modelMask.narrow(1, 0, promptWidth).contiguous();
                var output = cache is not null
                    ? Model.ForwardCached(promptIds, promptMask, cache)
                    : Model.Forward(promptIds, passMask ? promptMask : null);
                logits = LastPosition(output);
            }

            var generated = 0;
            for (var step = 0; step < maxNew; step++)
            {
                cancellationToken.ThrowIfCancellationRequested();
                using (var stepScope = NewDisposeScope())
                {
                    // NaN/+∞ is recorded here and raised at the next checkpoint; meanwhile the sampler sees zeros
                    // there, so a device-side assert in multinomial never fires first.
                    var invalid = logits.isnan().logical_or(logits.eq(double.PositiveInfinity));
                    nonFinite.logical_or_(invalid.any());
                    var alive = finished.logical_not();
                    var next = where(alive, Sample(logits.masked_fill(invalid, 0.0), options, generator), (long)pad);
                    ids.index_put_(next, TensorIndex.Colon, TensorIndex.Single(promptWidth + step));
                    var aliveLong = alive.to(ScalarType.Int64);
                    completionMask.index_put_(aliveLong, TensorIndex.Colon, TensorIndex.Single(step));
                    lengths.add_(aliveLong);
                    if (stopsOnDevice)
                    {
                        var hit = stopIds is null ? zeros_like(alive) : next.unsqueeze(1).eq(stopIds.unsqueeze(0)).any(1);
                        foreach (var sequence in stopSequences)
                        {
                            var length = sequence.shape[0];
                            if (step + 1 >= length)
                                hit = hit.logical_or(ids.narrow(1, promptWidth + step + 1 - length, length).eq(sequence.unsqueeze(0)).all(1));
                        }

                        hit = hit.logical_and(alive);
                        stopped.logical_or_(hit);
                        finished.logical_or_(hit);
                    }
                }

                generated = step + 1;

                if (step == maxNew - 1)
                    break;
                if ((step + 1) % options.FinishedCheckInterval == 0
                    && Checkpoint(step + 1, ids, completionMask, finished, stopped, lengths, nonFinite, promptWidth, options))
                    break;

                using (var forwardScope = NewDisposeScope())
                {
                    var filled = promptWidth + step + 1;
                    var output = cache is not null
                        ? Model.ForwardCached(ids.narrow(1, filled - 1, 1).contiguous(), modelMask.narrow(1, 0, filled).contiguous(), cache)
                        : Model.Forward(ids.narrow(1, 0, filled).contiguous(), passMask ? modelMask.narrow(1, 0, filled).contiguous() : null);
                    var nextLogits = LastPosition(output);
                    logits.Dispose();
                    logits = nextLogits;
                }
            }

            Checkpoint(generated, ids, completionMask, finished, stopped, lengths, nonFinite, promptWidth, options);
            var lengthsHost = lengths.cpu().data<long>().ToArray().Select(l => (int)l).ToArray();
            var stoppedHost = stopped.cpu().data<bool>().ToArray();
            return new GroupOutput(ids, completionMask, lengthsHost, stoppedHost);
        }
        finally
        {
            logits?.Dispose();
            cache?.Dispose();
            foreach (var s in stopSequences)
                s.Dispose();
            modelMask.Dispose();
        }
    }

    /// <summary>The last position's logits <c>[N, V]</c> in fp32, copied out of <paramref name="output"/> <c>[N, t, V]</c> and detached from scopes.</summary>
    private Tensor LastPosition(Tensor output)
    {
        if (output.dim() != 3 || output.shape[2] != Model.VocabularySize)
            throw new InvalidOperationException($"The model must return logits [B, t, V] with V = {Model.VocabularySize}; it returned [{string.Join(", ", output.shape)}].");
        var last = output.select(1, output.shape[1] - 1).to(ScalarType.Float32).clone();
        return last.DetachFromDisposeScope();
    }

    /// <summary>Next token per row, <c>[N]</c> int64, from fp32 logits <c>[N, V]</c>.</summary>
    private static Tensor Sample(Tensor logits, GenerationOptions options, Generator? generator)
    {
        if (options.Greedy)
            return logits.argmax(-1);
        // Plain sampling (τ = 1, no filter) skips the filter chain: a few operations less per step.
        var plain = options.Temperature == 1.0 && options.TopK == 0 && options.TopP >= 1.0 && options.MinP <= 0.0;
        var filtered = plain ? logits : TokenFilters.Apply(logits, options.Temperature, options.TopK, options.TopP, options.MinP);
        return multinomial(filtered.softmax(-1), 1, replacement: false, generator: generator).squeeze(1);
    }

    /// <summary>
    /// The host check made every few steps: stop strings, NaN/+∞ logits, and whether every row has finished.
    /// <paramref name="generated"/> completion columns are filled.
    /// </summary>
    private bool Checkpoint(
        int generated, Tensor ids, Tensor completionMask, Tensor finished, Tensor stopped, Tensor lengths, Tensor nonFinite, int promptWidth,
        GenerationOptions options)
    {
        if (nonFinite.cpu().data<bool>()[0])
            throw new InvalidOperationException("The model produced NaN or +∞ logits during generation; check the model's weights and inputs.");
        if (options.StopStrings.Count > 0)
            ApplyStopStrings(generated, ids, completionMask, finished, stopped, lengths, promptWidth, options);
        return finished.all().cpu().data<bool>()[0];
    }

    /// <summary>Ends rows whose decoded completion contains a stop string, after the first token at which it appears.</summary>
    private void ApplyStopStrings(
        int generated, Tensor ids, Tensor completionMask, Tensor finished, Tensor stopped, Tensor lengths, int promptWidth, GenerationOptions options)
    {
        var tokenizer = Tokenizer!;
        var rows = (int)ids.shape[0];
        var done = finished.cpu().data<bool>().ToArray();
        using var completionCpu = ids.narrow(1, promptWidth, generated).cpu();
        var tokens = completionCpu.data<long>().ToArray();
        for (var r = 0; r < rows; r++)
        {
            if (done[r])
                continue;
            var row = new int[generated];
            for (var t = 0; t < generated; t++)
                row[t] = (int)tokens[r * generated + t];
            if (!ContainsStop(tokenizer.Decode(row), options.StopStrings))
                continue;
            var cut = 1;
            while (cut < generated && !ContainsStop(tokenizer.Decode(row.AsSpan(0, cut).ToArray()), options.StopStrings))
                cut++;
            var rest = ids.shape[1] - promptWidth - cut;
            using (var idsRow = ids.narrow(0, r, 1).narrow(1, promptWidth + cut, rest))
                idsRow.fill_(options.PadTokenId);
            using (var maskRow = completionMask.narrow(0, r, 1).narrow(1, cut, completionMask.shape[1] - cut))
                maskRow.fill_(0);
            using (var length = lengths.narrow(0, r, 1))
                length.fill_(cut);
            using (var stop = stopped.narrow(0, r, 1))
                stop.fill_(true);
            using (var fin = finished.narrow(0, r, 1))
                fin.fill_(true);
        }
    }

    private static bool ContainsStop(string text, IReadOnlyList<string> stops)
    {
        foreach (var s in stops)
        {
            if (text.Contains(s, StringComparison.Ordinal))
                return true;
        }

        return false;
    }

    private void Validate(IReadOnlyList<IReadOnlyList<int>> prompts, GenerationOptions options)
    {
        ArgumentNullException.ThrowIfNull(prompts);
        ArgumentNullException.ThrowIfNull(options);
        if (prompts.Count == 0)
            throw new ArgumentException("prompts must hold at least one prompt; it was empty.", nameof(prompts));
        var vocabulary = Model.VocabularySize;
        for (var b = 0; b < prompts.Count; b++)
        {
            var prompt = prompts[b] ?? throw new ArgumentException($"prompts[{b}] is null.", nameof(prompts));
            if (prompt.Count == 0)
                throw new ArgumentException($"prompts[{b}] is empty; every prompt needs at least one token.", nameof(prompts));
            for (var t = 0; t < prompt.Count; t++)
            {
                if (prompt[t] < 0 || prompt[t] >= vocabulary)
                    throw new ArgumentOutOfRangeException(nameof(prompts), prompt[t], $"prompts[{b}][{t}] = {prompt[t]} is not a token id in [0, {vocabulary}).");
            }
        }

        if (Model.MaxSequenceLength is int context)
        {
            var longest = prompts.Max(p => p.Count);
            if (longest + options.MaxNewTokens > context)
                throw new ArgumentException(
                    $"The longest prompt ({longest} tokens) plus MaxNewTokens ({options.MaxNewTokens}) is {longest + options.MaxNewTokens}, more than the model's MaxSequenceLength {context}.",
                    nameof(prompts));
        }

        if (options.PadTokenId >= vocabulary)
            throw new ArgumentOutOfRangeException(nameof(options), options.PadTokenId, $"options.PadTokenId must lie in [0, {vocabulary}).");
        foreach (var id in options.StopTokenIds.Concat(options.StopSequences.SelectMany(s => s)))
        {
            if (id >= vocabulary)
                throw new ArgumentOutOfRangeException(nameof(options), id, $"Stop token id {id} is not a token id in [0, {vocabulary}).");
        }

        if (options.StopStrings.Count > 0 && Tokenizer is null)
            throw new ArgumentException("options.StopStrings needs a tokenizer: pass one to the CandidateGenerator constructor.", nameof(options));
    }
}
