namespace Rag.Testing;

public static class RepositoryPaths
{
    public static string Root { get; } = FindRoot();

    public static string SharedModels => Environment.GetEnvironmentVariable("RAG_SHARED_MODELS")
        ?? Path.GetFullPath(Path.Combine(Root, "..", "shared", "models"));

    public static string SharedModel(string name)
    {
        var folder = Path.Combine(SharedModels, name);
        return Directory.Exists(folder) ? folder
            : throw new DirectoryNotFoundException($"{folder} not found: the shared model folders (../shared/models) are needed, or set RAG_SHARED_MODELS.");
    }

    /// <summary>The built Rag.Api.dll of the same configuration as the tests, for tests that run the service as a child process.</summary>
    public static string ApiAssembly
    {
        get
        {
            var configuration = AppContext.BaseDirectory.Contains($"{Path.DirectorySeparatorChar}Release{Path.DirectorySeparatorChar}") ? "Release" : "Debug";
            var path = Path.Combine(Root, "src", "Rag.Api", "bin", configuration, "net10.0", "Rag.Api.dll");
            return File.Exists(path) ? path : throw new FileNotFoundException("Build src/Rag.Api first.", path);
        }
    }

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "Rag.sln"))) return dir.FullName;
        throw new DirectoryNotFoundException("Repository root (Rag.sln) not found above the test output folder.");
    }
}
