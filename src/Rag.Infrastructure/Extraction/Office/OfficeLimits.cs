namespace Rag.Infrastructure.Extraction.Office;

/// <summary>What one Office (zip) package or spreadsheet may cost to read. Sizes count decompressed bytes as they are
/// read, not the sizes the zip declares; a part that expands more than <see cref="MaxCompressionRatio"/> times (past
/// its first MiB) is taken for a zip bomb.</summary>
public sealed record OfficeLimits(
    long MaxPartBytes = 64L * 1024 * 1024,
    long MaxTotalBytes = 512L * 1024 * 1024,
    int MaxCompressionRatio = 100,
    int MaxParts = 10_000,
    int MaxCells = 1_000_000);
