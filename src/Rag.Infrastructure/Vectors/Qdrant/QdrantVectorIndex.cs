using System.Collections.Concurrent;
using Grpc.Core;
using Microsoft.Extensions.Logging;
using Polly;
using Polly.Retry;
using Qdrant.Client;
using Qdrant.Client.Grpc;
using Rag.Core.Retrieval;
using ClientException = Qdrant.Client.QdrantException;
using GrpcSparseVectorConfig = Qdrant.Client.Grpc.SparseVectorConfig;

namespace Rag.Infrastructure.Vectors.Qdrant;

/// <summary>
/// Vectors in Qdrant, through the official <c>Qdrant.Client</c> (gRPC). Each of our collections gets its own Qdrant
/// collection per embedding model (<c>{prefix}_{fingerprint}_{collection id}</c>), created on first write: vectors of
/// two models never meet, a collection is dropped in one request, and the IDF statistics behind keyword scores are the
/// collection's own, so one collection's text cannot shift another's ranking. Points are chunks (point id = chunk id)
/// with a dense vector, a BM25 sparse vector when the text is known, and the payload {collection_id, document_id, chunk_id}.
/// Every call goes through one resilience pipeline (retries of transient gRPC failures with exponential backoff) and
/// carries a deadline of <see cref="QdrantOptions.RequestTimeout"/> per attempt; failures surface as <see cref="QdrantException"/>.
/// </summary>
public sealed class QdrantVectorIndex : IHybridVectorIndex, IDisposable
{
    public const string DenseVector = "dense";
    public const string SparseVectorName = "text";
    public const string CollectionIdField = "collection_id";
    public const string DocumentIdField = "document_id";
    public const string ChunkIdField = "chunk_id";

    private readonly QdrantClient _client;
    private readonly ResiliencePipeline _pipeline;
    private readonly QdrantOptions _options;
    private readonly int _dimension;
    private readonly string _namePrefix;
    private readonly Bm25SparseEncoder _encoder;
    private readonly ConcurrentDictionary<string, Lazy<Task>> _existing = new();

    public QdrantVectorIndex(QdrantOptions options, string fingerprint, int dimension, ILoggerFactory? loggerFactory = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(dimension);
        options.Validate();
        if (string.IsNullOrEmpty(fingerprint) || !fingerprint.All(char.IsAsciiLetterOrDigit))
            throw new ArgumentException($"A model fingerprint is ASCII letters and digits, not '{fingerprint}'.", nameof(fingerprint));
        _options = options;
        _dimension = dimension;
        _namePrefix = $"{options.CollectionPrefix}_{fingerprint}_";
        _encoder = new Bm25SparseEncoder(options.AverageChunkTerms);
        _pipeline = CreatePipeline(options);
        _client = new QdrantClient(options.GrpcAddress(), string.IsNullOrEmpty(options.ApiKey) ? null : options.ApiKey,
            options.RequestTimeout, loggerFactory);
    }

    /// <summary>The gRPC failures worth another attempt: the server was unreachable, overloaded or too slow, or failed inside.</summary>
    public static bool IsTransient(StatusCode status) =>
        status is StatusCode.Unavailable or StatusCode.DeadlineExceeded or StatusCode.ResourceExhausted or StatusCode.Internal;

    /// <summary>The one pipeline every call runs through: up to <see cref="QdrantOptions.MaxRetries"/> further attempts after a
    /// transient failure, waiting <see cref="QdrantOptions.InitialBackoff"/>, then twice as long each time.</summary>
    public static ResiliencePipeline CreatePipeline(QdrantOptions options)
    {
        var builder = new ResiliencePipelineBuilder();
        if (options.MaxRetries > 0)
            builder.AddRetry(new RetryStrategyOptions
            {
                ShouldHandle = new PredicateBuilder().Handle<RpcException>(e => IsTransient(e.StatusCode)),
                MaxRetryAttempts = options.MaxRetries,
                BackoffType = DelayBackoffType.Exponential,
                Delay = options.InitialBackoff,
                UseJitter = false,
            });
        return builder.Build();
    }

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

    /// <summary>Deletes the document's points from its collection's Qdrant collection (nothing to do when there is none).</summary>
    public Task DeleteDocumentAsync(Guid collectionId, Guid documentId, CancellationToken cancellationToken = default)
    {
        var name = CollectionName(collectionId);
        return CallAsync("delete points of a document", name,
            token => _client.DeleteAsync(name, Conditions.MatchKeyword(DocumentIdField, documentId.ToString("D")), wait: true, cancellationToken: token),
            cancellationToken, StatusCode.NotFound);
    }

    public async Task DeleteCollectionAsync(Guid collectionId, CancellationToken cancellationToken = default)
    {
        var name = CollectionName(collectionId);
        _existing.TryRemove(name, out _);
        try
        {
            await CallAsync("delete collection", name, token => _client.DeleteCollectionAsync(name, cancellationToken: token),
                cancellationToken, StatusCode.NotFound);
        }
        catch (QdrantException e) when (e.InnerException is ClientException)
        {
            // Qdrant answered "not deleted": there was no such collection.
        }
    }

