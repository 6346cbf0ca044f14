using System.Numerics;
using Rag.Core.Retrieval;

namespace Rag.Infrastructure.Vectors;

/// <summary>
/// Brute-force SIMD vector index persisted as checksummed segment files in one directory, searched through
/// a resident unmanaged copy or through memory maps (<see cref="EmbeddedVectorIndexOptions.ResidentVectors"/>),
/// by default with an int8 scan whose shortlist is rescored exactly (<see cref="EmbeddedVectorIndexOptions.Quantization"/>).
/// One writer at a time (upserts, deletes, compaction); any number of concurrent searches, each reading an
/// immutable snapshot. A write returns only once it is on disk.
/// </summary>
public sealed partial class EmbeddedVectorIndex : IVectorIndex, IDisposable
{
    private const long TargetSegmentBytes = 128L << 20;
    private const string LockFileName = "lock";
    private readonly string _directory;
    private readonly RecordLayout _layout;
    private readonly EmbeddedVectorIndexOptions _options;
    private readonly SemaphoreSlim _writeGate = new(1, 1);
    // Searches hold it for reading; unmapping files (compaction, Dispose) waits for them by taking it for writing.
    private readonly ReaderWriterLockSlim _mappingLock = new();
    private readonly FileStream _directoryLock;
    private IndexManifest _manifest;
    private TombstoneLog _tombstones;
    private Dictionary<Guid, int> _rowByChunk; // live row of each chunk; writer only
    private IndexSnapshot _snapshot;
    private bool _disposed;

    public EmbeddedVectorIndex(string directory, int dimension, EmbeddedVectorIndexOptions? options = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(directory);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(dimension);
        _directory = directory;
        _layout = new RecordLayout(dimension);
        _options = options ?? new EmbeddedVectorIndexOptions();
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(_options.Int8Oversample, "options.Int8Oversample");
        Directory.CreateDirectory(directory);
        _directoryLock = LockDirectory(directory);
        try
        {
            _manifest = IndexManifest.TryRead(directory) ?? CreateManifest(directory, dimension);
            if (_manifest.FormatVersion != RecordLayout.FormatVersion)
                throw new InvalidDataException($"The vector index at '{directory}' has format version {_manifest.FormatVersion}; this build reads version {RecordLayout.FormatVersion}.");
            if (_manifest.Dimension != dimension)
                throw new ArgumentException($"The vector index at '{directory}' holds vectors of dimension {_manifest.Dimension}, not {dimension}. A different embedding model needs a new index.", nameof(dimension));
            _manifest.DeleteFilesOfOtherGenerations(directory);
            var generation = IndexGeneration.Open(directory, _manifest, _layout, SegmentCopies.For(_options));
            _tombstones = generation.Tombstones;
            _rowByChunk = generation.RowByChunk;
            _snapshot = generation.Snapshot;
        }
        catch
        {
            _directoryLock.Dispose();
            throw;
        }
    }

    /// <summary>Number of live (searchable) vectors.</summary>
    public int Count => Volatile.Read(ref _snapshot).LiveCount;

    public async Task UpsertAsync(IReadOnlyList<VectorRecord> records, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(records);
        foreach (var record in records)
        {
            ArgumentNullException.ThrowIfNull(record, nameof(records));
            EnsureDimension(record.Vector, nameof(records));
        }
        if (records.Count == 0)
            return;
        await WriteAsync(() => Append(records), cancellationToken);
    }

    /// <summary>Document ids are unique across collections here, so the collection is not needed to find its rows.</summary>
    public Task DeleteDocumentAsync(Guid collectionId, Guid documentId, CancellationToken cancellationToken = default) =>
        WriteAsync(() => DeleteDocument(documentId), cancellationToken);

    public Task DeleteCollectionAsync(Guid collectionId, CancellationToken cancellationToken = default) =>
        WriteAsync(() => DeleteCollection(collectionId), cancellationToken);

    /// <summary>Rewrites the live rows into a new generation of files and switches to it atomically.</summary>
    public Task CompactAsync(CancellationToken cancellationToken = default) => WriteAsync(Compact, cancellationToken);

