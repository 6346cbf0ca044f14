using Rag.Core.Retrieval;

namespace Rag.Core.Tests;

public class ConvexFusionTests
{
    private static readonly Guid A = Guid.Parse("00000000-0000-0000-0000-00000000000a");
    private static readonly Guid B = Guid.Parse("00000000-0000-0000-0000-00000000000b");
    private static readonly Guid C = Guid.Parse("00000000-0000-0000-0000-00000000000c");

    [Fact]
    public void A_clear_winner_of_one_leg_beats_a_chunk_both_legs_rank_second()
    {
        // Keyword: A far ahead (10 vs 2 vs 1). Vector: B narrowly ahead of A, C last.
        IReadOnlyList<ChunkHit> keyword = [new(A, 10f), new(B, 2f), new(C, 1f)];
        IReadOnlyList<ChunkHit> vector = [new(B, 0.80f), new(A, 0.79f), new(C, 0.50f)];

        var fused = ConvexFusion.Fuse(keyword, vector, vectorShare: 0.5f, top: 3);

        Assert.Equal([A, B, C], fused.Select(h => h.ChunkId));
        Assert.Equal(0.5f + 0.5f * (0.29f / 0.30f), fused[0].Score, 4);
    }

    [Fact]
    public void The_share_decides_which_leg_wins_and_a_missing_leg_counts_zero()
    {
        IReadOnlyList<ChunkHit> keyword = [new(A, 5f), new(C, 1f)];
        IReadOnlyList<ChunkHit> vector = [new(B, 0.9f), new(C, 0.1f)];

        Assert.Equal(A, ConvexFusion.Fuse(keyword, vector, 0.2f, 1)[0].ChunkId);
        Assert.Equal(B, ConvexFusion.Fuse(keyword, vector, 0.8f, 1)[0].ChunkId);
        Assert.Equal([A, C], ConvexFusion.Fuse(keyword, [], 0.5f, 5).Select(h => h.ChunkId));
        Assert.Empty(ConvexFusion.Fuse([], [], 0.5f, 5));
    }
}
