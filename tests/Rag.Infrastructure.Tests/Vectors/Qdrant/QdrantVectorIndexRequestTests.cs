using System.Diagnostics;
using Grpc.Core;
using Qdrant.Client.Grpc;
using Rag.Core.Retrieval;
using Rag.Infrastructure.Vectors.Qdrant;
using QdrantException = Rag.Infrastructure.Vectors.Qdrant.QdrantException;

namespace Rag.Infrastructure.Tests.Vectors.Qdrant;

/// <summary>The exact gRPC requests the adapter sends through Qdrant.Client, checked against an in-process stand-in
/// serving Qdrant's Collections and Points services.</summary>
public sealed class QdrantVectorIndexRequestTests : IAsyncLifetime
{
    private const string Fingerprint = "0123456789abcdef";
    private const int Dimension = 3;
    private static readonly Guid CollectionId = Guid.Parse("11111111-1111-1111-1111-111111111111");
    private static readonly Guid DocumentId = Guid.Parse("22222222-2222-2222-2222-222222222222");
    private static readonly string CollectionName = $"rag_{Fingerprint}_{CollectionId:N}";
    private QdrantStandIn _qdrant = null!;
    private readonly List<QdrantVectorIndex> _indexes = [];

    public async Task InitializeAsync() => _qdrant = await QdrantStandIn.StartAsync();

    public async Task DisposeAsync()
    {
        foreach (var index in _indexes)
            index.Dispose();
        await _qdrant.DisposeAsync();
    }

    private QdrantVectorIndex Index(Action<QdrantOptions>? configure = null)
    {
        var options = new QdrantOptions { Url = _qdrant.Url, ApiKey = "secret", InitialBackoff = TimeSpan.FromMilliseconds(10) };
        configure?.Invoke(options);
        var index = new QdrantVectorIndex(options, Fingerprint, Dimension);
        _indexes.Add(index);
        return index;
    }

    private static VectorRecord Record(int n) =>
        new(Guid.Parse($"00000000-0000-0000-0000-{n:D12}"), CollectionId, DocumentId, new[] { 0.6f, 0.8f, 0f });

    private IEnumerable<string> Methods => _qdrant.Calls.Select(call => call.Method);

    private static Condition Match(string field, Guid value) => Conditions.MatchKeyword(field, value.ToString("D"));

    private static Filter Must(params Condition[] conditions) => new() { Must = { conditions } };

    private static (uint[] Indices, float[] Values) Sparse(Vector vector) => vector.Sparse is { } sparse
        ? (sparse.Indices.ToArray(), sparse.Values.ToArray())
#pragma warning disable CS0612 // older clients send sparse vectors in the deprecated data/indices fields
        : (vector.Indices.Data.ToArray(), vector.Data.ToArray());
#pragma warning restore CS0612

    private static float[] Dense(Vector vector) => vector.Dense is { } dense ? dense.Data.ToArray()
#pragma warning disable CS0612
        : vector.Data.ToArray();
#pragma warning restore CS0612

    private static float[] Dense(VectorInput input) => input.Dense.Data.ToArray();

    [Fact]
    public async Task First_upsert_creates_the_collection_with_dense_and_idf_sparse_vectors_payload_indexes_and_int8_quantization()
    {
        await Index(o => o.Quantization = "int8").UpsertAsync([Record(1)]);

        Assert.Equal(["Collections/CollectionExists", "Collections/Create", "Points/CreateFieldIndex", "Points/CreateFieldIndex", "Points/Upsert"], Methods);
        var calls = _qdrant.Calls;
        Assert.Equal(CollectionName, calls[0].As<CollectionExistsRequest>().CollectionName);
        var create = calls[1].As<CreateCollection>();
        Assert.Equal(CollectionName, create.CollectionName);
        var dense = Assert.Single(create.VectorsConfig.ParamsMap.Map);
        Assert.Equal(("dense", 3ul, Distance.Cosine), (dense.Key, dense.Value.Size, dense.Value.Distance));
        var sparse = Assert.Single(create.SparseVectorsConfig.Map);
        Assert.Equal(("text", Modifier.Idf), (sparse.Key, sparse.Value.Modifier));
        var scalar = create.QuantizationConfig.Scalar;
        Assert.Equal((QuantizationType.Int8, 0.99f, Memory.Pinned), (scalar.Type, scalar.Quantile, scalar.Memory));
        var indexes = calls.Skip(2).Take(2).Select(call => call.As<CreateFieldIndexCollection>()).ToList();
        Assert.Equal(["collection_id", "document_id"], indexes.Select(index => index.FieldName));
        Assert.All(indexes, index => Assert.Equal((CollectionName, FieldType.Keyword, true), (index.CollectionName, index.FieldType, index.Wait)));
        Assert.All(calls, call => Assert.Equal("secret", call.ApiKey));
        Assert.All(calls, call => Assert.True(call.Deadline <= call.ReceivedAt.AddSeconds(31), $"{call.Method} has no deadline"));
    }

