using System.Text;

namespace Rag.Infrastructure.Extraction;

/// <summary>Decides what an upload really is from its first bytes; the file name only refines text and zip formats.</summary>
public static class ContentSniffer
{
    /// <summary>How many leading bytes <see cref="Sniff"/> looks at; pass at least this many when the file is that long.</summary>
    public const int HeadLength = 1024;

    private static readonly byte[] PdfMarker = "%PDF-"u8.ToArray();
    private static readonly byte[] ZipMarker = [0x50, 0x4B, 0x03, 0x04];

    /// <summary>Returns a <see cref="KnownContentTypes"/> value, or null when the upload is not a supported kind of file.</summary>
    public static string? Sniff(ReadOnlySpan<byte> head, string? fileName)
    {
        head = head[..Math.Min(head.Length, HeadLength)];
        var extension = Path.GetExtension(fileName ?? "").ToLowerInvariant();

        // Some PDFs carry a prefix such as a 128-byte MacBinary header; readers accept %PDF anywhere in the first KiB.
        if (head.IndexOf(PdfMarker) >= 0)
            return KnownContentTypes.Pdf;
        if (ImageSniffer.Sniff(head) is { } image)
            return image;
        if (head.StartsWith(ZipMarker))
            return extension == ".docx" ? KnownContentTypes.Docx : null;
        if (!LooksLikeText(head))
            return null;

        return extension switch
        {
            ".md" or ".markdown" => KnownContentTypes.Markdown,
            ".html" or ".htm" => KnownContentTypes.Html,
            _ when StartsLikeHtml(head) => KnownContentTypes.Html,
            ".txt" or ".text" or "" => KnownContentTypes.PlainText,
            _ => null,
        };
    }

    private static bool LooksLikeText(ReadOnlySpan<byte> head) =>
        TextDecoder.HasUtf16ByteOrderMark(head) || head.IndexOf((byte)0) < 0 || TextDecoder.Utf16WithoutByteOrderMark(head) is not null;

    private static bool StartsLikeHtml(ReadOnlySpan<byte> head)
    {
        var start = Encoding.UTF8.GetString(head[..Math.Min(head.Length, 64)]).TrimStart('\uFEFF', ' ', '\t', '\r', '\n');
        return start.StartsWith("<!doctype html", StringComparison.OrdinalIgnoreCase)
            || start.StartsWith("<html", StringComparison.OrdinalIgnoreCase);
    }
}
