namespace Gem.Samples.Common;

/// <summary>
/// Finds the shared data folder and its files: an explicit folder, else <c>GEM_DATA_DIR</c>, else <c>../shared/data</c>
/// beside the repository (the folder above the one holding <c>Gem.sln</c>), searched upwards from the working directory
/// and from the binaries.
/// </summary>
public static class SharedData
{
    /// <summary>The data folder.</summary>
    /// <param name="explicitDirectory">A folder given on the command line, or <see langword="null"/>.</param>
    /// <returns>An existing folder.</returns>
    /// <exception cref="DirectoryNotFoundException">The folder given, or the one <c>GEM_DATA_DIR</c> names, does not exist, or none was found.</exception>
    public static string Directory(string? explicitDirectory)
    {
        if (!string.IsNullOrEmpty(explicitDirectory))
            return System.IO.Directory.Exists(explicitDirectory) ? explicitDirectory : throw new DirectoryNotFoundException($"--data-dir '{explicitDirectory}' does not exist.");
        var fromEnvironment = Environment.GetEnvironmentVariable("GEM_DATA_DIR");
        if (!string.IsNullOrEmpty(fromEnvironment))
            return System.IO.Directory.Exists(fromEnvironment) ? fromEnvironment : throw new DirectoryNotFoundException($"GEM_DATA_DIR is '{fromEnvironment}', which does not exist.");
        foreach (var start in new[] { Environment.CurrentDirectory, AppContext.BaseDirectory })
        {
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                if (System.IO.File.Exists(Path.Combine(dir.FullName, "Gem.sln")))
                {
                    var candidate = Path.GetFullPath(Path.Combine(dir.FullName, "..", "shared", "data"));
                    if (System.IO.Directory.Exists(candidate))
                        return candidate;
                }
            }
        }

        throw new DirectoryNotFoundException("The data folder was not found: pass --data-dir, set GEM_DATA_DIR, or put it at ../shared/data beside the repository.");
    }

    /// <summary>A file: <paramref name="explicitPath"/> when given, else <paramref name="relativePath"/> inside the data folder.</summary>
    /// <param name="explicitPath">A file given on the command line, or <see langword="null"/>.</param>
    /// <param name="dataDirectory">A data folder given on the command line, or <see langword="null"/>.</param>
    /// <param name="relativePath">The file's path inside the data folder.</param>
    /// <returns>An existing file.</returns>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    public static string File(string? explicitPath, string? dataDirectory, string relativePath)
    {
        var path = !string.IsNullOrEmpty(explicitPath) ? explicitPath : Path.Combine(Directory(dataDirectory), relativePath);
        return System.IO.File.Exists(path) ? path : throw new FileNotFoundException($"'{path}' does not exist.", path);
    }
}
