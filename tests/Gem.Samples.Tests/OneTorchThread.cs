namespace Gem.Samples.Tests;

/// <summary>
/// Runs libtorch on one thread until disposed, then restores the thread count. The sample tests run a 260K-parameter
/// model, which gains nothing from more threads, while test assemblies run side by side on a small CPU, where extra
/// libtorch threads mostly wait on each other (measured: the sample tests took 3 s on one thread, 29 s on two, on a
/// busy 2-core machine). Tests in this assembly run one at a time, so the change is seen by no other test.
/// </summary>
internal sealed class OneTorchThread : IDisposable
{
    private readonly int _previous = torch.get_num_threads();

    public OneTorchThread() => torch.set_num_threads(1);

    /// <summary>The value to pass to a sample's <c>--threads</c> option.</summary>
    public static string Option => "1";

    public void Dispose() => torch.set_num_threads(_previous);
}
