using TorchSharp;
using static TorchSharp.torch;

namespace Gem.Samples.Llama.Model;

/// <summary>
/// Rotary position embeddings: pair i of a head rotates by the angle <c>p · f_i</c> at position p, with
/// <c>f_i = θ^(−2i/D)</c> (optionally rescaled by <see cref="Llama3RopeScaling"/>). Which features form pair i is
/// the <see cref="RopeConvention"/>. Angles, cosines and the rotation are computed in fp32.
/// </summary>
/// <remarks>Not a module: the frequencies are derived from the configuration, never read from a checkpoint; a copy is
/// kept per device, outside every dispose scope, and freed by <see cref="Dispose"/>.</remarks>
public sealed class RotaryEmbedding : IDisposable
{
    private readonly float[] _inverseFrequencies;
    private readonly Dictionary<string, Tensor> _perDevice = new(StringComparer.Ordinal);

    /// <summary>Creates the embedding for a head of <paramref name="headDimension"/> features.</summary>
    /// <param name="headDimension">D, even.</param>
    /// <param name="theta">The base θ.</param>
    /// <param name="scaling">Optional Llama 3.1 scaling.</param>
    /// <param name="convention">How features are paired.</param>
    public RotaryEmbedding(int headDimension, double theta, Llama3RopeScaling? scaling, RopeConvention convention)
    {
        if (headDimension <= 0 || headDimension % 2 != 0)
            throw new ArgumentOutOfRangeException(nameof(headDimension), headDimension, "Expected a positive even head size.");
        // fp32 as in llama2.c (powf) and Hugging Face (float32 arange): a double here would shift greedy ties.
        var frequencies = new double[headDimension / 2];
        for (var i = 0; i < frequencies.Length; i++)
            frequencies[i] = 1.0f / MathF.Pow((float)theta, 2 * i / (float)headDimension);
        if (scaling is not null)
            frequencies = scaling.Apply(frequencies);
        _inverseFrequencies = frequencies.Select(f => (float)f).ToArray();
        HeadDimension = headDimension;
        Convention = convention;
    }

    /// <summary>D, the head size.</summary>
    public int HeadDimension { get; }

    /// <summary>How features are paired.</summary>
    public RopeConvention Convention { get; }

    /// <summary>The D/2 inverse frequencies <c>f_i</c> in use.</summary>
    public IReadOnlyList<float> InverseFrequencies => _inverseFrequencies;

    /// <summary>Cosines and sines of the angles for <paramref name="positions"/>.</summary>
    /// <param name="positions">Position ids <c>[B, T]</c>, int64, on the model's device.</param>
    /// <returns><c>(cos, sin)</c>, each <c>[B, 1, T, D/2]</c> float32, ready to broadcast over heads.</returns>
    public (Tensor Cos, Tensor Sin) Angles(Tensor positions)
    {
        ArgumentNullException.ThrowIfNull(positions);
        using var scope = torch.NewDisposeScope();
        var frequencies = FrequenciesOn(positions.device);
        var angles = positions.to(ScalarType.Float32).unsqueeze(-1) * frequencies; // [B, T, D/2]
        angles = angles.unsqueeze(1);
        return (angles.cos().MoveToOuterDisposeScope(), angles.sin().MoveToOuterDisposeScope());
    }

    /// <summary>Rotates queries or keys.</summary>
    /// <param name="x">Heads <c>[B, H, T, D]</c> in any floating dtype.</param>
    /// <param name="cos">From <see cref="Angles"/>, <c>[B, 1, T, D/2]</c>.</param>
    /// <param name="sin">From <see cref="Angles"/>, <c>[B, 1, T, D/2]</c>.</param>
    /// <returns>The rotated heads, same shape and dtype as <paramref name="x"/>.</returns>
    public Tensor Rotate(Tensor x, Tensor cos, Tensor sin)
    {
        ArgumentNullException.ThrowIfNull(x);
        ArgumentNullException.ThrowIfNull(cos);
        ArgumentNullException.ThrowIfNull(sin);
        using var scope = torch.NewDisposeScope();
        var xf = x.to(ScalarType.Float32);
        Tensor rotated;
        if (Convention == RopeConvention.AdjacentPairs)
        {
            var pairs = xf.unflatten(xf.dim() - 1, [HeadDimension / 2, 2]);
            var even = pairs.select(-1, 0);
            var odd = pairs.select(-1, 1);
            rotated = torch.stack([even * cos - odd * sin, even * sin + odd * cos], dim: -1).flatten(-2);
        }
        else
        {
            var first = xf.narrow(-1, 0, HeadDimension / 2);
            var second = xf.narrow(-1, HeadDimension / 2, HeadDimension / 2);
            rotated = torch.cat([first * cos - second * sin, second * cos + first * sin], dim: -1);
        }
        return rotated.to(x.dtype).MoveToOuterDisposeScope();
    }

    /// <summary>Frees the per-device copies of the frequencies.</summary>
    public void Dispose()
    {
        foreach (var tensor in _perDevice.Values)
            tensor.Dispose();
        _perDevice.Clear();
    }

    private Tensor FrequenciesOn(Device device)
    {
        var key = device.ToString();
        lock (_perDevice)
        {
            if (!_perDevice.TryGetValue(key, out var tensor))
            {
                tensor = torch.tensor(_inverseFrequencies, device: device).DetachFromDisposeScope();
                _perDevice[key] = tensor;
            }
            return tensor;
        }
    }
}
