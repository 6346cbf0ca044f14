using Lucene.Net.Index;
using Lucene.Net.Search.Similarities;
using Rag.Core.Domain;
using Rag.Core.Retrieval;

namespace Rag.Infrastructure.Keyword;

/// <summary>
/// BM25 keyword index of chunks with Lucene.Net: one index per collection, in <c>&lt;folder&gt;/&lt;collection id&gt;</c>,
/// opened on first use and deleted with the collection. A score is BM25 over the collection's own documents only, so
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
    private readonly Dictionary<Guid, CollectionKeywordIndex> open = [];
    // Collection ids are never reused: a write that races the deletion of its collection is dropped rather than
    // creating the deleted collection's folder anew.
    private readonly HashSet<Guid> deleted = [];
    private readonly System.Threading.Lock gate = new();
    private bool disposed;

    public LuceneKeywordIndex(string folder, float k1 = DefaultK1, float b = DefaultB)
    {
        this.folder = folder;
        similarity = new BM25Similarity(k1, b);
        System.IO.Directory.CreateDirectory(folder);
        SharedIndexSplit.Run(folder, config: () => CollectionKeywordIndex.WriterConfig(analyzer, similarity));
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
        CollectionKeywordIndex? index;
        lock (gate)
        {
            ObjectDisposedException.ThrowIf(disposed, this);
            deleted.Add(collectionId);
            open.Remove(collectionId, out index);
        }
        index?.Dispose();
        var collectionFolder = FolderOf(collectionId);
        if (System.IO.Directory.Exists(collectionFolder)) System.IO.Directory.Delete(collectionFolder, recursive: true);
        return Task.CompletedTask;
    }

    public Task<IReadOnlyList<ChunkHit>> SearchAsync(Guid collectionId, string query, int top, Guid? documentId = null, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var index = Find(collectionId, create: false);
        var terms = KeywordQueryBuilder.Build(analyzer, ChunkFields.Text, query);
        if (index is null || terms is null || top <= 0)
            return Task.FromResult<IReadOnlyList<ChunkHit>>([]);
        return Task.FromResult(WhileOpen(collectionId, () => index.Search(terms, top, documentId), []));
    }

    public Task<int> CountAsync(Guid collectionId, Guid? documentId = null, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var index = Find(collectionId, create: false);
        return Task.FromResult(index is null ? 0 : WhileOpen(collectionId, () => index.Count(documentId), 0));
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
        if (Find(collectionId, create) is { } index) await index.WriteAsync(write, cancellationToken);
    }

    /// <summary>The collection's open index; opened (and with <paramref name="create"/> created) on first use. Null
    /// when it has none and none is to be created, or the collection was deleted.</summary>
    private CollectionKeywordIndex? Find(Guid collectionId, bool create)
    {
        lock (gate)
        {
            ObjectDisposedException.ThrowIf(disposed, this);
            if (open.TryGetValue(collectionId, out var index)) return index;
            if (deleted.Contains(collectionId)) return null;
            var collectionFolder = FolderOf(collectionId);
            if (!create && !System.IO.Directory.Exists(collectionFolder)) return null;
            System.IO.Directory.CreateDirectory(collectionFolder);
            return open[collectionId] = new CollectionKeywordIndex(collectionFolder, analyzer, similarity);
        }
    }

    private string FolderOf(Guid collectionId) => Path.Combine(folder, ChunkFields.Key(collectionId));

    private static Term DocumentTerm(Guid documentId) => new(ChunkFields.DocumentId, ChunkFields.Key(documentId));

    public void Dispose()
    {
        CollectionKeywordIndex[] indexes;
        lock (gate)
        {
            if (disposed) return;
            disposed = true;
            indexes = [.. open.Values];
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