    [Fact]
    public async Task Without_quantization_the_collection_has_no_quantization_config_and_is_created_only_once()
    {
        var index = Index(o => o.ApiKey = null);
        await index.UpsertAsync([Record(1)]);
        await index.UpsertAsync([Record(2)]);

        Assert.Equal(["Collections/CollectionExists", "Collections/Create", "Points/CreateFieldIndex", "Points/CreateFieldIndex", "Points/Upsert", "Points/Upsert"], Methods);
        Assert.Null(_qdrant.Calls[1].As<CreateCollection>().QuantizationConfig);
        Assert.All(_qdrant.Calls, call => Assert.Null(call.ApiKey));
    }

    [Fact]
    public async Task An_existing_collection_is_not_created_again()
    {
        _qdrant.Collections[CollectionName] = true;
        await Index().UpsertAsync([Record(1)]);

        Assert.Equal(["Collections/CollectionExists", "Points/Upsert"], Methods);
    }

    [Fact]
    public async Task A_collection_dropped_behind_the_adapters_back_is_created_again_on_upsert()
    {
        var index = Index();
        await index.UpsertAsync([Record(1)]);
        _qdrant.Collections.Clear();
        await index.UpsertAsync([Record(2)]);

        Assert.Equal(["Points/Upsert", "Collections/CollectionExists", "Collections/Create", "Points/CreateFieldIndex", "Points/CreateFieldIndex", "Points/Upsert"],
            Methods.Skip(5));
    }

    [Fact]
    public async Task Upserts_are_batched_points_with_chunk_ids_and_payload_and_with_text_a_sparse_vector()
    {
        var index = Index(o => o.UpsertBatchSize = 2);
        await index.UpsertAsync([Record(1), Record(2), Record(3)], ["Pumps pumps pumping", "", "valve"]);

        var upserts = _qdrant.Calls.Where(call => call.Method == "Points/Upsert").Select(call => call.As<UpsertPoints>()).ToList();
        Assert.Equal([2, 1], upserts.Select(upsert => upsert.Points.Count));
        Assert.All(upserts, upsert => Assert.Equal((CollectionName, true), (upsert.CollectionName, upsert.Wait)));
        var first = upserts[0].Points[0];
        Assert.Equal(Record(1).ChunkId.ToString(), first.Id.Uuid);
        Assert.Equal(
            new Dictionary<string, string> { ["collection_id"] = CollectionId.ToString(), ["document_id"] = DocumentId.ToString(), ["chunk_id"] = Record(1).ChunkId.ToString() },
            first.Payload.ToDictionary(pair => pair.Key, pair => pair.Value.StringValue));
        var vectors = first.Vectors.Vectors_.Vectors;
        Assert.Equal([0.6f, 0.8f, 0f], Dense(vectors["dense"]));
        // "Pumps pumps pumping" stems to one term, three times: one index, BM25's saturated weight.
        var (indices, values) = Sparse(vectors["text"]);
        Assert.Equal([Bm25SparseEncoder.TermIndex("pump")], indices);
        Assert.True(values.Single() > 1f);
        Assert.False(upserts[0].Points[1].Vectors.Vectors_.Vectors.ContainsKey("text")); // no terms, no sparse vector
    }

