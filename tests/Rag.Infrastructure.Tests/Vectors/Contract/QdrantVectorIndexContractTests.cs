using Rag.Core.Retrieval;
using Rag.Infrastructure.Vectors.Qdrant;

namespace Rag.Infrastructure.Tests.Vectors.Contract;

/// <summary>The contract against a real Qdrant through its gRPC API (e.g. <c>QDRANT_URL=http://localhost:6334</c>; a REST
/// URL on 6333 means the same server's 6334; optional <c>QDRANT_API_KEY</c>). Each run uses a fresh model fingerprint
/// and deletes the collections it made.</summary>
[RequiresEnvironment("QDRANT_URL", "no Qdrant server to test against (start one and set QDRANT_URL to its gRPC address, port 6334)")]
public sealed class QdrantVectorIndexContractTests : VectorIndexContract
{
    private QdrantVectorIndex Qdrant => (QdrantVectorIndex)Index;

    protected override IVectorIndex CreateIndex() => new QdrantVectorIndex(
        new QdrantOptions
        {
            Url = Environment.GetEnvironmentVariable("QDRANT_URL")!,
            ApiKey = Environment.GetEnvironmentVariable("QDRANT_API_KEY"),
            CollectionPrefix = "ragtest",
        },
        Guid.NewGuid().ToString("N")[..16],
        VectorTestData.Dimension);

    [ContractFact]
    public async Task Hybrid_search_finds_an_exact_keyword_match_the_vectors_miss()
    {
        var collection = NewCollection();
        var records = NewRecords(30, collection, Guid.NewGuid());
        var texts = records.Select((_, i) => $"ordinary maintenance note number {i}").ToList();
        texts[17] = "the flux capacitor needs 1.21 gigawatts";
        await Qdrant.UpsertAsync(records, texts);

        var query = NewQuery();
        var hits = await Qdrant.HybridSearchAsync(collection, query, "flux capacitor", top: 3, depth: 3);

        Assert.Contains(records[17].ChunkId, hits.Select(hit => hit.ChunkId));
    }

    [ContractFact]
    public async Task Hybrid_scores_in_a_collection_are_bit_identical_whatever_another_collection_holds()
    {
        var (a, b) = (NewCollection(), NewCollection());
        var records = NewRecords(30, a, Guid.NewGuid());
        await Qdrant.UpsertAsync(records, [.. records.Select((_, i) => i % 3 == 0 ? $"zeta note {i}" : $"qxqv note {i}")]);
        var query = NewQuery();
        var alone = await Qdrant.HybridSearchAsync(a, query, "zeta", top: 10, depth: 30);

        var other = NewRecords(200, b, Guid.NewGuid());
        await Qdrant.UpsertAsync(other, [.. other.Select(_ => "zeta zeta zeta")]);

        Assert.Equal(alone, await Qdrant.HybridSearchAsync(a, query, "zeta", top: 10, depth: 30));
    }
}
