using System.Text.Json.Nodes;
using Rag.Core.Retrieval;
using Rag.Infrastructure.Vectors.Qdrant;

namespace Rag.Infrastructure.Tests.Vectors.Qdrant;

/// <summary>The exact requests the adapter sends, checked against a loopback server playing Qdrant.</summary>
public sealed class QdrantVectorIndexRequestTests : IAsyncLifetime
{
    private const string Fingerprint = "0123456789abcdef";
    private const int Dimension = 3;
    private static readonly Guid CollectionId = Guid.Parse("11111111-1111-1111-1111-111111111111");
    private static readonly Guid DocumentId = Guid.Parse("22222222-2222-2222-2222-222222222222");
    private static readonly string CollectionName = $"rag_{Fingerprint}_{CollectionId:N}";
    private FakeQdrantServer _server = null!;
    private readonly HttpClient _http = new();

    public async Task InitializeAsync() => _server = await FakeQdrantServer.StartAsync();

    public async Task DisposeAsync()
    {
        _http.Dispose();
        await _server.DisposeAsync();
    }

    private QdrantVectorIndex Index(Action<QdrantOptions>? configure = null)
    {
        var options = new QdrantOptions { Url = _server.Url, ApiKey = "secret", InitialBackoff = TimeSpan.FromMilliseconds(10) };
        configure?.Invoke(options);
        return new QdrantVectorIndex(_http, options, Fingerprint, Dimension);
    }

    private static VectorRecord Record(int n) =>
        new(Guid.Parse($"00000000-0000-0000-0000-{n:D12}"), CollectionId, DocumentId, new[] { 0.6f, 0.8f, 0f });

