namespace Rag.Infrastructure.Vectors;

/// <summary>Which in-memory copies a segment keeps besides its file: the float records, the int8 codes.</summary>
internal readonly record struct SegmentCopies(bool ResidentVectors, bool Int8)
{
    public static readonly SegmentCopies None = new(ResidentVectors: false, Int8: false);

    public static SegmentCopies For(EmbeddedVectorIndexOptions options) =>
        new(options.ResidentVectors, options.Quantization == VectorQuantization.Int8);
}
