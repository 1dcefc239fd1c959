namespace Gem.Core.Policy;

/// <summary>
/// Optional capability of an <see cref="ICausalLanguageModel"/>: says whether the model reads its attention mask. A
/// model that does not (a plain ids → logits module) would attend to left padding and count it in its positions, so
/// Gem's generation never gives it left padding: it decodes prompts of equal length together instead.
/// </summary>
/// <remarks>
/// A model that does not implement this interface is taken to honour the mask, as <see cref="ICausalLanguageModel"/>
/// requires. Right padding (after a finished row's last token) is harmless to any causal model: later positions
/// cannot change earlier logits.
/// </remarks>
public interface IAttentionMaskSupport
{
    /// <summary>True when the model ignores the attention mask (positions are <c>0 … T−1</c> and padding is attended).</summary>
    bool IgnoresAttentionMask { get; }
}