    [Fact]
    public async Task Deleting_a_document_filters_on_its_id_within_its_collection_only()
    {
        _qdrant.Collections[CollectionName] = true;
        _qdrant.Collections[$"rag_{Fingerprint}_{Guid.NewGuid():N}"] = true;
        await Index().DeleteDocumentAsync(CollectionId, DocumentId);

        var delete = Assert.Single(_qdrant.Calls);
        Assert.Equal("Points/Delete", delete.Method);
        var request = delete.As<DeletePoints>();
        Assert.Equal((CollectionName, true), (request.CollectionName, request.Wait));
        Assert.Equal(Must(Match("document_id", DocumentId)), request.Points.Filter);
    }

    [Fact]
    public async Task Deleting_a_document_of_a_collection_qdrant_does_not_have_is_no_error()
    {
        await Index().DeleteDocumentAsync(CollectionId, DocumentId);
        Assert.Equal(["Points/Delete"], Methods);
    }

    [Fact]
    public async Task Deleting_a_collection_drops_its_qdrant_collection_and_a_missing_one_is_no_error()
    {
        _qdrant.Collections[CollectionName] = true;
        var index = Index();
        await index.DeleteCollectionAsync(CollectionId);
        await index.DeleteCollectionAsync(CollectionId);

        Assert.Equal(["Collections/Delete", "Collections/Delete"], Methods);
        Assert.All(_qdrant.Calls, call => Assert.Equal(CollectionName, call.As<DeleteCollection>().CollectionName));
        Assert.Empty(_qdrant.Collections);
    }

    [Fact]
    public async Task Search_queries_the_dense_vector_with_collection_and_document_filters_and_reads_the_hits()
    {
        var hit = Guid.NewGuid();
        _qdrant.Collections[CollectionName] = true;
        _qdrant.QueryHits.Add(new ScoredPoint { Id = hit, Score = 0.75f, Version = 3 });
        var hits = await Index().SearchAsync(CollectionId, new[] { 1f, 0f, 0f }, 5, DocumentId);

        Assert.Equal([new ChunkHit(hit, 0.75f)], hits);
        var query = Assert.Single(_qdrant.Calls).As<QueryPoints>();
        Assert.Equal((CollectionName, "dense", 5ul), (query.CollectionName, query.Using, query.Limit));
        Assert.Equal([1f, 0f, 0f], Dense(query.Query.Nearest));
        Assert.Equal(Must(Match("collection_id", CollectionId), Match("document_id", DocumentId)), query.Filter);
        Assert.Empty(query.Prefetch);
        Assert.False(query.WithPayload?.Enable ?? false);
    }

    [Fact]
    public async Task Hybrid_search_prefetches_dense_and_sparse_candidates_and_fuses_them_with_rrf()
    {
        _qdrant.Collections[CollectionName] = true;
        await Index().HybridSearchAsync(CollectionId, new[] { 1f, 0f, 0f }, "valves", top: 5, depth: 50);

        var query = Assert.Single(_qdrant.Calls).As<QueryPoints>();
        var filter = Must(Match("collection_id", CollectionId));
        Assert.Equal((Fusion.Rrf, 5ul, filter), (query.Query.Fusion, query.Limit, query.Filter));
        Assert.Equal(2, query.Prefetch.Count);
        var (dense, sparse) = (query.Prefetch[0], query.Prefetch[1]);
        Assert.Equal(("dense", 50ul, filter), (dense.Using, dense.Limit, dense.Filter));
        Assert.Equal([1f, 0f, 0f], Dense(dense.Query.Nearest));
        Assert.Equal(("text", 50ul, filter), (sparse.Using, sparse.Limit, sparse.Filter));
        Assert.Equal([Bm25SparseEncoder.TermIndex("valv")], sparse.Query.Nearest.Sparse.Indices);
        Assert.Equal([1f], sparse.Query.Nearest.Sparse.Values);
    }

