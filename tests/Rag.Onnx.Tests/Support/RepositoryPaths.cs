namespace Rag.Onnx.Tests.Support;

internal static class RepositoryPaths
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

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "Rag.sln"))) return dir.FullName;
        throw new InvalidOperationException("Rag.sln not found above the test output folder.");
    }
}
