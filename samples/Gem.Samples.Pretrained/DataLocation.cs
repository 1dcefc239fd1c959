namespace Gem.Samples.Pretrained;

/// <summary>Finds stories260K: an explicit path, else <c>GEM_DATA_DIR</c>, else <c>../shared/data</c> beside the
/// repository (the folder above the one holding <c>Gem.sln</c>), searched from the working directory and the binaries.</summary>
internal static class DataLocation
{
    public static string DataDirectory(string? explicitDirectory)
    {
        if (!string.IsNullOrEmpty(explicitDirectory))
            return Directory.Exists(explicitDirectory) ? explicitDirectory : throw new DirectoryNotFoundException($"--data-dir '{explicitDirectory}' does not exist.");
        var fromEnvironment = Environment.GetEnvironmentVariable("GEM_DATA_DIR");
        if (!string.IsNullOrEmpty(fromEnvironment))
            return Directory.Exists(fromEnvironment) ? fromEnvironment : throw new DirectoryNotFoundException($"GEM_DATA_DIR is '{fromEnvironment}', which does not exist.");
        foreach (var start in new[] { Environment.CurrentDirectory, AppContext.BaseDirectory })
        {
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                if (System.IO.File.Exists(Path.Combine(dir.FullName, "Gem.sln")))
                {
                    var candidate = Path.GetFullPath(Path.Combine(dir.FullName, "..", "shared", "data"));
                    if (Directory.Exists(candidate))
                        return candidate;
                }
            }
        }
        throw new DirectoryNotFoundException("The data folder was not found: pass --data-dir, set GEM_DATA_DIR, or put it at ../shared/data beside the repository.");
    }

    public static string File(string? explicitPath, string? dataDirectory, string relativePath)
    {
        var path = !string.IsNullOrEmpty(explicitPath) ? explicitPath : Path.Combine(DataDirectory(dataDirectory), relativePath);
        return System.IO.File.Exists(path) ? path : throw new FileNotFoundException($"'{path}' does not exist.", path);
    }
}
