namespace Rag.Infrastructure.Extraction;

/// <summary>What one PDF may cost to read: pages, and how large one of its compressed streams may become when decoded.</summary>
public sealed record PdfLimits(int MaxPages = 5000, long MaxDecodedStreamBytes = 64L * 1024 * 1024);
