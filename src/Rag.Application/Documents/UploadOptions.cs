using System.ComponentModel.DataAnnotations;
using Rag.Infrastructure.Extraction.Office;

namespace Rag.Application.Documents;

public sealed class UploadOptions
{
    [Range(1, long.MaxValue)]
    public long MaxFileBytes { get; set; } = 100L * 1024 * 1024;

    [Range(1, 100_000)]
    public int MaxFilesPerRequest { get; set; } = 200;

    /// <summary>A PDF with more pages fails ingestion, decided from its page tree before any page is read.</summary>
    [Range(1, 1_000_000)]
    public int MaxPages { get; set; } = 5000;

    /// <summary>The most one compressed stream inside a PDF may expand to (bounds decompression bombs).</summary>
    [Range(1, long.MaxValue)]
    public long MaxDecodedStreamBytes { get; set; } = 64L * 1024 * 1024;

    /// <summary>Office files (DOCX, PPTX, XLSX) are zips: the most one part may expand to, counted while it is read.</summary>
    [Range(1, long.MaxValue)]
    public long MaxOfficePartBytes { get; set; } = 64L * 1024 * 1024;

    /// <summary>The most all parts of one Office file together may expand to.</summary>
    [Range(1, long.MaxValue)]
    public long MaxOfficeTotalBytes { get; set; } = 512L * 1024 * 1024;

    /// <summary>A part that expands more than this many times its compressed size (past its first MiB) is a zip bomb.</summary>
    [Range(2, 100_000)]
    public int MaxCompressionRatio { get; set; } = 100;

    /// <summary>A spreadsheet (XLSX, CSV) with more cells than this fails ingestion with that reason.</summary>
    [Range(1, 100_000_000)]
    public int MaxSpreadsheetCells { get; set; } = 1_000_000;

    public OfficeLimits OfficeLimits => new(MaxOfficePartBytes, MaxOfficeTotalBytes, MaxCompressionRatio, MaxCells: MaxSpreadsheetCells);

    /// <summary>Back-pressure: uploads are refused (429) while this many documents already wait for ingestion.</summary>
    [Range(1, int.MaxValue)]
    public int MaxQueuedDocuments { get; set; } = 10_000;
}
