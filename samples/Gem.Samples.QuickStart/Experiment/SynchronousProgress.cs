namespace Gem.Samples.QuickStart.Experiment;

/// <summary>
/// An <see cref="IProgress{T}"/> that calls its handler on the reporting thread at once (unlike
/// <see cref="Progress{T}"/>, which posts to the thread pool and may run handlers out of order or after the work ended).
/// </summary>
/// <typeparam name="T">The report.</typeparam>
public sealed class SynchronousProgress<T>(Action<T> handler) : IProgress<T>
{
    private readonly Action<T> _handler = handler ?? throw new ArgumentNullException(nameof(handler));

    /// <inheritdoc />
    public void Report(T value) => _handler(value);
}
