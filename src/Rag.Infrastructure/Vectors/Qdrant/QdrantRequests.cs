using System.Text.Json.Nodes;
using Rag.Core.Retrieval;

namespace Rag.Infrastructure.Vectors.Qdrant;

/// <summary>The JSON bodies of the Qdrant REST requests this adapter sends (shapes per the Qdrant API reference).</summary>
internal static class QdrantRequests
{
    public const string DenseVector = "dense";
    public const string SparseVector = "text";
    public const string CollectionIdField = "collection_id";
    public const string DocumentIdField = "document_id";
    public const string ChunkIdField = "chunk_id";

    /// <summary>PUT /collections/{name}: a named dense vector (cosine) and a named sparse vector whose weights Qdrant multiplies by IDF.</summary>
    public static JsonObject CreateCollection(int dimension, string quantization)
    {
        var body = new JsonObject
        {
            ["vectors"] = new JsonObject { [DenseVector] = new JsonObject { ["size"] = dimension, ["distance"] = "Cosine" } },
            ["sparse_vectors"] = new JsonObject { [SparseVector] = new JsonObject { ["modifier"] = "idf" } },
        };
        if (quantization == QdrantOptions.ScalarInt8)
            body["quantization_config"] = new JsonObject
            {
                ["scalar"] = new JsonObject { ["type"] = "int8", ["quantile"] = 0.99, ["always_ram"] = true },
            };
        return body;
    }

    /// <summary>PUT /collections/{name}/index: a keyword index, so filters on the field need no full scan.</summary>
    public static JsonObject KeywordIndex(string field) => new() { ["field_name"] = field, ["field_schema"] = "keyword" };

    /// <summary>PUT /collections/{name}/points: point id = chunk id.</summary>
    public static JsonObject Upsert(IEnumerable<(VectorRecord Record, SparseVector? Terms)> points) => new()
    {
        ["points"] = new JsonArray(points.Select(point => (JsonNode)Point(point.Record, point.Terms)).ToArray()),
    };

    /// <summary>POST /collections/{name}/points/delete: every point of a document.</summary>
    public static JsonObject DeleteDocument(Guid documentId) => new() { ["filter"] = Must(Match(DocumentIdField, documentId)) };

    /// <summary>POST /collections/{name}/points/query: nearest neighbours by the dense vector.</summary>
    public static JsonObject Search(Guid collectionId, ReadOnlyMemory<float> query, int top, Guid? documentId) => new()
    {
        ["query"] = Dense(query),
        ["using"] = DenseVector,
        ["filter"] = Filter(collectionId, documentId),
        ["limit"] = top,
        ["with_payload"] = false,
    };

    /// <summary>POST /collections/{name}/points/query: dense and sparse candidates, fused server-side by reciprocal rank fusion.</summary>
    public static JsonObject HybridSearch(Guid collectionId, ReadOnlyMemory<float> query, SparseVector terms, int top, int depth, Guid? documentId)
    {
        var prefetch = new JsonArray(Prefetch(Dense(query), DenseVector, collectionId, documentId, depth));
        if (!terms.IsEmpty)
            prefetch.Add(Prefetch(Sparse(terms), SparseVector, collectionId, documentId, depth));
        return new JsonObject
        {
            ["prefetch"] = prefetch,
            ["query"] = new JsonObject { ["fusion"] = "rrf" },
            ["filter"] = Filter(collectionId, documentId),
            ["limit"] = top,
            ["with_payload"] = false,
        };
    }

    /// <summary>POST /collections/{name}/points/count: exact number of points of a collection or document.</summary>
    public static JsonObject Count(Guid collectionId, Guid? documentId) => new()
    {
        ["filter"] = Filter(collectionId, documentId),
        ["exact"] = true,
    };

    private static JsonObject Point(VectorRecord record, SparseVector? terms)
    {
        var vector = new JsonObject { [DenseVector] = Dense(record.Vector) };
        if (terms is { IsEmpty: false })
            vector[SparseVector] = Sparse(terms);
        return new JsonObject
        {
            ["id"] = record.ChunkId.ToString("D"),
            ["vector"] = vector,
            ["payload"] = new JsonObject
            {
                [CollectionIdField] = record.CollectionId.ToString("D"),
                [DocumentIdField] = record.DocumentId.ToString("D"),
                [ChunkIdField] = record.ChunkId.ToString("D"),
            },
        };
    }

    private static JsonObject Prefetch(JsonNode query, string vectorName, Guid collectionId, Guid? documentId, int depth) => new()
    {
        ["query"] = query,
        ["using"] = vectorName,
        ["filter"] = Filter(collectionId, documentId),
        ["limit"] = depth,
    };

    private static JsonArray Dense(ReadOnlyMemory<float> vector)
    {
        var array = new JsonArray();
        foreach (var value in vector.Span)
            array.Add(value);
        return array;
    }

    private static JsonObject Sparse(SparseVector terms) => new()
    {
        ["indices"] = new JsonArray(terms.Indices.Select(index => (JsonNode)index).ToArray()),
        ["values"] = new JsonArray(terms.Values.Select(value => (JsonNode)value).ToArray()),
    };

    private static JsonObject Filter(Guid collectionId, Guid? documentId) => documentId is { } document
        ? Must(Match(CollectionIdField, collectionId), Match(DocumentIdField, document))
        : Must(Match(CollectionIdField, collectionId));

    private static JsonObject Must(params JsonNode[] conditions) => new() { ["must"] = new JsonArray(conditions) };

    private static JsonObject Match(string field, Guid value) =>
        new() { ["key"] = field, ["match"] = new JsonObject { ["value"] = value.ToString("D") } };
}
