using System.Collections.Concurrent;
using System.Net;
using System.Text.Json.Nodes;
using Rag.Core.Retrieval;

namespace Rag.Infrastructure.Vectors.Qdrant;

/// <summary>
/// Vectors in Qdrant, through its REST API. Each of our collections gets its own Qdrant collection per embedding
/// model (<c>{prefix}_{fingerprint}_{collection id}</c>), created on first write: vectors of two models never meet,
/// a collection is dropped in one request, and the IDF statistics behind keyword scores are the collection's own,
/// so one collection's text cannot shift another's ranking. Points are chunks (point id = chunk id) with a dense
/// vector, a BM25 sparse vector when the text is known, and the payload {collection_id, document_id, chunk_id}.
/// </summary>
public sealed class QdrantVectorIndex : IHybridVectorIndex, IDisposable
{
    private readonly QdrantHttp _qdrant;
    private readonly HttpClient? _ownedClient;
    private readonly QdrantOptions _options;
    private readonly int _dimension;
    private readonly string _namePrefix;
    private readonly Bm25SparseEncoder _encoder;
    private readonly ConcurrentDictionary<string, Lazy<Task>> _existing = new();

    public QdrantVectorIndex(HttpClient http, QdrantOptions options, string fingerprint, int dimension)
        : this(http, options, fingerprint, dimension, ownsClient: false)
    {
    }

    private QdrantVectorIndex(HttpClient http, QdrantOptions options, string fingerprint, int dimension, bool ownsClient)
    {
        ArgumentNullException.ThrowIfNull(http);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(dimension);
        options.Validate();
        if (string.IsNullOrEmpty(fingerprint) || !fingerprint.All(char.IsAsciiLetterOrDigit))
            throw new ArgumentException($"A model fingerprint is ASCII letters and digits, not '{fingerprint}'.", nameof(fingerprint));
        _qdrant = new QdrantHttp(http, options);
        _ownedClient = ownsClient ? http : null;
        _options = options;
        _dimension = dimension;
        _namePrefix = $"{options.CollectionPrefix}_{fingerprint}_";
        _encoder = new Bm25SparseEncoder(options.AverageChunkTerms);
    }

