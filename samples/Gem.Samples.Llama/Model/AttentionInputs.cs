using static TorchSharp.torch;

namespace Gem.Samples.Llama.Model;

/// <summary>What every decoder layer needs besides the hidden states of one forward: rotary angles, the attention mask
/// and, for incremental decoding, the cache.</summary>
/// <param name="Cos">Rotary cosines <c>[B, 1, T, D/2]</c>, float32.</param>
/// <param name="Sin">Rotary sines <c>[B, 1, T, D/2]</c>, float32.</param>
/// <param name="Mask">Which keys each query may attend to, <c>[B, 1, T, S]</c> bool (true = attend), or
/// <see langword="null"/> for plain causal attention over the T new positions.</param>
/// <param name="Cache">The cache to read and extend, or <see langword="null"/>.</param>
public sealed record AttentionInputs(Tensor Cos, Tensor Sin, Tensor? Mask, LlamaKeyValueCache? Cache);
