namespace Rag.Infrastructure.Vectors;

public sealed record EmbeddedVectorIndexOptions
{
    /// <summary>Record slots per segment file, a power of two. Null sizes segments at about 128 MB. Fixed when the index is created.</summary>
    public int? RowsPerSegment { get; init; }

    /// <summary>Compact automatically once at least this fraction of rows is dead (deleted or replaced)...</summary>
    public double CompactionDeadFraction { get; init; } = 0.3;

    /// <summary>...and at least this many rows are dead, so small indexes are not rewritten on every delete.</summary>
    public int CompactionMinDeadRows { get; init; } = 10_000;

    /// <summary>
    /// Search a copy of the vectors held in unmanaged memory (not the GC heap) instead of the memory maps; the files
    /// stay the durable copy. On the dev VM a 1M x 384 scan took 65-76 ms of CPU this way against 126-668 ms through
    /// the maps (mapped page-cache reads there are slow, the more so the busier the host). Costs memory equal to the
    /// data size, pinned rather than reclaimable, and a slower open; set false where memory is tighter than latency.
    /// </summary>
    public bool ResidentVectors { get; init; } = true;

    /// <summary>
    /// <see cref="VectorQuantization.Int8"/> (default): scan an int8 copy of the vectors (a quarter of the bytes), keep
    /// <see cref="Int8Oversample"/> × top candidates per scan partition and rescore those exactly with the float vectors,
    /// so returned scores are exact and the hits match the exact search for nearly every query. The copy lives in
    /// unmanaged memory (a quarter of the data size) and is rebuilt from the files at open. <see cref="VectorQuantization.None"/>
    /// scans the float vectors: exact always, about four times the memory traffic.
    /// </summary>
    public VectorQuantization Quantization { get; init; } = VectorQuantization.Int8;

    /// <summary>With int8 quantisation, how many candidates per wanted hit each scan partition passes on to exact rescoring.</summary>
    public int Int8Oversample { get; init; } = 8;

    /// <summary>Searches over at least this many candidate rows are split across all cores.</summary>
    public int ParallelScanThreshold { get; init; } = 32_768;
}

public enum VectorQuantization
{
    None,
    Int8,
}
