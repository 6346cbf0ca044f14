using Rag.Core.Ocr;

namespace Rag.Infrastructure.Ocr;

/// <summary>The page images of one original file, by 1-based page number.</summary>
public interface IPageImages : IDisposable
{
    Task<OcrImage> ReadAsync(int pageNumber, CancellationToken cancellationToken);
}
