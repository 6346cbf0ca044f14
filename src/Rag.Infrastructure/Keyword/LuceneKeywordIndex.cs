using Lucene.Net.Index;
using Lucene.Net.Search.Similarities;
using Rag.Core.Domain;
using Rag.Core.Retrieval;

namespace Rag.Infrastructure.Keyword;

/// <summary>
/// BM25 keyword index of chunks with Lucene.Net: one index per collection, in <c>&lt;folder&gt;/&lt;collection id&gt;</c>,
/// opened on first use, closed again when unused for a while (its files and writer lock released, so that thousands of
/// collections do not hold thousands of open indexes) and deleted with the collection. A score is BM25 over the collection's own documents only, so
/// it tells a caller nothing about the terms of collections it cannot read. An index of the shared layout of earlier
/// versions (all collections in <c>&lt;folder&gt;</c> itself) is split into per-collection indexes on start.
/// </summary>
public sealed class LuceneKeywordIndex : IKeywordIndex, IDisposable, IAsyncDisposable
{
    /// <summary>BM25 parameters tuned on the SciFact training queries.</summary>
    public const float DefaultK1 = 0.9f;
    public const float DefaultB = 0.4f;

    private readonly string folder;
    private readonly MultilingualAnalyzer analyzer = new();
    private readonly Similarity similarity;
    /// <summary>How long an index may go unused before it is closed.</summary>
    public static readonly TimeSpan DefaultCloseIdleAfter = TimeSpan.FromMinutes(10);

    private readonly Dictionary<Guid, OpenIndex> open = [];
    private readonly TimeSpan closeIdleAfter;
    private readonly Timer idleCloser;
    // Collection ids are never reused: a write that races the deletion of its collection is dropped rather than
    // creating the deleted collection's folder anew.
    private readonly HashSet<Guid> deleted = [];
    private readonly System.Threading.Lock gate = new();
    private bool disposed;

    public LuceneKeywordIndex(string folder, float k1 = DefaultK1, float b = DefaultB, TimeSpan? closeIdleAfter = null)
    {
        this.folder = folder;
        similarity = new BM25Similarity(k1, b);
        System.IO.Directory.CreateDirectory(folder);
        SharedIndexSplit.Run(folder, config: () => CollectionKeywordIndex.WriterConfig(analyzer, similarity));
        this.closeIdleAfter = closeIdleAfter ?? DefaultCloseIdleAfter;
        var every = this.closeIdleAfter / 2 > TimeSpan.Zero ? this.closeIdleAfter / 2 : TimeSpan.FromSeconds(1);
        idleCloser = new Timer(_ => CloseIdle(this.closeIdleAfter), null, every, every);
    }

    /// <summary>How many collection indexes are open now.</summary>
    public int OpenCount
    {
        get { lock (gate) return open.Count; }
    }

    /// <summary>Closes the indexes no search or write has used for <paramref name="idleFor"/>; they open again on
    /// their next use. Returns how many were closed.</summary>
    public int CloseIdle(TimeSpan idleFor)
    {
        List<CollectionKeywordIndex> closing = [];
        lock (gate)
        {
            if (disposed) return 0;
            var now = Environment.TickCount64;
            foreach (var (id, entry) in open.Where(e => e.Value.Users == 0 && now - e.Value.LastUsed >= idleFor.TotalMilliseconds).ToList())
            {
                open.Remove(id);
                closing.Add(entry.Index);
            }
        }
        foreach (var index in closing) index.Dispose();
        return closing.Count;
    }

    public Task UpsertAsync(IReadOnlyList<Chunk> chunks, CancellationToken cancellationToken = default) =>
        Task.WhenAll(chunks.GroupBy(chunk => chunk.CollectionId).Select(group => WriteAsync(group.Key, create: true, w =>
        {
            foreach (var chunk in group)
                w.UpdateDocument(new Term(ChunkFields.ChunkId, ChunkFields.Key(chunk.Id)), ChunkFields.ToDocument(chunk));
        }, cancellationToken)));

    public Task ReplaceDocumentAsync(Guid collectionId, Guid documentId, IReadOnlyList<Chunk> chunks, CancellationToken cancellationToken = default) =>
        WriteAsync(collectionId, create: chunks.Count > 0, w =>
        {
            w.DeleteDocuments(DocumentTerm(documentId));
            w.AddDocuments(chunks.Select(ChunkFields.ToDocument));
        }, cancellationToken);

    public Task DeleteDocumentAsync(Guid collectionId, Guid documentId, CancellationToken cancellationToken = default) =>
        WriteAsync(collectionId, create: false, w => w.DeleteDocuments(DocumentTerm(documentId)), cancellationToken);

