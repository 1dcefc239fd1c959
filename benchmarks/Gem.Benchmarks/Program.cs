using System.Reflection;

namespace Gem.Benchmarks;

/// <summary>Entry point: <c>./build.sh bench SUITE [args]</c>, or <c>dotnet run -c Release --project benchmarks/Gem.Benchmarks -- SUITE [args]</c>.</summary>
internal static class Program
{
    private static int Main(string[] args)
    {
        var suites = typeof(Program).Assembly.GetTypes()
            .Where(t => typeof(IBenchmarkSuite).IsAssignableFrom(t) && t is { IsAbstract: false, IsInterface: false })
            .Select(t => (IBenchmarkSuite)Activator.CreateInstance(t, nonPublic: true)!)
            .OrderBy(s => s.Name, StringComparer.Ordinal)
            .ToList();
        if (args.Length == 0 || args[0] is "-h" or "--help" or "list")
        {
            Console.WriteLine("usage: ./build.sh bench SUITE [args]   (results go to artifacts/bench/)");
            foreach (var s in suites)
                Console.WriteLine($"  {s.Name,-12} {s.Description}");
            return args.Length == 0 ? 2 : 0;
        }

        var suite = suites.FirstOrDefault(s => string.Equals(s.Name, args[0], StringComparison.OrdinalIgnoreCase));
        if (suite is null)
        {
            Console.Error.WriteLine($"error: unknown benchmark suite '{args[0]}'; expected one of: {string.Join(", ", suites.Select(s => s.Name))}.");
            return 2;
        }

        return suite.Run(args[1..]);
    }

    /// <summary>The repository root (the folder holding Gem.sln), found from the working directory or the assembly.</summary>
    internal static string RepositoryRoot
    {
        get
        {
            foreach (var start in new[] { Directory.GetCurrentDirectory(), Path.GetDirectoryName(Assembly.GetExecutingAssembly().Location)! })
            {
                for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
                {
                    if (File.Exists(Path.Combine(dir.FullName, "Gem.sln")))
                        return dir.FullName;
                }
            }

            return Directory.GetCurrentDirectory();
        }
    }

    /// <summary><c>artifacts/bench</c> under the repository root, created on demand.</summary>
    internal static string ArtifactsDirectory => Directory.CreateDirectory(Path.Combine(RepositoryRoot, "artifacts", "bench")).FullName;
}
