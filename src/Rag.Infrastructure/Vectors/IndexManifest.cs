using System.Text.Json;

namespace Rag.Infrastructure.Vectors;

/// <summary>
/// The index's root of truth: which generation of files is current. Replaced by write-temp + atomic rename,
/// which is also how compaction switches to a new generation.
/// </summary>
internal sealed record IndexManifest(int FormatVersion, int Dimension, int RowsPerSegment, long Generation)
{
    public const string FileName = "manifest.json";

    public static IndexManifest? TryRead(string directory)
    {
        var path = Path.Combine(directory, FileName);
        if (!File.Exists(path))
            return null;
        return JsonSerializer.Deserialize<IndexManifest>(File.ReadAllBytes(path))
               ?? throw new InvalidDataException($"'{path}' is empty.");
    }

    public void Write(string directory)
    {
        var path = Path.Combine(directory, FileName);
        var temporary = path + ".tmp";
        using (var file = new FileStream(temporary, FileMode.Create, FileAccess.Write, FileShare.None))
        {
            JsonSerializer.Serialize(file, this);
            file.Flush(flushToDisk: true);
        }
        File.Move(temporary, path, overwrite: true);
    }

    public string SegmentPath(string directory, int sequence) => Path.Combine(directory, $"g{Generation:D6}-{sequence:D5}.seg");

    public string TombstonePath(string directory) => Path.Combine(directory, $"g{Generation:D6}.del");

    /// <summary>Removes leftovers of an interrupted compaction or write: other generations' files and temporaries.</summary>
    public void DeleteFilesOfOtherGenerations(string directory)
    {
        foreach (var path in Directory.EnumerateFiles(directory))
        {
            var name = Path.GetFileName(path);
            var isIndexFile = name.EndsWith(".seg", StringComparison.Ordinal) || name.EndsWith(".del", StringComparison.Ordinal) || name.EndsWith(".tmp", StringComparison.Ordinal);
            var isCurrent = name.StartsWith($"g{Generation:D6}", StringComparison.Ordinal) && !name.EndsWith(".tmp", StringComparison.Ordinal);
            if (isIndexFile && !isCurrent)
                File.Delete(path);
        }
    }
}
