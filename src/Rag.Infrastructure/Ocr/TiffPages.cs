using BitMiracle.LibTiff.Classic;
using Rag.Core.Extraction;
using Rag.Core.Ocr;

namespace Rag.Infrastructure.Ocr;

/// <summary>TIFF files, one page per image directory (multi-page scans), read with LibTiff.NET.</summary>
public static class TiffPages
{
    public static int Count(byte[] bytes)
    {
        using var tiff = Open(bytes);
        return tiff.NumberOfDirectories();
    }

    public static OcrImage Read(byte[] bytes, int pageNumber, long maxPixels)
    {
        using var tiff = Open(bytes);
        if (!tiff.SetDirectory((short)(pageNumber - 1)))
            throw new ExtractionException($"Page {pageNumber} of this TIFF cannot be read.");
        var width = tiff.GetField(TiffTag.IMAGEWIDTH)[0].ToInt();
        var height = tiff.GetField(TiffTag.IMAGELENGTH)[0].ToInt();
        ImageDecoder.CheckSize(width, height, maxPixels);
        var raster = new int[width * height];
        if (!tiff.ReadRGBAImageOriented(width, height, raster, Orientation.TOPLEFT))
            throw new ExtractionException($"Page {pageNumber} of this TIFF uses an encoding that cannot be read.");
        var rgba = new byte[raster.Length * 4];
        for (var i = 0; i < raster.Length; i++)
        {
            rgba[4 * i] = (byte)Tiff.GetR(raster[i]);
            rgba[4 * i + 1] = (byte)Tiff.GetG(raster[i]);
            rgba[4 * i + 2] = (byte)Tiff.GetB(raster[i]);
            rgba[4 * i + 3] = (byte)Tiff.GetA(raster[i]);
        }
        return ImageDecoder.FromRgba(rgba, width, height);
    }

    private static Tiff Open(byte[] bytes)
    {
        Tiff.SetErrorHandler(new QuietErrors());
        return Tiff.ClientOpen("upload.tif", "r", new MemoryStream(bytes), new TiffStream())
            ?? throw new ExtractionException("This TIFF file is damaged and cannot be read.");
    }

    /// <summary>LibTiff.NET prints to the console by default; its failures surface as return values instead.</summary>
    private sealed class QuietErrors : TiffErrorHandler
    {
        public override void ErrorHandler(Tiff tif, string method, string format, params object[] args) { }
        public override void WarningHandler(Tiff tif, string method, string format, params object[] args) { }
    }
}
