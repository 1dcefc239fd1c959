namespace Gem.Core.Generation;

/// <summary>Why a generated candidate ended.</summary>
public enum FinishReason
{
    /// <summary>A stop token, stop token sequence or stop string was generated (it is part of the completion).</summary>
    Stop = 0,

    /// <summary><see cref="GenerationOptions.MaxNewTokens"/> tokens were generated without a stop.</summary>
    Length = 1,
}
