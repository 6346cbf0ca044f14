using System.Collections.Concurrent;
using Lucene.Net.Index;
using Lucene.Net.Search;
using Lucene.Net.Search.Similarities;
using Lucene.Net.Store;
using Rag.Core.Domain;
using Rag.Core.Retrieval;
using LuceneDirectory = Lucene.Net.Store.Directory;

namespace Rag.Infrastructure.Keyword;

/// <summary>
/// BM25 keyword index of chunks, persisted in a folder with Lucene.Net. Every write is committed before it returns
/// (a crash never loses acknowledged work) and is visible to the next search; concurrent writes share one commit. Searches may run
/// concurrently with each other and with writes; writes are serialised.
/// </summary>
public sealed class LuceneKeywordIndex : IKeywordIndex, IDisposable, IAsyncDisposable
{
    /// <summary>BM25 parameters tuned on the SciFact training queries.</summary>
    public const float DefaultK1 = 0.9f;
    public const float DefaultB = 0.4f;

    private readonly MultilingualAnalyzer analyzer = new();
    private readonly LuceneDirectory directory;
    private readonly IndexWriter writer;
    private readonly SearcherManager searchers;
    private readonly SemaphoreSlim writeLock = new(1, 1);
    private readonly ConcurrentQueue<PendingWrite> pendingWrites = new();
    private bool disposed;

    public LuceneKeywordIndex(string indexDirectory, float k1 = DefaultK1, float b = DefaultB)
    {
        System.IO.Directory.CreateDirectory(indexDirectory);
        var similarity = new BM25Similarity(k1, b);
        directory = FSDirectory.Open(indexDirectory);
        writer = new IndexWriter(directory, new IndexWriterConfig(MultilingualAnalyzer.Version, analyzer)
        {
            OpenMode = OpenMode.CREATE_OR_APPEND,
            Similarity = similarity,
        });
        searchers = new SearcherManager(writer, applyAllDeletes: true, new Bm25SearcherFactory(similarity));
    }

    public Task UpsertAsync(IReadOnlyList<Chunk> chunks, CancellationToken cancellationToken = default) =>
        WriteAsync(w =>
        {
            foreach (var chunk in chunks)
                w.UpdateDocument(new Term(ChunkFields.ChunkId, ChunkFields.Key(chunk.Id)), ChunkFields.ToDocument(chunk));
        }, cancellationToken);

    public Task ReplaceDocumentAsync(Guid documentId, IReadOnlyList<Chunk> chunks, CancellationToken cancellationToken = default) =>
        WriteAsync(w =>
        {
            w.DeleteDocuments(new Term(ChunkFields.DocumentId, ChunkFields.Key(documentId)));
            w.AddDocuments(chunks.Select(ChunkFields.ToDocument));
        }, cancellationToken);

    public Task DeleteDocumentAsync(Guid documentId, CancellationToken cancellationToken = default) =>
        WriteAsync(w => w.DeleteDocuments(new Term(ChunkFields.DocumentId, ChunkFields.Key(documentId))), cancellationToken);

    public Task DeleteCollectionAsync(Guid collectionId, CancellationToken cancellationToken = default) =>
        WriteAsync(w => w.DeleteDocuments(new Term(ChunkFields.CollectionId, ChunkFields.Key(collectionId))), cancellationToken);

