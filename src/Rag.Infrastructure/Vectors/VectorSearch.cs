namespace Rag.Infrastructure.Vectors;

/// <summary>Runs a scanner over candidate rows, split across cores when there are enough rows to pay for it.</summary>
internal static class VectorSearch
{
    public static (float Score, int Row)[] Top(
        IVectorScanner scanner, IndexSnapshot snapshot, int[] candidates, int candidateCount,
        ReadOnlyMemory<float> query, int k, int parallelThreshold)
    {
        var best = new TopK(k);
        var partitions = candidateCount >= parallelThreshold ? Environment.ProcessorCount : 1;
        if (partitions <= 1)
        {
            scanner.Scan(snapshot.Rows, candidates.AsSpan(0, candidateCount), query.Span, snapshot.Dead, best);
            return best.ToSortedDescending();
        }

        var partitionSize = (candidateCount + partitions - 1) / partitions;
        Parallel.For(0, partitions, () => new TopK(k), (partition, _, local) =>
        {
            var start = partition * partitionSize;
            var length = Math.Min(partitionSize, candidateCount - start);
            if (length > 0)
                scanner.Scan(snapshot.Rows, candidates.AsSpan(start, length), query.Span, snapshot.Dead, local);
            return local;
        }, local =>
        {
            lock (best)
                best.MergeFrom(local);
        });
        return best.ToSortedDescending();
    }
}
