using TorchSharp;

namespace Gem.Sega.Rewards;

/// <summary>
/// A user reward transform over all groups at once, in the padded layout: row <c>g</c> holds group <c>g</c>'s
/// members in batch order, left-aligned.
/// </summary>
/// <param name="ratings">Ratings <c>[G, M]</c> float64 (<c>M</c> the largest group size); entries outside
/// <paramref name="memberMask"/> are 0 and must be ignored.</param>
/// <param name="memberMask">Mask <c>[G, M]</c> bool: <see langword="true"/> where a member sits.</param>
/// <returns>Rewards <c>[G, M]</c> (any floating dtype; converted to float64); values outside the mask are ignored,
/// values inside must be finite.</returns>
public delegate torch.Tensor GroupRewardFunction(torch.Tensor ratings, torch.Tensor memberMask);