    private static void AssertJson(string expected, JsonNode? actual) =>
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse(expected), actual), $"expected {expected}\nactual   {actual?.ToJsonString()}");

    [Fact]
    public async Task First_upsert_creates_the_collection_with_dense_and_idf_sparse_vectors_and_payload_indexes()
    {
        await Index(o => o.Quantization = "int8").UpsertAsync([Record(1)]);

        var requests = _server.Requests;
        Assert.Equal(
            [$"GET /collections/{CollectionName}/exists", $"PUT /collections/{CollectionName}", $"PUT /collections/{CollectionName}/index?wait=true",
             $"PUT /collections/{CollectionName}/index?wait=true", $"PUT /collections/{CollectionName}/points?wait=true"],
            requests.Select(r => $"{r.Method} {r.PathAndQuery}"));
        AssertJson("""
            {"vectors":{"dense":{"size":3,"distance":"Cosine"}},
             "sparse_vectors":{"text":{"modifier":"idf"}},
             "quantization_config":{"scalar":{"type":"int8","quantile":0.99,"always_ram":true}}}
            """, requests[1].Body);
        AssertJson("""{"field_name":"collection_id","field_schema":"keyword"}""", requests[2].Body);
        AssertJson("""{"field_name":"document_id","field_schema":"keyword"}""", requests[3].Body);
        Assert.All(requests, r => Assert.Equal("secret", r.ApiKey));
    }

    [Fact]
    public async Task Without_quantization_the_collection_has_no_quantization_config_and_is_created_only_once()
    {
        var index = Index();
        await index.UpsertAsync([Record(1)]);
        await index.UpsertAsync([Record(2)]);

        var creations = _server.Requests.Where(r => r.Method == "PUT" && r.Path == $"/collections/{CollectionName}").ToList();
        Assert.Single(creations);
        Assert.Null(creations[0].Body!["quantization_config"]);
        Assert.Single(_server.Requests, r => r.Path.EndsWith("/exists"));
    }

    [Fact]
    public async Task An_existing_collection_is_not_created_again()
    {
        _server.Respond = r => r.Path.EndsWith("/exists") ? FakeQdrantServer.Ok("""{"exists":true}""") : _server.Success(r);
        await Index().UpsertAsync([Record(1)]);

        Assert.Equal(["GET", "PUT"], _server.Requests.Select(r => r.Method));
        Assert.EndsWith("/points", _server.Requests[1].Path);
    }

    [Fact]
    public async Task Upserts_are_batched_points_with_chunk_ids_and_payload_and_with_text_a_sparse_vector()
    {
        var index = Index(o => o.UpsertBatchSize = 2);
        await index.UpsertAsync([Record(1), Record(2), Record(3)], ["Pumps pumps pumping", "", "valve"]);

        var upserts = _server.Requests.Where(r => r.Path.EndsWith("/points")).ToList();
        Assert.Equal([2, 1], upserts.Select(r => r.Body!["points"]!.AsArray().Count));
        var first = upserts[0].Body!["points"]![0]!;
        Assert.Equal(Record(1).ChunkId.ToString(), first["id"]!.GetValue<string>());
        AssertJson($$"""{"collection_id":"{{CollectionId}}","document_id":"{{DocumentId}}","chunk_id":"{{Record(1).ChunkId}}"}""", first["payload"]);
        AssertJson("[0.6,0.8,0]", first["vector"]!["dense"]);
        // "Pumps pumps pumping" stems to one term, three times: one index, BM25's saturated weight.
        var sparse = first["vector"]!["text"]!;
        Assert.Equal([Bm25SparseEncoder.TermIndex("pump")], sparse["indices"]!.AsArray().Select(i => i!.GetValue<uint>()));
        Assert.True(sparse["values"]![0]!.GetValue<float>() > 1f);
        Assert.Null(upserts[0].Body!["points"]![1]!["vector"]!["text"]); // no terms, no sparse vector
    }

    [Fact]
    public async Task Deleting_a_document_filters_on_its_id_in_every_collection_of_this_model_only()
    {
        var other = $"rag_{Fingerprint}_{Guid.NewGuid():N}";
        _server.Collections.AddRange([CollectionName, other, $"rag_fedcba9876543210_{CollectionId:N}", "unrelated"]);
        await Index().DeleteDocumentAsync(DocumentId);

        var deletes = _server.Requests.Where(r => r.Method == "POST").ToList();
        Assert.Equal([$"/collections/{CollectionName}/points/delete?wait=true", $"/collections/{other}/points/delete?wait=true"], deletes.Select(r => r.PathAndQuery));
        Assert.All(deletes, r => AssertJson($$$"""{"filter":{"must":[{"key":"document_id","match":{"value":"{{{DocumentId}}}"}}]}}""", r.Body));
    }

    [Fact]
    public async Task Deleting_a_collection_drops_its_qdrant_collection()
    {
        _server.Respond = r => r.Method == "DELETE" ? FakeQdrantServer.Error(404, "Not found: Collection doesn't exist!") : _server.Success(r);
        await Index().DeleteCollectionAsync(CollectionId);

        Assert.Equal($"DELETE /collections/{CollectionName}", _server.Requests.Select(r => $"{r.Method} {r.PathAndQuery}").Single());
    }

    [Fact]
    public async Task Search_queries_the_dense_vector_with_collection_and_document_filters_and_reads_the_hits()
    {
        var hit = Guid.NewGuid();
        _server.Respond = _ => FakeQdrantServer.Ok($$"""{"points":[{"id":"{{hit}}","version":3,"score":0.75}]}""");
        var hits = await Index().SearchAsync(CollectionId, new[] { 1f, 0f, 0f }, 5, DocumentId);

        Assert.Equal([new ChunkHit(hit, 0.75f)], hits);
        var request = _server.Requests.Single();
        Assert.Equal($"POST /collections/{CollectionName}/points/query", $"{request.Method} {request.PathAndQuery}");
        AssertJson($$$"""
            {"query":[1,0,0],"using":"dense",
             "filter":{"must":[{"key":"collection_id","match":{"value":"{{{CollectionId}}}"}},{"key":"document_id","match":{"value":"{{{DocumentId}}}"}}]},
             "limit":5,"with_payload":false}
            """, request.Body);
    }

    [Fact]
    public async Task Hybrid_search_prefetches_dense_and_sparse_candidates_and_fuses_them_with_rrf()
    {
        await Index().HybridSearchAsync(CollectionId, new[] { 1f, 0f, 0f }, "valves", top: 5, depth: 50);

        var filter = $$$"""{"must":[{"key":"collection_id","match":{"value":"{{{CollectionId}}}"}}]}""";
        AssertJson($$"""
            {"prefetch":[
               {"query":[1,0,0],"using":"dense","filter":{{filter}},"limit":50},
               {"query":{"indices":[{{Bm25SparseEncoder.TermIndex("valv")}}],"values":[1]},"using":"text","filter":{{filter}},"limit":50}],
             "query":{"fusion":"rrf"},"filter":{{filter}},"limit":5,"with_payload":false}
            """, _server.Requests.Single().Body);
    }

    [Fact]
    public async Task Search_of_a_collection_qdrant_does_not_have_is_empty()
    {
        _server.Respond = _ => FakeQdrantServer.Error(404, "Not found: Collection `x` doesn't exist!");
        Assert.Empty(await Index().SearchAsync(CollectionId, new[] { 1f, 0f, 0f }, 5));
    }

    [Fact]
    public async Task Transient_failures_are_retried_until_qdrant_answers()
    {
        var calls = 0;
        _server.Respond = r => Interlocked.Increment(ref calls) switch
        {
            1 => FakeQdrantServer.Error(503, "Service Unavailable"),
            2 => FakeQdrantServer.Error(429, "Too many requests"),
            _ => FakeQdrantServer.Ok("""{"points":[]}"""),
        };
        Assert.Empty(await Index().SearchAsync(CollectionId, new[] { 1f, 0f, 0f }, 5));
        Assert.Equal(3, _server.Requests.Count);
        Assert.Equal(_server.Requests[0].Body!.ToJsonString(), _server.Requests[2].Body!.ToJsonString());
    }

    [Fact]
    public async Task A_bad_request_fails_at_once_with_qdrants_message()
    {
        _server.Respond = _ => FakeQdrantServer.Error(400, "Wrong input: Vector dimension error: expected dim: 384, got 3");
        var error = await Assert.ThrowsAsync<QdrantException>(() => Index().SearchAsync(CollectionId, new[] { 1f, 0f, 0f }, 5));

        Assert.Single(_server.Requests);
        Assert.Equal(System.Net.HttpStatusCode.BadRequest, error.StatusCode);
        Assert.Contains("Wrong input: Vector dimension error: expected dim: 384, got 3", error.Message);
        Assert.Contains($"/collections/{CollectionName}/points/query", error.Message);
    }

    [Fact]
    public async Task Retries_give_up_after_the_configured_number_and_say_so()
    {
        _server.Respond = _ => FakeQdrantServer.Error(502, "Bad gateway");
        var error = await Assert.ThrowsAsync<QdrantException>(() => Index(o => o.MaxRetries = 2).SearchAsync(CollectionId, new[] { 1f, 0f, 0f }, 5));

        Assert.Equal(3, _server.Requests.Count);
        Assert.Contains("after 3 attempts", error.Message);
        Assert.Contains("Bad gateway", error.Message);
    }

    [Fact]
    public async Task A_request_without_an_answer_in_time_is_retried_then_reported_as_a_timeout()
    {
        _server.Respond = _ => new FakeResponse(200, """{"result":{"points":[]}}""", Delay: TimeSpan.FromSeconds(10));
        var index = Index(o => { o.RequestTimeout = TimeSpan.FromMilliseconds(500); o.MaxRetries = 1; });
        var error = await Assert.ThrowsAsync<QdrantException>(() => index.SearchAsync(CollectionId, new[] { 1f, 0f, 0f }, 5));

        // On a loaded machine a timed-out attempt may not even reach the server, so the client's own count is checked.
        Assert.Contains("after 2 attempts: no answer within 0.5 s", error.Message);
        Assert.NotEmpty(_server.Requests);
        Assert.Null(error.StatusCode);
    }

    [Fact]
    public void Settings_that_cannot_work_are_refused_up_front()
    {
        Assert.Throws<InvalidOperationException>(() => Index(o => o.Url = "localhost:6333"));
        Assert.Throws<InvalidOperationException>(() => Index(o => o.Quantization = "binary"));
        Assert.Throws<ArgumentException>(() => new QdrantVectorIndex(_http, new QdrantOptions(), "not/a/fingerprint", Dimension));
    }
}
