namespace Rag.Core.Ocr;

/// <summary>A page image for OCR: <paramref name="Rgb"/> holds 3 bytes (red, green, blue) per pixel, row by row.</summary>
public sealed record OcrImage(int Width, int Height, byte[] Rgb)
{
    public long Pixels => (long)Width * Height;
}
