namespace Rag.Infrastructure.Extraction;

/// <summary>Pictures OCR reads, recognised by their signatures.</summary>
internal static class ImageSniffer
{
    private static readonly byte[] Png = [0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A];
    private static readonly byte[] Jpeg = [0xFF, 0xD8, 0xFF];
    private static readonly byte[] TiffLittleEndian = [(byte)'I', (byte)'I', 42, 0];
    private static readonly byte[] TiffBigEndian = [(byte)'M', (byte)'M', 0, 42];

    public static string? Sniff(ReadOnlySpan<byte> head) =>
        head.StartsWith(Png) ? KnownContentTypes.Png
        : head.StartsWith(Jpeg) ? KnownContentTypes.Jpeg
        : head.StartsWith(TiffLittleEndian) || head.StartsWith(TiffBigEndian) ? KnownContentTypes.Tiff
        : null;
}
