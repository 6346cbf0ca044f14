using Rag.Core.Retrieval;

namespace Rag.Core.Tests;

public class ReciprocalRankFusionTests
{
    private static readonly Guid A = Guid.NewGuid(), B = Guid.NewGuid(), C = Guid.NewGuid(), D = Guid.NewGuid();

    private static ChunkHit[] Ranked(params Guid[] ids) => ids.Select((id, i) => new ChunkHit(id, 100 - i)).ToArray();

    [Fact]
    public void Items_found_by_both_retrievers_rise_above_items_found_by_one()
    {
        var fused = ReciprocalRankFusion.Fuse([Ranked(A, B, C), Ranked(C, D, B)], top: 10);
        Assert.Equal(4, fused.Count);
        Assert.Equal(C, fused[0].ChunkId); // rank 3 + rank 1 beats rank 2 + rank 3
        Assert.Equal(B, fused[1].ChunkId);
    }

    [Fact]
    public void Respects_top_and_handles_empty_lists()
    {
        Assert.Single(ReciprocalRankFusion.Fuse([Ranked(A, B), []], top: 1));
        Assert.Empty(ReciprocalRankFusion.Fuse([[], []], top: 5));
    }
}
