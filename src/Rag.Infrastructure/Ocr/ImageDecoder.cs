using System.Globalization;
using Rag.Core.Extraction;
using Rag.Core.Ocr;
using SkiaSharp;

namespace Rag.Infrastructure.Ocr;

/// <summary>Decodes JPEG, PNG (and the other formats Skia reads) into an <see cref="OcrImage"/>, refusing images
/// over the pixel limit from their header, before any pixel is decoded.</summary>
public static class ImageDecoder
{
    /// <summary>Null when Skia cannot read the bytes.</summary>
    public static OcrImage? TryDecode(byte[] bytes, long maxPixels)
    {
        using var data = SKData.CreateCopy(bytes);
        using var codec = SKCodec.Create(data);
        if (codec is null) return null;
        CheckSize(codec.Info.Width, codec.Info.Height, maxPixels);
        var info = new SKImageInfo(codec.Info.Width, codec.Info.Height, SKColorType.Rgba8888, SKAlphaType.Unpremul);
        using var bitmap = new SKBitmap(info);
        var result = codec.GetPixels(info, bitmap.GetPixels());
        if (result is not (SKCodecResult.Success or SKCodecResult.IncompleteInput)) return null;
        return FromRgba(bitmap.GetPixelSpan(), info.Width, info.Height);
    }

    public static void CheckSize(int width, int height, long maxPixels)
    {
        if (width <= 0 || height <= 0)
            throw new ExtractionException("The image has no pixels.");
        if ((long)width * height > maxPixels)
            throw new ExtractionException(string.Create(CultureInfo.InvariantCulture,
                $"The image is {width:N0} × {height:N0} pixels; OCR reads at most {maxPixels:N0} pixels per page."));
    }

    /// <summary>Transparent pixels are composed over white paper.</summary>
    public static OcrImage FromRgba(ReadOnlySpan<byte> rgba, int width, int height)
    {
        var rgb = new byte[(long)width * height * 3];
        for (long i = 0, o = 0; o < rgb.Length; i += 4, o += 3)
        {
            var alpha = rgba[(int)i + 3];
            for (var c = 0; c < 3; c++)
                rgb[o + c] = (byte)((rgba[(int)i + c] * alpha + 255 * (255 - alpha) + 127) / 255);
        }
        return new OcrImage(width, height, rgb);
    }
}