    public async Task<IReadOnlyList<ChunkHit>> SearchAsync(Guid collectionId, ReadOnlyMemory<float> query, int top, Guid? documentId = null, CancellationToken cancellationToken = default)
    {
        EnsureDimension(query, nameof(query));
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(top);
        var name = CollectionName(collectionId);
        var vector = query.ToArray();
        var points = await CallAsync("query", name, token => _client.QueryAsync(name, query: vector, usingVector: DenseVector,
            filter: Filter(collectionId, documentId), limit: (ulong)top, payloadSelector: false, cancellationToken: token),
            cancellationToken, StatusCode.NotFound);
        return Hits(points);
    }

    public async Task<IReadOnlyList<ChunkHit>> HybridSearchAsync(Guid collectionId, ReadOnlyMemory<float> query, string queryText, int top, int depth,
        Guid? documentId = null, CancellationToken cancellationToken = default)
    {
        EnsureDimension(query, nameof(query));
        ArgumentNullException.ThrowIfNull(queryText);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(top);
        ArgumentOutOfRangeException.ThrowIfLessThan(depth, top);
        var name = CollectionName(collectionId);
        var terms = _encoder.EncodeQuery(queryText);
        var prefetch = new List<PrefetchQuery>
        {
            new() { Query = query.ToArray(), Using = DenseVector, Filter = Filter(collectionId, documentId), Limit = (ulong)depth },
        };
        if (!terms.IsEmpty)
            prefetch.Add(new PrefetchQuery { Query = (terms.Values, terms.Indices), Using = SparseVectorName, Filter = Filter(collectionId, documentId), Limit = (ulong)depth });
        var points = await CallAsync("hybrid query", name, token => _client.QueryAsync(name, query: Fusion.Rrf, prefetch: prefetch,
            filter: Filter(collectionId, documentId), limit: (ulong)top, payloadSelector: false, cancellationToken: token),
            cancellationToken, StatusCode.NotFound);
        return Hits(points);
    }

    public async Task<int> CountAsync(Guid collectionId, Guid? documentId = null, CancellationToken cancellationToken = default)
    {
        var name = CollectionName(collectionId);
        var count = await CallAsync("count", name, token => _client.CountAsync(name, Filter(collectionId, documentId), exact: true, cancellationToken: token),
            cancellationToken, StatusCode.NotFound);
        return checked((int)count);
    }

    public void Dispose() => _client.Dispose();

    private async Task UpsertPointsAsync(IReadOnlyList<VectorRecord> records, IReadOnlyList<string>? texts, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(records);
        foreach (var record in records)
        {
            ArgumentNullException.ThrowIfNull(record, nameof(records));
            EnsureDimension(record.Vector, nameof(records));
        }
        var points = records.Select((record, i) => (record.CollectionId, Point: Point(record, texts is null ? null : _encoder.EncodeDocument(texts[i]))));
        foreach (var collection in points.GroupBy(point => point.CollectionId, point => point.Point))
        {
            var name = CollectionName(collection.Key);
            await EnsureCollectionAsync(name, cancellationToken);
            foreach (var batch in collection.Chunk(_options.UpsertBatchSize))
                await UpsertBatchAsync(name, batch, cancellationToken);
        }
    }

    private async Task UpsertBatchAsync(string name, PointStruct[] batch, CancellationToken cancellationToken)
    {
        try
        {
            await CallAsync("upsert", name, token => _client.UpsertAsync(name, batch, wait: true, cancellationToken: token), cancellationToken);
        }
        catch (QdrantException e) when (e.StatusCode == StatusCode.NotFound)
        {
            // Dropped behind this process's back (another replica deleted the collection): create it again.
            _existing.TryRemove(name, out _);
            await EnsureCollectionAsync(name, cancellationToken);
            await CallAsync("upsert", name, token => _client.UpsertAsync(name, batch, wait: true, cancellationToken: token), cancellationToken);
        }
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
        if (await CallAsync("check collection", name, token => _client.CollectionExistsAsync(name, token), cancellationToken))
            return;
        // AlreadyExists: another replica created it a moment ago, which is just as good.
        await CallAsync("create collection", name, token => _client.CreateCollectionAsync(CreateCollection(name), token),
            cancellationToken, StatusCode.AlreadyExists);
        foreach (var field in new[] { CollectionIdField, DocumentIdField })
            await CallAsync($"create payload index {field}", name,
                token => _client.CreatePayloadIndexAsync(name, field, PayloadSchemaType.Keyword, wait: true, cancellationToken: token), cancellationToken);
    }