    public Task<IReadOnlyList<ChunkHit>> SearchAsync(Guid collectionId, string query, int top, Guid? documentId = null, CancellationToken cancellationToken = default)
    {
        ObjectDisposedException.ThrowIf(disposed, this);
        cancellationToken.ThrowIfCancellationRequested();
        var terms = KeywordQueryBuilder.Build(analyzer, ChunkFields.Text, query);
        if (terms is null || top <= 0)
            return Task.FromResult<IReadOnlyList<ChunkHit>>([]);

        var searcher = searchers.Acquire();
        try
        {
            var topDocs = searcher.Search(terms, ScopeFilter(collectionId, documentId), top);
            var hits = new ChunkHit[topDocs.ScoreDocs.Length];
            for (var i = 0; i < hits.Length; i++)
            {
                var scoreDoc = topDocs.ScoreDocs[i];
                var chunkId = searcher.Doc(scoreDoc.Doc, ChunkIdOnly).Get(ChunkFields.ChunkId);
                hits[i] = new ChunkHit(Guid.ParseExact(chunkId, "N"), scoreDoc.Score);
            }
            return Task.FromResult<IReadOnlyList<ChunkHit>>(hits);
        }
        finally
        {
            searchers.Release(searcher);
        }
    }

    public Task<int> CountAsync(Guid collectionId, Guid? documentId = null, CancellationToken cancellationToken = default)
    {
        ObjectDisposedException.ThrowIf(disposed, this);
        cancellationToken.ThrowIfCancellationRequested();
        var searcher = searchers.Acquire();
        try
        {
            var counter = new TotalHitCountCollector();
            searcher.Search(new MatchAllDocsQuery(), ScopeFilter(collectionId, documentId), counter);
            return Task.FromResult(counter.TotalHits);
        }
        finally
        {
            searchers.Release(searcher);
        }
    }

    private static readonly ISet<string> ChunkIdOnly = new HashSet<string> { ChunkFields.ChunkId };

    private static Filter ScopeFilter(Guid collectionId, Guid? documentId)
    {
        var scope = new BooleanQuery
        {
            { new TermQuery(new Term(ChunkFields.CollectionId, ChunkFields.Key(collectionId))), Occur.MUST },
        };
        if (documentId is { } id)
            scope.Add(new TermQuery(new Term(ChunkFields.DocumentId, ChunkFields.Key(id))), Occur.MUST);
        return new QueryWrapperFilter(scope);
    }

    /// <summary>Group commit: writes that arrive while another commit runs are applied together and made durable by
    /// one commit, so concurrent ingestion costs one commit per group rather than one per document. Each caller still
    /// returns only once its own write is committed. Once queued, a write is not cancelled (it may already be applied).</summary>
    private async Task WriteAsync(Action<IndexWriter> write, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var mine = new PendingWrite(write);
        pendingWrites.Enqueue(mine);
        await writeLock.WaitAsync(CancellationToken.None);
        try
        {
            if (!mine.Committed.Task.IsCompleted) CommitPending();
        }
        finally
        {
            writeLock.Release();
        }
        await mine.Committed.Task;
    }

    private void CommitPending()
    {
        var group = new List<PendingWrite>();
        while (pendingWrites.TryDequeue(out var pending)) group.Add(pending);
        try
        {
            ObjectDisposedException.ThrowIf(disposed, this);
            foreach (var pending in group)
            {
                try
                {
                    pending.Write(writer);
                }
                catch (Exception e)
                {
                    pending.Committed.TrySetException(e);
                }
            }
            writer.Commit();
            searchers.MaybeRefreshBlocking();
            foreach (var pending in group) pending.Committed.TrySetResult();
        }
        catch (Exception e)
        {
            foreach (var pending in group) pending.Committed.TrySetException(e);
        }
    }

    private sealed record PendingWrite(Action<IndexWriter> Write)
    {
        public TaskCompletionSource Committed { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }

    public void Dispose()
    {
        writeLock.Wait();
        try
        {
            if (disposed)
                return;
            disposed = true;
            searchers.Dispose();
            writer.Dispose();
            directory.Dispose();
            analyzer.Dispose();
        }
        finally
        {
            writeLock.Release();
        }
    }

    public ValueTask DisposeAsync()
    {
        Dispose();
        return ValueTask.CompletedTask;
    }

    private sealed class Bm25SearcherFactory(Similarity similarity) : SearcherFactory
    {
        public override IndexSearcher NewSearcher(IndexReader reader) => new(reader) { Similarity = similarity };
    }
}
