using Gem.Core.Generation;
using Gem.Core.Policy;
using Gem.Testing.Models;
using static Gem.Core.Tests.Generation.GenerationFixtures;

namespace Gem.Core.Tests.Policy;

public sealed class ModuleAdapterTests
{
    [Fact]
    public void A_mask_unaware_module_gives_the_same_logits_as_the_masked_model_under_left_padding()
    {
        var model = Model(ScalarType.Float64);
        var adapter = new ModuleCausalLanguageModel(new TinyLlamaIdsOnly(model), Config.VocabularySize);
        using var ids = tensor(new long[] { 0, 0, 5, 6, 7, 9, 10, 11, 12, 13, 0, 3, 4, 8, 2 }, new long[] { 3, 5 });
        // Row 0 left-padded by 2, row 1 unpadded, row 2 left-padded by 1 and right-padded by 1.
        using var mask = tensor(new long[] { 0, 0, 1, 1, 1, 1, 1, 1, 1, 1, 0, 1, 1, 1, 0 }, new long[] { 3, 5 });
        using var viaAdapter = adapter.Forward(ids, mask);
        using var viaMask = model.call(ids, mask);
        using var validMask = mask.to(ScalarType.Bool).unsqueeze(-1);
        using var a = viaAdapter.masked_select(validMask);
        using var b = viaMask.masked_select(validMask);
        Assert.True(a.allclose(b, rtol: 1e-9, atol: 1e-9));
        Assert.Equal(new long[] { 3, 5, Config.VocabularySize }, viaAdapter.shape);
    }

    [Fact]
    public void The_padded_forward_leaves_no_tensor_behind()
    {
        var adapter = new ModuleCausalLanguageModel(new TinyLlamaIdsOnly(Model()), Config.VocabularySize);
        using var ids = tensor(new long[] { 0, 0, 5, 6, 7, 9 }, new long[] { 2, 3 });
        using var mask = tensor(new long[] { 0, 1, 1, 1, 1, 1 }, new long[] { 2, 3 });
        Gem.Testing.TensorLeakCheck.AssertNoLeak(() => [adapter.Forward(ids, mask)], "ModuleCausalLanguageModel.Forward with left padding");
    }

    [Fact]
    public void Device_and_dtype_come_from_the_parameters_and_calls_run_hooks()
    {
        var module = new TinyLlamaIdsOnly(Model(ScalarType.Float64));
        var calls = 0;
        module.register_forward_hook((m, input, output) =>
        {
            calls++;
            return output;
        });
        var adapter = new ModuleCausalLanguageModel(module, Config.VocabularySize, 64);
        Assert.Equal(ScalarType.Float64, adapter.DType);
        Assert.Equal(DeviceType.CPU, adapter.Device.type);
        Assert.False(adapter.SupportsKeyValueCache);
        Assert.True(adapter.IgnoresAttentionMask);
        Assert.Same(module, adapter.TrainableModule);
        using var result = new CandidateGenerator(adapter).Generate(Prompts(4, 2), GenerationOptions.GreedyDecoding(5));
        Assert.Equal(10, calls); // two length groups × (prefill + 4 steps)
    }

    [Fact]
    public void A_mask_with_a_hole_is_rejected_and_wrong_logit_shapes_are_named()
    {
        var adapter = new ModuleCausalLanguageModel(new TinyLlamaIdsOnly(Model()), Config.VocabularySize);
        using var ids = tensor(new long[] { 4, 5, 6 }, new long[] { 1, 3 });
        using var holed = tensor(new long[] { 1, 0, 1 }, new long[] { 1, 3 });
        Assert.Contains("zero between ones", Assert.Throws<ArgumentException>(() => adapter.Forward(ids, holed)).Message);
        var wrongVocabulary = new ModuleCausalLanguageModel(new TinyLlamaIdsOnly(Model()), Config.VocabularySize + 1);
        Assert.Contains("[1, 3, 49]", Assert.Throws<InvalidOperationException>(() => wrongVocabulary.Forward(ids, null)).Message);
        Assert.Throws<NotSupportedException>(() => adapter.CreateCache(1, 4));
    }

    [Fact]
    public void NaN_logits_are_an_error()
    {
        var adapter = new ModuleCausalLanguageModel(new NaNModule(), 8);
        var error = Assert.Throws<InvalidOperationException>(() => new CandidateGenerator(adapter).Generate([[1, 2]], new GenerationOptions { MaxNewTokens = 20, Seed = 1 }));
        Assert.Contains("NaN", error.Message);
    }

    /// <summary>A module whose logits are NaN from its second output position on.</summary>
    private sealed class NaNModule : nn.Module<Tensor, Tensor>
    {
        private readonly TorchSharp.Modules.Parameter scale;

        public NaNModule() : base(nameof(NaNModule))
        {
            scale = new TorchSharp.Modules.Parameter(ones(1));
            RegisterComponents();
        }

        public override Tensor forward(Tensor ids) => full(new[] { ids.shape[0], ids.shape[1], 8L }, double.NaN) * scale;
    }
}
