namespace Rag.Infrastructure.Vectors;

/// <summary>
/// The scan stage of a search: scores candidate rows against the query and keeps the best.
/// <see cref="FloatVectorScanner"/> is exact; <see cref="Int8VectorScanner"/> scans the quantised copy for an
/// over-fetched shortlist that <see cref="VectorSearch.TopRescored"/> rescores exactly before returning k.
/// </summary>
internal interface IVectorScanner
{
    void Scan(SegmentSet rows, ReadOnlySpan<int> candidates, ReadOnlySpan<float> query, DeadRows dead, TopK best);
}
