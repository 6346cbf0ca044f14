using System.Collections.Concurrent;
using Lucene.Net.Index;
using Lucene.Net.Search.Similarities;
using Lucene.Net.Search;
using Lucene.Net.Store;
using Rag.Core.Retrieval;
using LuceneDirectory = Lucene.Net.Store.Directory;

namespace Rag.Infrastructure.Keyword;

/// <summary>
/// One collection's Lucene index, in a folder of its own, so that BM25's statistics (document frequencies, average
/// length) are those of this collection alone. Every write is committed before it returns (a crash never loses
/// acknowledged work) and is visible to the next search; concurrent writes share one commit. Searches may run
/// concurrently with each other and with writes; writes are serialised.
/// </summary>
internal sealed class CollectionKeywordIndex : IDisposable
{
    private static readonly ISet<string> ChunkIdOnly = new HashSet<string> { ChunkFields.ChunkId };

    private readonly MultilingualAnalyzer analyzer;
    private readonly LuceneDirectory directory;
    private readonly IndexWriter writer;
    private readonly SearcherManager searchers;
    private readonly SemaphoreSlim writeLock = new(1, 1);
    private readonly ConcurrentQueue<PendingWrite> pendingWrites = new();
    private bool disposed;

    public CollectionKeywordIndex(string folder, MultilingualAnalyzer analyzer, Similarity similarity)
    {
        this.analyzer = analyzer;
        directory = FSDirectory.Open(folder);
        writer = new IndexWriter(directory, WriterConfig(analyzer, similarity));
        searchers = new SearcherManager(writer, applyAllDeletes: true, new Bm25SearcherFactory(similarity));
    }

    internal static IndexWriterConfig WriterConfig(MultilingualAnalyzer analyzer, Similarity similarity) =>
        new(MultilingualAnalyzer.Version, analyzer) { OpenMode = OpenMode.CREATE_OR_APPEND, Similarity = similarity };

    public IReadOnlyList<ChunkHit> Search(Query terms, int top, Guid? documentId)
    {
        ObjectDisposedException.ThrowIf(disposed, this);
        var searcher = searchers.Acquire();
        try
        {
            var topDocs = searcher.Search(terms, DocumentFilter(documentId), top);
            var hits = new ChunkHit[topDocs.ScoreDocs.Length];
            for (var i = 0; i < hits.Length; i++)
            {
                var scoreDoc = topDocs.ScoreDocs[i];
                var chunkId = searcher.Doc(scoreDoc.Doc, ChunkIdOnly).Get(ChunkFields.ChunkId);
                hits[i] = new ChunkHit(Guid.ParseExact(chunkId, "N"), scoreDoc.Score);
            }
            return hits;
        }
        finally
        {
            searchers.Release(searcher);
        }
    }

    /// <summary>How many chunks hold the analysed term.</summary>
    public int DocumentFrequency(string field, string term)
    {
        ObjectDisposedException.ThrowIf(disposed, this);
        var searcher = searchers.Acquire();
        try
        {
            return searcher.IndexReader.DocFreq(new Term(field, term));
        }
        finally
        {
            searchers.Release(searcher);
        }
    }

    public int Count(Guid? documentId)
    {
        ObjectDisposedException.ThrowIf(disposed, this);
        var searcher = searchers.Acquire();
        try
        {
            if (documentId is null) return searcher.IndexReader.NumDocs;
            var counter = new TotalHitCountCollector();
            searcher.Search(new MatchAllDocsQuery(), DocumentFilter(documentId), counter);
            return counter.TotalHits;
        }
        finally
        {
            searchers.Release(searcher);
        }
    }

    private static Filter? DocumentFilter(Guid? documentId) => documentId is { } id
        ? new QueryWrapperFilter(new TermQuery(new Term(ChunkFields.DocumentId, ChunkFields.Key(id))))
        : null;

    /// <summary>Group commit: writes that arrive while another commit runs are applied together and made durable by
    /// one commit, so concurrent ingestion costs one commit per group rather than one per document. Each caller still
    /// returns only once its own write is committed. Once queued, a write is not cancelled (it may already be applied).</summary>
    public async Task WriteAsync(Action<IndexWriter> write, CancellationToken cancellationToken)
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

    /// <summary>Waits for the write in progress; later writes fail with <see cref="ObjectDisposedException"/>.</summary>
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
        }
        finally
        {
            writeLock.Release();
        }
    }

    private sealed class Bm25SearcherFactory(Similarity similarity) : SearcherFactory
    {
        public override IndexSearcher NewSearcher(IndexReader reader) => new(reader) { Similarity = similarity };
    }
}
