using System.Collections.Immutable;

namespace Rag.Infrastructure.Vectors;

/// <summary>
/// One generation of index files opened for use: segments validated (a torn tail is zeroed away), tombstones
/// applied, and the in-memory lookups rebuilt. Opening the index and finishing a compaction both go through here.
/// </summary>
internal sealed class IndexGeneration
{
    private IndexGeneration(IndexSnapshot snapshot, TombstoneLog tombstones, Dictionary<Guid, int> rowByChunk)
    {
        Snapshot = snapshot;
        Tombstones = tombstones;
        RowByChunk = rowByChunk;
    }

    public IndexSnapshot Snapshot { get; }
    public TombstoneLog Tombstones { get; }

    /// <summary>The live row of each chunk; only the writer touches it.</summary>
    public Dictionary<Guid, int> RowByChunk { get; }

    public static IndexGeneration Open(string directory, IndexManifest manifest, RecordLayout layout, SegmentCopies copies)
    {
        var segments = new List<Segment>();
        TombstoneLog? tombstones = null;
        try
        {
            for (var sequence = 0; File.Exists(manifest.SegmentPath(directory, sequence)); sequence++)
                segments.Add(Segment.Open(manifest.SegmentPath(directory, sequence), layout, manifest.RowsPerSegment, copies));
            var rowCount = TrimToValidPrefix(segments, manifest.RowsPerSegment);
            var rows = new SegmentSet([.. segments], layout, manifest.RowsPerSegment);
            tombstones = TombstoneLog.Open(manifest.TombstonePath(directory), out var deletedRows);
            return Build(rows, rowCount, deletedRows, tombstones);
        }
        catch
        {
            tombstones?.Dispose();
            segments.ForEach(segment => segment.Dispose());
            throw;
        }
    }

    /// <summary>
    /// Rows are valid up to the first record that fails its checksum: that is where an unacknowledged write was
    /// torn. Everything from there on is discarded so it can neither be returned nor resurface later.
    /// </summary>
    private static int TrimToValidPrefix(List<Segment> segments, int rowsPerSegment)
    {
        for (var i = 0; i < segments.Count; i++)
        {
            var valid = segments[i].CountValidPrefix();
            if (valid == segments[i].Capacity)
                continue;
            segments[i].DiscardFrom(valid);
            for (var later = segments.Count - 1; later > i; later--)
            {
                segments[later].Dispose();
                File.Delete(segments[later].Path);
                segments.RemoveAt(later);
            }
            return i * rowsPerSegment + valid;
        }
        return segments.Count * rowsPerSegment;
    }

    private static IndexGeneration Build(SegmentSet rows, int rowCount, List<int> deletedRows, TombstoneLog tombstones)
    {
        var dead = new DeadRows(rows.Capacity);
        foreach (var row in deletedRows)
        {
            if (row < rowCount)
                dead.MarkDead(row);
        }

        var rowByChunk = new Dictionary<Guid, int>();
        var collections = new Dictionary<Guid, List<int>>();
        var documents = new Dictionary<Guid, List<int>>();
        var superseded = new List<int>();
        for (var row = 0; row < rowCount; row++)
        {
            if (dead.IsDead(row))
                continue;
            var chunkId = rows.ChunkId(row);
            // A crash between appending a replacement and tombstoning the original leaves both; the later one wins.
            if (rowByChunk.TryGetValue(chunkId, out var earlier))
            {
                dead.MarkDead(earlier);
                superseded.Add(earlier);
            }
            rowByChunk[chunkId] = row;
            Add(collections, rows.CollectionId(row), row);
            Add(documents, rows.DocumentId(row), row);
        }
        tombstones.Append(superseded);

        var snapshot = new IndexSnapshot(rows, ToRowLists(collections), ToRowLists(documents), dead, rowCount, rowByChunk.Count);
        return new IndexGeneration(snapshot, tombstones, rowByChunk);
    }

    private static void Add(Dictionary<Guid, List<int>> lists, Guid key, int row)
    {
        if (!lists.TryGetValue(key, out var list))
            lists[key] = list = [];
        list.Add(row);
    }

    private static ImmutableDictionary<Guid, RowList> ToRowLists(Dictionary<Guid, List<int>> lists) =>
        lists.ToImmutableDictionary(pair => pair.Key, pair => RowList.From(pair.Value));
}
