namespace Gem.Core.Policy;

/// <summary>
/// Keys and values of past positions for incremental decoding, owned by the model that created it. Its tensors live
/// outside the caller's dispose scopes; <see cref="IDisposable.Dispose"/> frees them.
/// </summary>
public interface IKeyValueCache : IDisposable
{
    /// <summary>Rows B the cache was created for.</summary>
    int BatchSize { get; }

    /// <summary>Positions the cache can hold.</summary>
    int Capacity { get; }

    /// <summary>Positions filled so far.</summary>
    int Length { get; }
}
