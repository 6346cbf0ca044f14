namespace Rag.Core.Ocr;

/// <summary>Reads the text of one page image: lines top to bottom, words within a line left to right.</summary>
public interface IOcrEngine
{
    /// <summary>The engine's configuration name ("paddle" or "tesseract").</summary>
    string Name { get; }

    Task<string> ReadAsync(OcrImage image, CancellationToken cancellationToken);
}
