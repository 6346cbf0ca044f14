using System.Runtime.InteropServices;

namespace Rag.Infrastructure.Vectors;

/// <summary>Runs a scanner over candidate rows, split across cores when there are enough rows to pay for it.</summary>
internal static class VectorSearch
{
    public static (float Score, int Row)[] Top(
        IVectorScanner scanner, IndexSnapshot snapshot, int[] candidates, int candidateCount,
        ReadOnlyMemory<float> query, int k, int parallelThreshold)
    {
        var best = new TopK(k);
        foreach (var partition in ScanPartitions(scanner, snapshot, candidates, candidateCount, query, k, parallelThreshold))
            best.MergeFrom(partition);
        return best.ToSortedDescending();
    }

    /// <summary>
    /// Shortlists k × <paramref name="oversample"/> rows per partition with the approximate scanner, then scores the
    /// union of the shortlists exactly: the hits carry exact scores and miss an exact top-k row only when the
    /// approximation ranked it below the whole shortlist.
    /// </summary>
    public static (float Score, int Row)[] TopRescored(
        IVectorScanner approximate, int oversample, IndexSnapshot snapshot, int[] candidates, int candidateCount,
        ReadOnlyMemory<float> query, int k, int parallelThreshold)
    {
        var shortlistSize = (int)Math.Min((long)k * oversample, candidateCount);
        var shortlist = new List<int>();
        foreach (var partition in ScanPartitions(approximate, snapshot, candidates, candidateCount, query, shortlistSize, parallelThreshold))
            shortlist.AddRange(partition.Rows);
        var best = new TopK(k);
        FloatVectorScanner.Instance.Scan(snapshot.Rows, CollectionsMarshal.AsSpan(shortlist), query.Span, snapshot.Dead, best);
        return best.ToSortedDescending();
    }

    private static TopK[] ScanPartitions(
        IVectorScanner scanner, IndexSnapshot snapshot, int[] candidates, int candidateCount,
        ReadOnlyMemory<float> query, int k, int parallelThreshold)
    {
        var partitions = candidateCount >= parallelThreshold ? Environment.ProcessorCount : 1;
        if (partitions <= 1)
        {
            var best = new TopK(k);
            scanner.Scan(snapshot.Rows, candidates.AsSpan(0, candidateCount), query.Span, snapshot.Dead, best);
            return [best];
        }

        var partitionSize = (candidateCount + partitions - 1) / partitions;
        var results = new TopK[partitions];
        Parallel.For(0, partitions, partition =>
        {
            var start = Math.Min(partition * partitionSize, candidateCount);
            var length = Math.Min(partitionSize, candidateCount - start);
            results[partition] = new TopK(k);
            scanner.Scan(snapshot.Rows, candidates.AsSpan(start, length), query.Span, snapshot.Dead, results[partition]);
        });
        return results;
    }
}