    public Task<IReadOnlyList<ChunkHit>> SearchAsync(Guid collectionId, ReadOnlyMemory<float> query, int top, Guid? documentId = null, CancellationToken cancellationToken = default)
    {
        EnsureDimension(query, nameof(query));
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(top);
        cancellationToken.ThrowIfCancellationRequested();
        return Task.FromResult(Read<IReadOnlyList<ChunkHit>>(snapshot =>
        {
            var (candidates, count) = Candidates(snapshot, collectionId, documentId);
            if (count == 0)
                return [];
            var k = Math.Min(top, count);
            var best = _options.Quantization == VectorQuantization.Int8
                ? VectorSearch.TopRescored(Int8VectorScanner.Instance, _options.Int8Oversample, snapshot, candidates, count, query, k, _options.ParallelScanThreshold)
                : VectorSearch.Top(FloatVectorScanner.Instance, snapshot, candidates, count, query, k, _options.ParallelScanThreshold);
            var hits = new ChunkHit[best.Length];
            for (var i = 0; i < best.Length; i++)
                hits[i] = new ChunkHit(snapshot.Rows.ChunkId(best[i].Row), best[i].Score);
            return hits;
        }));
    }

    public Task<int> CountAsync(Guid collectionId, Guid? documentId = null, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        return Task.FromResult(Read(snapshot =>
        {
            var (candidates, count) = Candidates(snapshot, collectionId, documentId);
            var live = 0;
            foreach (var row in candidates.AsSpan(0, count))
            {
                if (!snapshot.Dead.IsDead(row))
                    live++;
            }
            return live;
        }));
    }

    /// <summary>Reads the current snapshot under the mapping lock, so compaction cannot free its memory meanwhile.</summary>
    private T Read<T>(Func<IndexSnapshot, T> read)
    {
        _mappingLock.EnterReadLock();
        try
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            return read(Volatile.Read(ref _snapshot));
        }
        finally
        {
            _mappingLock.ExitReadLock();
        }
    }

    public void Dispose()
    {
        _writeGate.Wait();
        try
        {
            _mappingLock.EnterWriteLock();
            try
            {
                if (!_disposed)
                    CloseFiles();
            }
            finally
            {
                _mappingLock.ExitWriteLock();
            }
        }
        finally
        {
            _writeGate.Release();
        }
    }

    /// <summary>Two writers on one directory would corrupt it, so the second one to open is refused.</summary>
    private static FileStream LockDirectory(string directory)
    {
        try
        {
            return new FileStream(Path.Combine(directory, LockFileName), FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
        }
        catch (IOException error)
        {
            throw new IOException($"The vector index at '{directory}' is already open (in this or another process).", error);
        }
    }

    private IndexManifest CreateManifest(string directory, int dimension)
    {
        var rowsPerSegment = _options.RowsPerSegment ?? (int)Math.Max(1, BitOperations.RoundUpToPowerOf2((uint)(TargetSegmentBytes / _layout.RecordSize)) / 2);
        if (rowsPerSegment <= 0 || !BitOperations.IsPow2(rowsPerSegment) || _layout.SegmentFileSize(rowsPerSegment) > int.MaxValue)
            throw new ArgumentException($"RowsPerSegment must be a power of two giving segment files under 2 GB, not {rowsPerSegment}.", "options");
        var manifest = new IndexManifest(RecordLayout.FormatVersion, dimension, rowsPerSegment, Generation: 1);
        manifest.Write(directory);
        return manifest;
    }

    private void EnsureDimension(ReadOnlyMemory<float> vector, string parameterName)
    {
        if (vector.Length != _layout.Dimension)
            throw new ArgumentException($"Vector has dimension {vector.Length}; this index holds vectors of dimension {_layout.Dimension}.", parameterName);
    }

    private async Task WriteAsync(Action write, CancellationToken cancellationToken)
    {
        await _writeGate.WaitAsync(cancellationToken);
        try
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            write();
        }
        finally
        {
            _writeGate.Release();
        }
    }

    private static (int[] Rows, int Count) Candidates(IndexSnapshot snapshot, Guid collectionId, Guid? documentId)
    {
        if (documentId is null)
            return snapshot.Collections.TryGetValue(collectionId, out var collection) ? (collection.Items, collection.Count) : ([], 0);
        if (!snapshot.Documents.TryGetValue(documentId.Value, out var document))
            return ([], 0);
        var rows = new List<int>();
        foreach (var row in document.Rows)
        {
            if (!snapshot.Dead.IsDead(row) && snapshot.Rows.CollectionId(row) == collectionId)
                rows.Add(row);
        }
        return (rows.ToArray(), rows.Count);
    }

    private void Publish(IndexSnapshot snapshot) => Volatile.Write(ref _snapshot, snapshot);

    /// <summary>Call holding the mapping lock for writing.</summary>
    private void CloseFiles()
    {
        _disposed = true;
        Close(_snapshot, _tombstones);
        _directoryLock.Dispose();
    }

    private static void Close(IndexSnapshot snapshot, TombstoneLog tombstones)
    {
        tombstones.Dispose();
        foreach (var segment in snapshot.Rows.Segments)
            segment.Dispose();
    }
}