    /// <summary>An index with its own HTTP client (timeouts are per request, so the client itself never times out).</summary>
    public static QdrantVectorIndex Connect(QdrantOptions options, string fingerprint, int dimension) =>
        new(new HttpClient(new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(5) }) { Timeout = Timeout.InfiniteTimeSpan },
            options, fingerprint, dimension, ownsClient: true);

    public string CollectionName(Guid collectionId) => _namePrefix + collectionId.ToString("N");

    public Task UpsertAsync(IReadOnlyList<VectorRecord> records, CancellationToken cancellationToken = default) =>
        UpsertPointsAsync(records, null, cancellationToken);

    public Task UpsertAsync(IReadOnlyList<VectorRecord> records, IReadOnlyList<string> texts, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(texts);
        if (texts.Count != (records?.Count ?? 0))
            throw new ArgumentException($"{texts.Count} texts for {records?.Count ?? 0} records.", nameof(texts));
        return UpsertPointsAsync(records!, texts, cancellationToken);
    }

    /// <summary>The interface names no collection, so the document's points are deleted from every collection of this model.</summary>
    public async Task DeleteDocumentAsync(Guid documentId, CancellationToken cancellationToken = default)
    {
        var body = QdrantRequests.DeleteDocument(documentId);
        foreach (var name in await OwnCollectionsAsync(cancellationToken))
            await _qdrant.SendAsync(HttpMethod.Post, $"collections/{name}/points/delete?wait=true", body, cancellationToken, HttpStatusCode.NotFound);
    }

    public async Task DeleteCollectionAsync(Guid collectionId, CancellationToken cancellationToken = default)
    {
        var name = CollectionName(collectionId);
        _existing.TryRemove(name, out _);
        await _qdrant.SendAsync(HttpMethod.Delete, $"collections/{name}", null, cancellationToken, HttpStatusCode.NotFound);
    }

    public async Task<IReadOnlyList<ChunkHit>> SearchAsync(Guid collectionId, ReadOnlyMemory<float> query, int top, Guid? documentId = null, CancellationToken cancellationToken = default)
    {
        EnsureDimension(query, nameof(query));
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(top);
        return await QueryAsync(collectionId, QdrantRequests.Search(collectionId, query, top, documentId), cancellationToken);
    }

    public async Task<IReadOnlyList<ChunkHit>> HybridSearchAsync(Guid collectionId, ReadOnlyMemory<float> query, string queryText, int top, int depth,
        Guid? documentId = null, CancellationToken cancellationToken = default)
    {
        EnsureDimension(query, nameof(query));
        ArgumentNullException.ThrowIfNull(queryText);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(top);
        ArgumentOutOfRangeException.ThrowIfLessThan(depth, top);
        var body = QdrantRequests.HybridSearch(collectionId, query, _encoder.EncodeQuery(queryText), top, depth, documentId);
        return await QueryAsync(collectionId, body, cancellationToken);
    }

    public async Task<int> CountAsync(Guid collectionId, Guid? documentId = null, CancellationToken cancellationToken = default)
    {
        var path = $"collections/{CollectionName(collectionId)}/points/count";
        var result = await _qdrant.SendAsync(HttpMethod.Post, path, QdrantRequests.Count(collectionId, documentId), cancellationToken, HttpStatusCode.NotFound);
        return result?["count"]?.GetValue<int>() ?? 0;
    }

    public void Dispose() => _ownedClient?.Dispose();

    private async Task UpsertPointsAsync(IReadOnlyList<VectorRecord> records, IReadOnlyList<string>? texts, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(records);
        foreach (var record in records)
        {
            ArgumentNullException.ThrowIfNull(record, nameof(records));
            EnsureDimension(record.Vector, nameof(records));
        }
        var points = records.Select((record, i) => (Record: record, Terms: texts is null ? null : _encoder.EncodeDocument(texts[i])));
        foreach (var collection in points.GroupBy(point => point.Record.CollectionId))
        {
            var name = CollectionName(collection.Key);
            await EnsureCollectionAsync(name, cancellationToken);
            foreach (var batch in collection.Chunk(_options.UpsertBatchSize))
                await UpsertBatchAsync(name, QdrantRequests.Upsert(batch), cancellationToken);
        }
    }

    private async Task UpsertBatchAsync(string name, JsonObject body, CancellationToken cancellationToken)
    {
        var path = $"collections/{name}/points?wait=true";
        if (await _qdrant.SendAsync(HttpMethod.Put, path, body, cancellationToken, HttpStatusCode.NotFound) is not null)
            return;
        // Dropped behind this process's back (another replica deleted the collection): create it again.
        _existing.TryRemove(name, out _);
        await EnsureCollectionAsync(name, cancellationToken);
        await _qdrant.SendAsync(HttpMethod.Put, path, body, cancellationToken);
    }

    private async Task<IReadOnlyList<ChunkHit>> QueryAsync(Guid collectionId, JsonObject body, CancellationToken cancellationToken)
    {
        var result = await _qdrant.SendAsync(HttpMethod.Post, $"collections/{CollectionName(collectionId)}/points/query", body, cancellationToken, HttpStatusCode.NotFound);
        if (result?["points"] is not JsonArray points)
            return [];
        return points.Select(point => new ChunkHit(Guid.Parse(point!["id"]!.GetValue<string>()), point["score"]!.GetValue<float>())).ToList();
    }

    /// <summary>Creates the collection and its payload indexes unless known to exist; once per collection and process.</summary>
    private async Task EnsureCollectionAsync(string name, CancellationToken cancellationToken)
    {
        var creation = _existing.GetOrAdd(name, _ => new Lazy<Task>(() => CreateIfMissingAsync(name, CancellationToken.None)));
        try
        {
            await creation.Value.WaitAsync(cancellationToken);
        }
        catch (Exception) when (creation.Value.IsFaulted)
        {
            _existing.TryRemove(KeyValuePair.Create(name, creation));
            throw;
        }
    }

    private async Task CreateIfMissingAsync(string name, CancellationToken cancellationToken)
    {
        var existence = await _qdrant.SendAsync(HttpMethod.Get, $"collections/{name}/exists", null, cancellationToken);
        if (existence?["exists"]?.GetValue<bool>() == true)
            return;
        // 409: another replica created it a moment ago, which is just as good.
        await _qdrant.SendAsync(HttpMethod.Put, $"collections/{name}", QdrantRequests.CreateCollection(_dimension, _options.Quantization), cancellationToken, HttpStatusCode.Conflict);
        foreach (var field in new[] { QdrantRequests.CollectionIdField, QdrantRequests.DocumentIdField })
            await _qdrant.SendAsync(HttpMethod.Put, $"collections/{name}/index?wait=true", QdrantRequests.KeywordIndex(field), cancellationToken);
    }

    private async Task<List<string>> OwnCollectionsAsync(CancellationToken cancellationToken)
    {
        var result = await _qdrant.SendAsync(HttpMethod.Get, "collections", null, cancellationToken);
        return (result?["collections"] as JsonArray ?? [])
            .Select(collection => collection?["name"]?.GetValue<string>())
            .OfType<string>()
            .Where(name => name.StartsWith(_namePrefix, StringComparison.Ordinal))
            .ToList();
    }

    private void EnsureDimension(ReadOnlyMemory<float> vector, string parameterName)
    {
        if (vector.Length != _dimension)
            throw new ArgumentException($"Vector has dimension {vector.Length}; this index holds vectors of dimension {_dimension}.", parameterName);
    }
}
