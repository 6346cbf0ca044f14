using Rag.Eval.Metrics;

namespace Rag.Bench.Tests.Evaluation;

public class ClientFusionTests
{
    private static readonly Guid D1 = Guid.NewGuid(), D2 = Guid.NewGuid(), D3 = Guid.NewGuid(), D4 = Guid.NewGuid();
    private static readonly ChunkKey A = new(D1, 1, 0), B = new(D2, 1, 0), C = new(D3, 1, 0), D = new(D4, 1, 0);

    // keyword A B C, vector C B D: score = 1/(60+keyword rank) + w/(60+vector rank).
    [Theory]
    [InlineData(1f, "CBAD")]   // C 1/63+1/61 = .032266 just beats B 2/62 = .032258
    [InlineData(0.5f, "BCAD")] // B 1.5/62 = .024194, C 1/63+.5/61 = .024070
    [InlineData(2f, "CBDA")]   // D 2/63 = .031746 overtakes A 1/61 = .016393
    public void Fuses_with_the_services_weighted_reciprocal_rank_formula(float weight, string expected)
    {
        var fused = ClientFusion.Fuse([A, B, C], [C, B, D], weight, top: 10);

        var names = new Dictionary<ChunkKey, char> { [A] = 'A', [B] = 'B', [C] = 'C', [D] = 'D' };
        Assert.Equal(expected, string.Concat(fused.Select(chunk => names[chunk])));
    }

    [Fact]
    public void Agrees_with_the_services_fusion_on_scores()
    {
        var keyword = new[] { A, B, C };
        var vector = new[] { C, D };
        var ids = new Dictionary<ChunkKey, Guid> { [A] = Guid.NewGuid(), [B] = Guid.NewGuid(), [C] = Guid.NewGuid(), [D] = Guid.NewGuid() };
        var service = Rag.Core.Retrieval.ReciprocalRankFusion.Fuse(
            [(keyword.Select(c => new Rag.Core.Retrieval.ChunkHit(ids[c], 0)).ToList(), 1f),
             (vector.Select(c => new Rag.Core.Retrieval.ChunkHit(ids[c], 0)).ToList(), 1.5f)], top: 10);

        var client = ClientFusion.Fuse(keyword, vector, 1.5f, top: 10);

        Assert.Equal(service.Select(hit => hit.ChunkId), client.Select(chunk => ids[chunk]));
    }

    [Fact]
    public void Chunks_of_one_document_are_told_apart_by_page_and_start()
    {
        var first = new ChunkKey(D1, 1, 0);
        var second = new ChunkKey(D1, 1, 120);
        var otherPage = new ChunkKey(D1, 2, 0);

        var fused = ClientFusion.Fuse([first, second, otherPage], [second], 1f, top: 10);

        // Keyed by document alone, the three would collapse into one item.
        Assert.Equal([second, first, otherPage], fused);
    }

    [Fact]
    public void Keeps_top_and_breaks_ties_in_first_seen_order()
    {
        Assert.Equal([A, B], ClientFusion.Fuse([A], [B], 1f, top: 10));
        Assert.Equal([A], ClientFusion.Fuse([A], [B], 1f, top: 1));
        Assert.Equal([A, B], ClientFusion.Fuse([A, B], [], 3f, top: 10));
    }

    [Fact]
    public void Ranks_documents_by_their_best_chunk()
    {
        var corpusIds = new Dictionary<Guid, string> { [D1] = "doc1", [D2] = "doc2", [D3] = "doc3" };

        var ranked = ClientFusion.RankDocuments([D2, D1, D2, D4, D3], corpusIds, top: 2);

        Assert.Equal(["doc2", "doc1"], ranked);
    }
}
