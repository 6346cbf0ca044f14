using System.Collections.Immutable;
using Rag.Core.Retrieval;

namespace Rag.Infrastructure.Vectors;

// The writer side: every method here runs under the write gate, so there is exactly one writer.
public sealed partial class EmbeddedVectorIndex
{
    private void Append(IReadOnlyList<VectorRecord> records)
    {
        var snapshot = _snapshot;
        var first = snapshot.RowCount;
        var rows = snapshot.Rows;
        while (rows.Capacity < first + records.Count)
            rows = rows.With(Segment.Create(_manifest.SegmentPath(_directory, rows.Segments.Count), _layout, _manifest.RowsPerSegment, SegmentCopies.For(_options)));
        WriteRecords(rows, first, records);

        // Replacing a chunk = append the new row (done) + tombstone the old one.
        var newRowByChunk = new Dictionary<Guid, int>();
        var superseded = new List<int>();
        for (var i = 0; i < records.Count; i++)
        {
            var chunkId = records[i].ChunkId;
            if (newRowByChunk.TryGetValue(chunkId, out var old) || _rowByChunk.TryGetValue(chunkId, out old))
                superseded.Add(old);
            newRowByChunk[chunkId] = first + i;
        }
        _tombstones.Append(superseded);
        foreach (var (chunkId, row) in newRowByChunk)
            _rowByChunk[chunkId] = row;

        var dead = snapshot.Dead;
        if (superseded.Count > 0 || dead.Capacity < rows.Capacity)
        {
            dead = dead.Copy(rows.Capacity);
            superseded.ForEach(dead.MarkDead);
        }
        Publish(new IndexSnapshot(
            rows,
            AppendRows(snapshot.Collections, records, first, record => record.CollectionId),
            AppendRows(snapshot.Documents, records, first, record => record.DocumentId),
            dead,
            first + records.Count,
            _rowByChunk.Count));
        CompactIfMostlyDead();
    }

    private void WriteRecords(SegmentSet rows, int firstRow, IReadOnlyList<VectorRecord> records)
    {
        var recordSize = _layout.RecordSize;
        var buffer = new byte[Math.Min(records.Count, _manifest.RowsPerSegment) * recordSize];
        var touched = new HashSet<Segment>();
        for (var i = 0; i < records.Count;)
        {
            var segment = rows.SegmentOf(firstRow + i);
            var slot = rows.SlotOf(firstRow + i);
            var count = Math.Min(records.Count - i, segment.Capacity - slot);
            for (var j = 0; j < count; j++)
                _layout.Encode(records[i + j], buffer.AsSpan(j * recordSize, recordSize));
            segment.Write(slot, buffer.AsSpan(0, count * recordSize));
            touched.Add(segment);
            i += count;
        }
        foreach (var segment in touched)
            segment.Flush();
    }

    private static ImmutableDictionary<Guid, RowList> AppendRows(
        ImmutableDictionary<Guid, RowList> lists, IReadOnlyList<VectorRecord> records, int firstRow, Func<VectorRecord, Guid> key)
    {
        var added = new Dictionary<Guid, List<int>>();
        for (var i = 0; i < records.Count; i++)
        {
            if (!added.TryGetValue(key(records[i]), out var rows))
                added[key(records[i])] = rows = [];
            rows.Add(firstRow + i);
        }
        var builder = lists.ToBuilder();
        foreach (var (id, rows) in added)
            builder[id] = builder.GetValueOrDefault(id, RowList.Empty).Append(rows);
        return builder.ToImmutable();
    }

    private void DeleteDocument(Guid documentId)
    {
        var snapshot = _snapshot;
        if (!snapshot.Documents.TryGetValue(documentId, out var document))
            return;
        var dead = Tombstone(snapshot, LiveRows(document, snapshot.Dead));
        Publish(snapshot with { Documents = snapshot.Documents.Remove(documentId), Dead = dead, LiveCount = _rowByChunk.Count });
        CompactIfMostlyDead();
    }

    private void DeleteCollection(Guid collectionId)
    {
        var snapshot = _snapshot;
        if (!snapshot.Collections.TryGetValue(collectionId, out var collection))
            return;
        var rows = LiveRows(collection, snapshot.Dead);
        var dead = Tombstone(snapshot, rows);
        var documents = snapshot.Documents.ToBuilder();
        foreach (var documentId in rows.Select(snapshot.Rows.DocumentId).Distinct())
        {
            if (LiveRows(documents[documentId], dead).Count == 0)
                documents.Remove(documentId);
        }
        Publish(snapshot with { Collections = snapshot.Collections.Remove(collectionId), Documents = documents.ToImmutable(), Dead = dead, LiveCount = _rowByChunk.Count });
        CompactIfMostlyDead();
    }

    private static List<int> LiveRows(RowList list, DeadRows dead)
    {
        var live = new List<int>();
        foreach (var row in list.Rows)
        {
            if (!dead.IsDead(row))
                live.Add(row);
        }
        return live;
    }

    /// <summary>Durably records the rows as deleted and returns the dead set to publish with them.</summary>
    private DeadRows Tombstone(IndexSnapshot snapshot, List<int> rows)
    {
        _tombstones.Append(rows);
        var dead = snapshot.Dead.Copy(snapshot.Rows.Capacity);
        foreach (var row in rows)
        {
            dead.MarkDead(row);
            _rowByChunk.Remove(snapshot.Rows.ChunkId(row));
        }
        return dead;
    }

    private void CompactIfMostlyDead()
    {
        var snapshot = _snapshot;
        var deadRows = snapshot.RowCount - snapshot.LiveCount;
        if (deadRows >= _options.CompactionMinDeadRows && deadRows >= snapshot.RowCount * _options.CompactionDeadFraction)
            Compact();
    }

    /// <summary>
    /// Copies live rows (in row order, checksums intact) into the next generation's files, makes them durable,
    /// then switches by replacing the manifest. A crash before the switch leaves the old generation in charge;
    /// the orphaned files are deleted on the next open.
    /// </summary>
    private void Compact()
    {
        var snapshot = _snapshot;
        var next = _manifest with { Generation = _manifest.Generation + 1 };
        _manifest.DeleteFilesOfOtherGenerations(_directory); // a half-written earlier attempt at the next generation
        using (var writer = new GenerationWriter(_directory, next, _layout))
        {
            for (var row = 0; row < snapshot.RowCount; row++)
            {
                if (!snapshot.Dead.IsDead(row))
                    writer.Append(snapshot.Rows.SegmentOf(row).RecordBytes(snapshot.Rows.SlotOf(row)));
            }
            writer.Complete();
        }
        next.Write(_directory);

        IndexGeneration generation;
        try
        {
            generation = IndexGeneration.Open(_directory, next, _layout, SegmentCopies.For(_options));
        }
        catch
        {
            // The manifest already names the new files; writing on into the old ones would lose data at the next open.
            _mappingLock.EnterWriteLock();
            CloseFiles();
            _mappingLock.ExitWriteLock();
            throw;
        }
        _mappingLock.EnterWriteLock();
        try
        {
            Close(snapshot, _tombstones);
            _manifest = next;
            _tombstones = generation.Tombstones;
            _rowByChunk = generation.RowByChunk;
            Publish(generation.Snapshot);
        }
        finally
        {
            _mappingLock.ExitWriteLock();
        }
        next.DeleteFilesOfOtherGenerations(_directory);
    }
}
