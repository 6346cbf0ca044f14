using System.Numerics.Tensors;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Logging;
using Rag.Core.Answering;
using Rag.Core.Domain;
using Rag.Core.Embedding;
using Rag.Core.Retrieval;
using Rag.Core.Text;

namespace Rag.Infrastructure.Vectors;

/// <summary>The configured embedding model together with the vector index of its vectors. Each model fingerprint
/// has its own index, so vectors of two models never share one. Passages are embedded through the shared
/// <see cref="EmbeddingBatcher"/> (batched with other documents' passages), queries directly.</summary>
public sealed class SemanticIndex(IEmbeddingGenerator<string, Embedding<float>> generator, EmbeddingBatcher passages, IVectorIndex index,
    SentenceVectorStore sentences, string fingerprint, ILogger<SemanticIndex> logger) : IAsyncDisposable
{
    private const int ProgressBatch = 64;

    public string Fingerprint { get; } = fingerprint;
    public IVectorIndex Index { get; } = index;

    /// <summary>Embeds the chunks (as passages) and makes them the document's only vectors. Their sentences not seen
    /// before are embedded afterwards, while the encoder has no document's passages to embed (the document is ready
    /// without waiting for them), so that asks about the document compare sentences without an encoder pass.</summary>
    public async Task ReplaceDocumentAsync(Guid collectionId, Guid documentId, IReadOnlyList<Chunk> chunks, IProgress<(int Done, int Total)> progress, CancellationToken cancellationToken)
    {
        var records = new List<VectorRecord>(chunks.Count);
        for (int start = 0; start < chunks.Count; start += ProgressBatch)
        {
            var batch = chunks.Skip(start).Take(ProgressBatch).ToList();
            var vectors = await passages.EmbedPassagesAsync(batch.Select(PassageText).ToList(), cancellationToken);
            records.AddRange(batch.Zip(vectors, (c, v) => new VectorRecord(c.Id, c.CollectionId, c.DocumentId, v)));
            progress.Report((records.Count, chunks.Count));
        }
        await Index.DeleteDocumentAsync(collectionId, documentId, cancellationToken);
        if (Index is IHybridVectorIndex hybrid)
            await hybrid.UpsertAsync(records, chunks.Select(PassageText).ToList(), cancellationToken);
        else
            await Index.UpsertAsync(records, cancellationToken);
        StoreSentenceVectorsWhenIdle(chunks.SelectMany(c => SentenceSplitter.Sentences(c.Text)).Where(AnswerCandidates.IsComparable));
    }

    private readonly CancellationTokenSource _stopping = new();
    private readonly Lock _sentenceWork = new();
    private Task _sentencesStored = Task.CompletedTask;

    /// <summary>Completes when the sentence vectors of every document replaced so far are stored (or given up on
    /// shutdown).</summary>
    public Task SentenceVectorsStored { get { lock (_sentenceWork) return _sentencesStored; } }

    private void StoreSentenceVectorsWhenIdle(IEnumerable<string> candidates)
    {
        var missing = candidates.Distinct(StringComparer.Ordinal).Where(s => !sentences.Contains(s)).ToList();
        if (missing.Count == 0) return;
        var stored = StoreSentenceVectorsAsync(missing);
        lock (_sentenceWork) _sentencesStored = Task.WhenAll(_sentencesStored, stored);
    }

    private async Task StoreSentenceVectorsAsync(List<string> missing)
    {
        try
        {
            var vectors = await passages.EmbedWhenIdleAsync(missing, _stopping.Token);
            sentences.Add([.. missing.Zip(vectors)]);
        }
        catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException)
        {
            // Shutting down: an ask embeds the sentences it needs, and stores them, later.
        }
        catch (Exception e)
        {
            logger.LogWarning(e, "Storing the vectors of {Count} sentences failed; asks will embed the ones they need", missing.Count);
        }
    }

    /// <summary>When the sentence store has grown enough since it was last compacted (<see
    /// cref="SentenceVectorStore.CompactionDue"/>), drops the vectors of sentences that none of
    /// <paramref name="chunkTexts"/> (every chunk stored) holds any more; null when it was not due.</summary>
    public async Task<int?> CompactSentenceVectorsAsync(IAsyncEnumerable<string> chunkTexts, CancellationToken cancellationToken)
    {
        if (!sentences.CompactionDue) return null;
        var before = sentences.End;
        var live = new SentenceVectorStore.LiveSentences();
        await foreach (var text in chunkTexts.WithCancellation(cancellationToken))
            foreach (var sentence in SentenceSplitter.Sentences(text)) live.Add(sentence);
        return sentences.Compact(before, live);
    }

    /// <summary>Whether the index fuses keyword and vector rankings itself (<see cref="IHybridVectorIndex"/>).</summary>
    public bool FusesHybrid => Index is IHybridVectorIndex;

    /// <summary>Hybrid search done inside the index; only when <see cref="FusesHybrid"/>.</summary>
    public async Task<IReadOnlyList<ChunkHit>> HybridSearchAsync(Guid collectionId, string query, int top, int depth, Guid? documentId, CancellationToken cancellationToken)
    {
        var hybrid = Index as IHybridVectorIndex ?? throw new InvalidOperationException("This vector index does not fuse hybrid searches itself.");
        return await hybrid.HybridSearchAsync(collectionId, await QueryVectorAsync(query, cancellationToken), query, top, depth, documentId, cancellationToken);
    }

    public async Task<IReadOnlyList<ChunkHit>> SearchAsync(Guid collectionId, string query, int top, Guid? documentId, CancellationToken cancellationToken)
    {
        return await Index.SearchAsync(collectionId, await QueryVectorAsync(query, cancellationToken), top, documentId, cancellationToken);
    }

    /// <summary>The cosine similarity of the query to each sentence, from the sentence vectors stored at ingestion;
    /// a sentence without one (a document ingested before they were stored) is embedded now, once, and stored. The
    /// query's vector is usually still cached from retrieving for it.</summary>
    public async Task<float[]> CompareAsync(string query, IReadOnlyList<string> candidates, CancellationToken cancellationToken)
    {
        var question = await QueryVectorAsync(query, cancellationToken);
        var vectors = new Dictionary<string, ReadOnlyMemory<float>>(StringComparer.Ordinal);
        foreach (var sentence in candidates)
            if (sentences.TryGet(sentence, out var stored)) vectors[sentence] = stored;
        var missing = candidates.Where(s => !vectors.ContainsKey(s)).Distinct(StringComparer.Ordinal).ToList();
        if (missing.Count > 0)
        {
            var embeddings = await generator.GenerateAsync(missing, cancellationToken: cancellationToken);
            foreach (var (sentence, embedding) in missing.Zip(embeddings)) vectors[sentence] = embedding.Vector;
            sentences.Add([.. missing.Select(s => (s, vectors[s]))]);
        }
        return [.. candidates.Select(s => Cosine(question.Span, vectors[s].Span))];
    }

    /// <summary>An ask retrieves for its question and then compares the question with sentences: one encoder pass for
    /// the question serves both.</summary>
    private readonly VectorCache _queryVectors = new(capacity: 256);

    private async Task<ReadOnlyMemory<float>> QueryVectorAsync(string query, CancellationToken cancellationToken)
    {
        if (_queryVectors.TryGet(query, out var cached)) return cached;
        var vector = (await generator.GenerateAsync([query], EmbeddingPurpose.ForQuery(), cancellationToken))[0].Vector;
        _queryVectors.Add(query, vector);
        return vector;
    }

    private static float Cosine(ReadOnlySpan<float> a, ReadOnlySpan<float> b)
    {
        var norms = MathF.Sqrt(TensorPrimitives.Dot(a, a) * TensorPrimitives.Dot(b, b));
        return norms == 0 ? 0 : TensorPrimitives.Dot(a, b) / norms;
    }

    private static string PassageText(Chunk chunk) => chunk.Heading is null ? chunk.Text : $"{chunk.Heading}\n{chunk.Text}";

    /// <summary>Stops the batcher and closes the vector index (the encoder belongs to its provider).</summary>
    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync();
        await SentenceVectorsStored;
        _stopping.Dispose();
        await passages.DisposeAsync();
        (Index as IDisposable)?.Dispose();
        sentences.Dispose();
    }
}
