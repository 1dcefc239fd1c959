namespace Gem.Entropy.Tests.Statistics;

/// <summary>Proves on every CI run that TorchSharp's native library loads here and computes.</summary>
public sealed class NativeLibraryTests
{
    [Fact]
    public void TorchSharp_loads_and_multiplies_matrices()
    {
        using var a = tensor(new float[] { 1, 2, 3, 4 }, [2, 2]);
        using var b = tensor(new float[] { 5, 6, 7, 8 }, [2, 2]);
        using var product = a.matmul(b);
        Assert.Equal(new float[] { 19, 22, 43, 50 }, product.data<float>().ToArray());
    }
}
