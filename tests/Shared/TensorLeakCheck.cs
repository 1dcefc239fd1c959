using TorchSharp;

namespace Gem.Testing;

/// <summary>
/// Asserts that an operation leaves no tensor alive that the caller did not receive: counts the thread's live tensors
/// (TorchSharp's <see cref="DisposeScopeManager.Statistics"/>) before and after, once the results are disposed.
/// </summary>
internal static class TensorLeakCheck
{
    /// <summary>The number of tensors alive on this thread that TorchSharp tracks.</summary>
    public static long LiveTensors => DisposeScopeManager.Statistics.ThreadTotalLiveCount;

    /// <summary>
    /// Runs <paramref name="operation"/> once to warm up (lazy caches), then again between two counts; the results it
    /// returns are disposed before the second count. Fails when the counts differ.
    /// </summary>
    public static void AssertNoLeak(Func<IEnumerable<IDisposable?>> operation, string? what = null)
    {
        foreach (var d in operation())
            d?.Dispose();
        var before = LiveTensors;
        foreach (var d in operation())
            d?.Dispose();
        var after = LiveTensors;
        Xunit.Assert.True(before == after, $"{what ?? "the operation"} leaked {after - before} tensor(s): {before} alive before, {after} after.");
    }
}