    [Fact]
    public async Task Hybrid_search_without_any_terms_prefetches_only_the_dense_candidates()
    {
        _qdrant.Collections[CollectionName] = true;
        await Index().HybridSearchAsync(CollectionId, new[] { 1f, 0f, 0f }, "   ", top: 5, depth: 5);

        Assert.Equal(["dense"], Assert.Single(_qdrant.Calls).As<QueryPoints>().Prefetch.Select(prefetch => prefetch.Using));
    }

    [Fact]
    public async Task Search_and_count_of_a_collection_qdrant_does_not_have_are_empty()
    {
        var index = Index();
        Assert.Empty(await index.SearchAsync(CollectionId, new[] { 1f, 0f, 0f }, 5));
        Assert.Empty(await index.HybridSearchAsync(CollectionId, new[] { 1f, 0f, 0f }, "valves", 5, 5));
        Assert.Equal(0, await index.CountAsync(CollectionId));
    }

    [Fact]
    public async Task Count_is_exact_and_filtered_by_collection_and_document()
    {
        _qdrant.Collections[CollectionName] = true;
        _qdrant.PointCount = 12;
        Assert.Equal(12, await Index().CountAsync(CollectionId, DocumentId));

        var count = Assert.Single(_qdrant.Calls).As<CountPoints>();
        Assert.True(count.Exact);
        Assert.Equal(Must(Match("collection_id", CollectionId), Match("document_id", DocumentId)), count.Filter);
    }

    [Fact]
    public async Task Transient_failures_are_retried_until_qdrant_answers()
    {
        _qdrant.Collections[CollectionName] = true;
        _qdrant.FailNext(1, StatusCode.Unavailable, "Service Unavailable");
        _qdrant.FailNext(1, StatusCode.ResourceExhausted, "Too many requests");
        Assert.Empty(await Index().SearchAsync(CollectionId, new[] { 1f, 0f, 0f }, 5));

        Assert.Equal(3, _qdrant.Calls.Count);
        Assert.All(_qdrant.Calls, call => Assert.Equal(_qdrant.Calls[0].Request, call.Request));
    }

    [Fact]
    public async Task Collection_creation_is_retried_too_and_then_completes()
    {
        _qdrant.FailNext(2, StatusCode.Internal, "Service internal error");
        await Index().UpsertAsync([Record(1)]);

        Assert.Equal(["Collections/CollectionExists", "Collections/CollectionExists", "Collections/CollectionExists", "Collections/Create",
            "Points/CreateFieldIndex", "Points/CreateFieldIndex", "Points/Upsert"], Methods);
    }

    [Fact]
    public async Task A_bad_request_fails_at_once_with_qdrants_message()
    {
        _qdrant.Collections[CollectionName] = true;
        _qdrant.FailNext(1, StatusCode.InvalidArgument, "Wrong input: Vector dimension error: expected dim: 384, got 3");
        var error = await Assert.ThrowsAsync<QdrantException>(() => Index().SearchAsync(CollectionId, new[] { 1f, 0f, 0f }, 5));

        Assert.Single(_qdrant.Calls);
        Assert.Equal(StatusCode.InvalidArgument, error.StatusCode);
        Assert.Contains("Wrong input: Vector dimension error: expected dim: 384, got 3", error.Message);
        Assert.Contains($"query on '{CollectionName}'", error.Message);
        Assert.DoesNotContain("attempts", error.Message);
    }

    [Fact]
    public async Task Retries_give_up_after_the_configured_number_and_say_so()
    {
        _qdrant.Collections[CollectionName] = true;
        _qdrant.FailNext(10, StatusCode.Unavailable, "Bad gateway");
        var error = await Assert.ThrowsAsync<QdrantException>(() => Index(o => o.MaxRetries = 2).SearchAsync(CollectionId, new[] { 1f, 0f, 0f }, 5));

        Assert.Equal(3, _qdrant.Calls.Count);
        Assert.Equal(StatusCode.Unavailable, error.StatusCode);
        Assert.Contains("after 3 attempts: Unavailable: Bad gateway", error.Message);
    }

