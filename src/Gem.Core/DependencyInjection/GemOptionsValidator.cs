using Microsoft.Extensions.Options;

namespace Gem.Core.DependencyInjection;

/// <summary>Checks a <see cref="GemOptions"/> as a whole: every part present, and parts that must agree do.</summary>
public sealed class GemOptionsValidator : IValidateOptions<GemOptions>
{
    /// <inheritdoc />
    public ValidateOptionsResult Validate(string? name, GemOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<string>();
        void Require(object? part, string partName)
        {
            if (part is null)
                failures.Add($"GemOptions.{partName} must not be null.");
        }

        Require(options.Gem, nameof(options.Gem));
        Require(options.Trainer, nameof(options.Trainer));
        Require(options.Scorer, nameof(options.Scorer));
        Require(options.Sega, nameof(options.Sega));
        Require(options.Dpo, nameof(options.Dpo));
        Require(options.BradleyTerry, nameof(options.BradleyTerry));
        Require(options.TrueSkill, nameof(options.TrueSkill));
        Require(options.PlackettLuce, nameof(options.PlackettLuce));
        if (!Enum.IsDefined(options.Ranker))
            failures.Add($"GemOptions.Ranker must be one of {string.Join(", ", Enum.GetNames<RankerKind>())}; got {(int)options.Ranker}.");
        if (options.Gem is { } gem && gem.CandidatesPerPrompt < 2 && !gem.IncludeHumanPair)
            failures.Add($"GemOptions.Gem samples k = {gem.CandidatesPerPrompt} candidate(s) without the human pair: a group needs at least two members.");
        if (options.Sega is { } sega)
        {
            try
            {
                _ = new Sega.Objectives.SegaObjective(sega);
            }
            catch (ArgumentException e)
            {
                failures.Add($"GemOptions.Sega: {e.Message}");
            }
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
