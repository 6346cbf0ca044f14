namespace Rag.Infrastructure.Vectors;

/// <summary>
/// The scan stage of a search: scores candidate rows against the query and keeps the best.
/// This is where int8 quantisation plugs in: an int8 scanner over a quantised copy of the vectors would offer
/// an over-fetched top-k (say 4k) and <see cref="VectorSearch"/> would rescore those exactly with
/// <see cref="FloatVectorScanner"/> before returning k.
/// </summary>
internal interface IVectorScanner
{
    void Scan(SegmentSet rows, ReadOnlySpan<int> candidates, ReadOnlySpan<float> query, DeadRows dead, TopK best);
}
