using System.Collections.Immutable;

namespace Rag.Infrastructure.Vectors;

/// <summary>
/// Everything a search reads, published as one immutable object by the single writer (Volatile.Write), so a
/// search sees either all of a write or none of it.
/// </summary>
internal sealed record IndexSnapshot(
    SegmentSet Rows,
    ImmutableDictionary<Guid, RowList> Collections,
    ImmutableDictionary<Guid, RowList> Documents,
    DeadRows Dead,
    int RowCount,
    int LiveCount);