    /// <summary>A named dense vector (cosine) and a named sparse vector whose weights Qdrant multiplies by IDF; with
    /// <c>int8</c>, scalar quantization kept in RAM (the originals rescore the candidates).</summary>
    private CreateCollection CreateCollection(string name)
    {
        var request = new CreateCollection
        {
            CollectionName = name,
            VectorsConfig = new VectorsConfig
            {
                ParamsMap = new VectorParamsMap { Map = { [DenseVector] = new VectorParams { Size = (ulong)_dimension, Distance = Distance.Cosine } } },
            },
            SparseVectorsConfig = new GrpcSparseVectorConfig { Map = { [SparseVectorName] = new SparseVectorParams { Modifier = Modifier.Idf } } },
        };
        if (_options.Quantization == QdrantOptions.ScalarInt8)
            request.QuantizationConfig = new QuantizationConfig
            {
                Scalar = new ScalarQuantization
                {
                    Type = QuantizationType.Int8,
                    Quantile = 0.99f,
                    Memory = Memory.Pinned,
#pragma warning disable CS0612 // Servers before the `memory` placement read only `always_ram`; newer ones let `memory` win.
                    AlwaysRam = true,
#pragma warning restore CS0612
                },
            };
        return request;
    }

    private static PointStruct Point(VectorRecord record, SparseVector? terms)
    {
        var vectors = new Dictionary<string, Vector> { [DenseVector] = record.Vector.ToArray() };
        if (terms is { IsEmpty: false })
            vectors[SparseVectorName] = (terms.Values, terms.Indices);
        return new PointStruct
        {
            Id = record.ChunkId,
            Vectors = vectors,
            Payload =
            {
                [CollectionIdField] = record.CollectionId.ToString("D"),
                [DocumentIdField] = record.DocumentId.ToString("D"),
                [ChunkIdField] = record.ChunkId.ToString("D"),
            },
        };
    }

    private static Filter Filter(Guid collectionId, Guid? documentId)
    {
        var filter = new Filter { Must = { Conditions.MatchKeyword(CollectionIdField, collectionId.ToString("D")) } };
        if (documentId is { } document)
            filter.Must.Add(Conditions.MatchKeyword(DocumentIdField, document.ToString("D")));
        return filter;
    }

    private static List<ChunkHit> Hits(IReadOnlyList<ScoredPoint>? points) =>
        points?.Select(point => new ChunkHit(Guid.Parse(point.Id.Uuid), point.Score)).ToList() ?? [];

    private Task CallAsync(string operation, string collection, Func<CancellationToken, Task> call, CancellationToken cancellationToken,
        params StatusCode[] tolerated) =>
        CallAsync<bool>(operation, collection, async token =>
        {
            await call(token);
            return true;
        }, cancellationToken, tolerated);

    /// <summary>Runs one client call through the pipeline. A status in <paramref name="tolerated"/> (e.g. NotFound for
    /// "no such collection") gives the default value; any other failure a <see cref="QdrantException"/> saying what
    /// was asked of which collection, how many attempts were made and what Qdrant answered.</summary>
    private async Task<T?> CallAsync<T>(string operation, string collection, Func<CancellationToken, Task<T>> call, CancellationToken cancellationToken,
        params StatusCode[] tolerated)
    {
        var attempts = 0;
        try
        {
            return await _pipeline.ExecuteAsync(async token =>
            {
                Interlocked.Increment(ref attempts);
                return await call(token);
            }, cancellationToken);
        }
        catch (RpcException e) when (tolerated.Contains(e.StatusCode))
        {
            return default;
        }
        catch (RpcException e) when (e.StatusCode == StatusCode.Cancelled && cancellationToken.IsCancellationRequested)
        {
            throw new OperationCanceledException(e.Message, e, cancellationToken);
        }
        catch (RpcException e)
        {
            throw new QdrantException(Describe(operation, collection, attempts, Failure(e)), e.StatusCode, e);
        }
        catch (ClientException e)
        {
            throw new QdrantException(Describe(operation, collection, attempts, e.Message), StatusCode.Unknown, e);
        }
    }

    private string Failure(RpcException e) => e.StatusCode switch
    {
        StatusCode.DeadlineExceeded => $"no answer within {_options.RequestTimeout.TotalSeconds:0.###} s (DeadlineExceeded)",
        _ when string.IsNullOrEmpty(e.Status.Detail) => e.StatusCode.ToString(),
        _ => $"{e.StatusCode}: {e.Status.Detail}",
    };

    private string Describe(string operation, string collection, int attempts, string failure) =>
        $"Qdrant {operation} on '{collection}' at {_options.GrpcAddress()} failed{(attempts > 1 ? $" after {attempts} attempts" : "")}: {failure}";

    private void EnsureDimension(ReadOnlyMemory<float> vector, string parameterName)
    {
        if (vector.Length != _dimension)
            throw new ArgumentException($"Vector has dimension {vector.Length}; this index holds vectors of dimension {_dimension}.", parameterName);
    }
}
