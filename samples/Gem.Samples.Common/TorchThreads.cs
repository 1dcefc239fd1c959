using TorchSharp;

namespace Gem.Samples.Common;

/// <summary>The samples' <c>--threads</c> option: how many CPU threads libtorch uses.</summary>
public static class TorchThreads
{
    /// <summary>The default: one. stories260K is too small to gain from more, and on a shared CPU extra threads mostly
    /// wait on each other (measured: the <c>train</c> command took 6 s with one thread and 11 s with two on a busy 2-core machine).</summary>
    public const int Default = 1;

    /// <summary>Sets libtorch's intra-op thread count.</summary>
    /// <param name="threads">At least 1.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="threads"/> is below 1.</exception>
    public static void Set(int threads)
    {
        if (threads < 1)
            throw new ArgumentOutOfRangeException(nameof(threads), threads, "--threads must be at least 1.");
        torch.set_num_threads(threads);
    }
}
