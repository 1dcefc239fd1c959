using System.Diagnostics;
using System.Globalization;
using System.Reflection;

namespace Gem.Benchmarks.Entropy;

/// <summary>
/// Peak extra resident memory of one case, measured in a child process of its own: the benchmark executable re-invoked
/// with <c>entropy --measure-case METHOD N V</c> allocates the logits, runs a small warm-up, reads the peak resident
/// set (<c>VmHWM</c> in <c>/proc/self/status</c>) as the baseline, runs the case once and reports the new peak minus
/// the baseline.
/// </summary>
internal static class PeakMemory
{
    public const string Argument = "--measure-case";
    private const string Prefix = "peak_extra_bytes=";

    /// <summary>The child's side: runs one case and prints its peak extra bytes.</summary>
    public static int MeasureInThisProcess(string[] args)
    {
        if (args.Length != 3)
        {
            Console.Error.WriteLine($"usage: entropy {Argument} METHOD N V");
            return 2;
        }

        var method = args[0];
        var n = int.Parse(args[1], CultureInfo.InvariantCulture);
        var v = int.Parse(args[2], CultureInfo.InvariantCulture);
        var (logits, targets) = EntropyCases.Allocate(n, v);
        // Warm up every kernel on a small slice so that lazy native initialisation is not counted.
        EntropyCases.Run(method, logits.narrow(0, 0, Math.Min(n, 2)), targets.narrow(0, 0, Math.Min(n, 2)));
        var baseline = ReadPeakResidentBytes();
        EntropyCases.Run(method, logits, targets);
        var peak = ReadPeakResidentBytes();
        Console.WriteLine($"{Prefix}{Math.Max(0, peak - baseline)}");
        logits.Dispose();
        targets.Dispose();
        return 0;
    }

    /// <summary>
    /// The parent's side: starts the child for one case and parses its answer. With <paramref name="fixedMmapThreshold"/>
    /// the child runs with glibc's dynamic mmap threshold disabled (<c>MALLOC_MMAP_THRESHOLD_=131072</c>), so that freed
    /// chunk buffers return to the system at once and the peak shows the memory the code holds, not allocator slack.
    /// </summary>
    public static long MeasureInChild(string method, int n, int v, bool fixedMmapThreshold)
    {
        var start = new ProcessStartInfo { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        if (fixedMmapThreshold)
            start.Environment["MALLOC_MMAP_THRESHOLD_"] = "131072";
        var processPath = Environment.ProcessPath ?? throw new InvalidOperationException("The benchmark's process path is unknown.");
        start.FileName = processPath;
        if (Path.GetFileNameWithoutExtension(processPath).Equals("dotnet", StringComparison.OrdinalIgnoreCase))
            start.ArgumentList.Add(Assembly.GetEntryAssembly()!.Location);
        foreach (var a in new[] { "entropy", Argument, method, n.ToString(CultureInfo.InvariantCulture), v.ToString(CultureInfo.InvariantCulture) })
            start.ArgumentList.Add(a);
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start '{processPath}'.");
        var stderr = process.StandardError.ReadToEndAsync();
        var output = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        var line = output.Split('\n').Select(l => l.Trim()).LastOrDefault(l => l.StartsWith(Prefix, StringComparison.Ordinal));
        if (process.ExitCode != 0 || line is null)
            throw new InvalidOperationException($"The memory child for {method} N={n} V={v} failed (exit {process.ExitCode}): {output} {stderr.Result}");
        return long.Parse(line[Prefix.Length..], CultureInfo.InvariantCulture);
    }

    private static long ReadPeakResidentBytes()
    {
        foreach (var line in File.ReadLines("/proc/self/status"))
        {
            if (line.StartsWith("VmHWM:", StringComparison.Ordinal))
            {
                var kilobytes = long.Parse(line["VmHWM:".Length..].Trim().Split(' ')[0], CultureInfo.InvariantCulture);
                return kilobytes * 1024;
            }
        }

        throw new PlatformNotSupportedException("Peak resident memory is read from /proc/self/status (VmHWM), which this system lacks.");
    }
}
