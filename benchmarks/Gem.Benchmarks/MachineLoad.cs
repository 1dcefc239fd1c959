using System.Globalization;

namespace Gem.Benchmarks;

/// <summary>What else the machine was doing: the 1-minute load average (Linux <c>/proc/loadavg</c>), for the reports.</summary>
internal static class MachineLoad
{
    /// <summary>The 1-minute load average, or null where <c>/proc/loadavg</c> does not exist.</summary>
    public static double? OneMinute()
    {
        try
        {
            var first = File.ReadAllText("/proc/loadavg").Split(' ')[0];
            return double.Parse(first, CultureInfo.InvariantCulture);
        }
        catch (IOException)
        {
            return null;
        }
        catch (UnauthorizedAccessException)
        {
            return null;
        }
    }

    /// <summary>A one-line description of the machine: logical cores, OS, torch threads.</summary>
    public static string Describe() =>
        $"{Environment.ProcessorCount} logical cores, {System.Runtime.InteropServices.RuntimeInformation.OSDescription}, "
        + $"{System.Runtime.InteropServices.RuntimeInformation.FrameworkDescription}, torch intra-op threads {TorchSharp.torch.get_num_threads()}, "
        + $"OMP_WAIT_POLICY={Environment.GetEnvironmentVariable("OMP_WAIT_POLICY") ?? "(unset)"}";

    /// <summary>Parses <c>--name VALUE</c> as a positive integer, or returns <paramref name="fallback"/> when absent.</summary>
    /// <exception cref="ArgumentException">The option is present without a positive integer.</exception>
    public static int PositiveOption(string[] args, string name, int fallback)
    {
        ArgumentNullException.ThrowIfNull(args);
        var at = Array.IndexOf(args, name);
        if (at < 0)
            return fallback;
        if (at + 1 >= args.Length || !int.TryParse(args[at + 1], NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) || value < 1)
            throw new ArgumentException($"{name} needs a positive integer; got '{(at + 1 < args.Length ? args[at + 1] : "")}'.", nameof(args));
        return value;
    }
}