    /// <summary>Closes the collection's index (after the write in progress) and deletes its folder.</summary>
    public Task DeleteCollectionAsync(Guid collectionId, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        OpenIndex? entry;
        lock (gate)
        {
            ObjectDisposedException.ThrowIf(disposed, this);
            deleted.Add(collectionId);
            open.Remove(collectionId, out entry);
        }
        entry?.Index.Dispose();
        var collectionFolder = FolderOf(collectionId);
        if (System.IO.Directory.Exists(collectionFolder)) System.IO.Directory.Delete(collectionFolder, recursive: true);
        return Task.CompletedTask;
    }

    public Task<IReadOnlyList<ChunkHit>> SearchAsync(Guid collectionId, string query, int top, Guid? documentId = null, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var terms = KeywordQueryBuilder.Build(analyzer, ChunkFields.Text, query);
        if (terms is null || top <= 0) return Task.FromResult<IReadOnlyList<ChunkHit>>([]);
        using var lease = Acquire(collectionId, create: false);
        if (lease is null) return Task.FromResult<IReadOnlyList<ChunkHit>>([]);
        return Task.FromResult(WhileOpen(collectionId, () => lease.Index.Search(terms, top, documentId), []));
    }

    public Task<IReadOnlySet<string>> KnownWordsAsync(Guid collectionId, IReadOnlyCollection<string> words, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        using var lease = Acquire(collectionId, create: false);
        if (lease is null) return Task.FromResult<IReadOnlySet<string>>(new HashSet<string>());
        bool Known(string word) => KeywordQueryBuilder.DistinctTerms(analyzer, ChunkFields.Text, word).Any(term => lease.Index.DocumentFrequency(ChunkFields.Text, term) > 0);
        return Task.FromResult<IReadOnlySet<string>>(WhileOpen(collectionId, () => words.Where(Known).ToHashSet(StringComparer.Ordinal), []));
    }

    public Task<int> CountAsync(Guid collectionId, Guid? documentId = null, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        using var lease = Acquire(collectionId, create: false);
        return Task.FromResult(lease is null ? 0 : WhileOpen(collectionId, () => lease.Index.Count(documentId), 0));
    }

    /// <summary>What <paramref name="read"/> gives, or <paramref name="whenDeleted"/> when the collection was deleted
    /// (its index closed) while the read ran.</summary>
    private T WhileOpen<T>(Guid collectionId, Func<T> read, T whenDeleted)
    {
        try
        {
            return read();
        }
        catch (ObjectDisposedException) when (IsDeleted(collectionId))
        {
            return whenDeleted;
        }
    }

    private bool IsDeleted(Guid collectionId)
    {
        lock (gate) return deleted.Contains(collectionId);
    }

    private async Task WriteAsync(Guid collectionId, bool create, Action<IndexWriter> write, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        using var lease = Acquire(collectionId, create);
        if (lease is not null) await lease.Index.WriteAsync(write, cancellationToken);
    }

    /// <summary>The collection's index, held open until the lease is disposed; opened (and with
    /// <paramref name="create"/> created) on first use or after it was closed idle. Null when it has none and none is
    /// to be created, or the collection was deleted.</summary>
    private Lease? Acquire(Guid collectionId, bool create)
    {
        lock (gate)
        {
            ObjectDisposedException.ThrowIf(disposed, this);
            if (!open.TryGetValue(collectionId, out var entry))
            {
                if (deleted.Contains(collectionId)) return null;
                var collectionFolder = FolderOf(collectionId);
                if (!create && !System.IO.Directory.Exists(collectionFolder)) return null;
                System.IO.Directory.CreateDirectory(collectionFolder);
                open[collectionId] = entry = new OpenIndex(new CollectionKeywordIndex(collectionFolder, analyzer, similarity));
            }
            entry.Users++;
            return new Lease(this, entry);
        }
    }

    private void Release(OpenIndex entry)
    {
        lock (gate)
        {
            entry.Users--;
            entry.LastUsed = Environment.TickCount64;
        }
    }

    private sealed class OpenIndex(CollectionKeywordIndex index)
    {
        public CollectionKeywordIndex Index { get; } = index;
        public int Users { get; set; }
        public long LastUsed { get; set; } = Environment.TickCount64;
    }

    private sealed class Lease(LuceneKeywordIndex owner, OpenIndex entry) : IDisposable
    {
        public CollectionKeywordIndex Index => entry.Index;
        public void Dispose() => owner.Release(entry);
    }

    private string FolderOf(Guid collectionId) => Path.Combine(folder, ChunkFields.Key(collectionId));

    private static Term DocumentTerm(Guid documentId) => new(ChunkFields.DocumentId, ChunkFields.Key(documentId));

    public void Dispose()
    {
        idleCloser.Dispose();
        CollectionKeywordIndex[] indexes;
        lock (gate)
        {
            if (disposed) return;
            disposed = true;
            indexes = [.. open.Values.Select(e => e.Index)];
            open.Clear();
        }
        foreach (var index in indexes) index.Dispose();
        analyzer.Dispose();
    }

    public ValueTask DisposeAsync()
    {
        Dispose();
        return ValueTask.CompletedTask;
    }
}