    [Fact]
    public async Task Retries_wait_longer_each_time()
    {
        _qdrant.Collections[CollectionName] = true;
        _qdrant.FailNext(3, StatusCode.Unavailable);
        await Index(o => { o.MaxRetries = 3; o.InitialBackoff = TimeSpan.FromMilliseconds(100); }).SearchAsync(CollectionId, new[] { 1f, 0f, 0f }, 5);

        var times = _qdrant.Calls.Select(call => call.ReceivedAt).ToList();
        var gaps = times.Zip(times.Skip(1), (a, b) => (b - a).TotalMilliseconds).ToList();
        Assert.Equal(3, gaps.Count);
        Assert.True(gaps[0] >= 90 && gaps[1] >= 190 && gaps[2] >= 390, string.Join(", ", gaps)); // 100, 200, 400 ms
    }

    [Fact]
    public async Task An_unreachable_qdrant_is_reported_after_the_retries()
    {
        var url = _qdrant.Url;
        await _qdrant.DisposeAsync();
        _qdrant = await QdrantStandIn.StartAsync();
        var error = await Assert.ThrowsAsync<QdrantException>(() =>
            Index(o => { o.Url = url; o.MaxRetries = 1; }).SearchAsync(CollectionId, new[] { 1f, 0f, 0f }, 5));

        Assert.Equal(StatusCode.Unavailable, error.StatusCode);
        Assert.Contains("after 2 attempts", error.Message);
    }

    [Fact]
    public async Task A_call_without_an_answer_in_time_is_retried_then_reported_as_a_timeout()
    {
        _qdrant.Collections[CollectionName] = true;
        _qdrant.Delay = TimeSpan.FromSeconds(20);
        var index = Index(o => { o.RequestTimeout = TimeSpan.FromMilliseconds(500); o.MaxRetries = 1; });
        var clock = Stopwatch.StartNew();
        var error = await Assert.ThrowsAsync<QdrantException>(() => index.SearchAsync(CollectionId, new[] { 1f, 0f, 0f }, 5));

        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(10), $"took {clock.Elapsed}");
        // On a loaded machine a timed-out attempt may not even reach the server, so the client's own count is checked.
        Assert.Contains("after 2 attempts: no answer within 0.5 s", error.Message);
        Assert.Equal(StatusCode.DeadlineExceeded, error.StatusCode);
        Assert.All(_qdrant.Calls, call => Assert.True(call.Deadline <= call.ReceivedAt.AddSeconds(1), "the deadline reaches Qdrant"));
    }

    [Fact]
    public async Task A_caller_cancellation_is_a_cancellation_not_a_qdrant_error()
    {
        _qdrant.Collections[CollectionName] = true;
        _qdrant.Delay = TimeSpan.FromSeconds(20);
        using var cancel = new CancellationTokenSource(TimeSpan.FromMilliseconds(200));
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => Index().SearchAsync(CollectionId, new[] { 1f, 0f, 0f }, 5, cancellationToken: cancel.Token));
    }

    [Fact]
    public void A_rest_url_means_the_same_servers_grpc_port()
    {
        Assert.Equal(new Uri("http://qdrant:6334/"), new QdrantOptions { Url = "http://qdrant:6333" }.GrpcAddress());
        Assert.Equal(new Uri("https://q.example:6334/"), new QdrantOptions { Url = "https://q.example:6334" }.GrpcAddress());
        Assert.Equal(new Uri("http://localhost:7000/"), new QdrantOptions { Url = "http://localhost:7000" }.GrpcAddress());
        Assert.Equal(new Uri("http://localhost:6334/"), new QdrantOptions().GrpcAddress());
    }

    [Fact]
    public void Settings_that_cannot_work_are_refused_up_front()
    {
        Assert.Throws<InvalidOperationException>(() => Index(o => o.Url = "localhost:6334"));
        Assert.Throws<InvalidOperationException>(() => Index(o => o.Quantization = "binary"));
        Assert.Throws<ArgumentException>(() => new QdrantVectorIndex(new QdrantOptions(), "not/a/fingerprint", Dimension));
    }
}
