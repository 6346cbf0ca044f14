namespace Rag.Api.Hosting;

/// <summary>Top-level settings under the "Rag" configuration section.</summary>
public sealed class RagOptions
{
    /// <summary>Where the database file, originals and indexes live (embedded mode). Relative paths are relative to the working directory.</summary>
    public string DataDirectory { get; set; } = "data";
}
