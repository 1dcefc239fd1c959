using System.CommandLine;
using System.Globalization;

namespace Gem.Samples.Common;

/// <summary>Command-line checks the samples share, so that bad input ends in one clear line rather than a stack trace.</summary>
public static class OptionRules
{
    /// <summary>Rejects a value below <paramref name="minimum"/> when the command line is parsed.</summary>
    /// <param name="option">The option.</param>
    /// <param name="minimum">The smallest value accepted.</param>
    /// <returns>The option, for chaining.</returns>
    public static Option<int> AtLeast(this Option<int> option, int minimum)
    {
        ArgumentNullException.ThrowIfNull(option);
        option.Validators.Add(result =>
        {
            var value = result.GetValueOrDefault<int>();
            if (value < minimum)
                result.AddError(string.Create(CultureInfo.InvariantCulture, $"{option.Name} must be at least {minimum}; it was {value}."));
        });
        return option;
    }

    /// <summary>Rejects a value that is not finite and greater than 0 when the command line is parsed.</summary>
    /// <param name="option">The option.</param>
    /// <returns>The option, for chaining.</returns>
    public static Option<double> Positive(this Option<double> option)
    {
        ArgumentNullException.ThrowIfNull(option);
        option.Validators.Add(result =>
        {
            var value = result.GetValueOrDefault<double>();
            if (!double.IsFinite(value) || value <= 0)
                result.AddError(string.Create(CultureInfo.InvariantCulture, $"{option.Name} must be finite and greater than 0; it was {value}."));
        });
        return option;
    }

    /// <summary>
    /// Invokes <paramref name="command"/> on <paramref name="args"/>; an error in the user's input or files
    /// (<see cref="ArgumentException"/>, <see cref="IOException"/>, <see cref="InvalidDataException"/>) is printed as
    /// its message on standard error, with exit code 1, instead of a stack trace.
    /// </summary>
    /// <param name="command">The root command.</param>
    /// <param name="args">The command line.</param>
    /// <returns>The exit code.</returns>
    public static int InvokeReportingInputErrors(RootCommand command, string[] args)
    {
        ArgumentNullException.ThrowIfNull(command);
        try
        {
            return command.Parse(args).Invoke(new InvocationConfiguration { EnableDefaultExceptionHandler = false });
        }
        catch (Exception e) when (e is ArgumentException or IOException or InvalidDataException or NotSupportedException)
        {
            Console.Error.WriteLine($"error: {e.Message}");
            return 1;
        }
    }
}
