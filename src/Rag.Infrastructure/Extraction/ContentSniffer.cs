using System.Text;
using System.Xml;
using Rag.Infrastructure.Extraction.Office;

namespace Rag.Infrastructure.Extraction;

/// <summary>Decides what an upload really is from its bytes; the file name only refines text formats (and names the
/// Office type of a zip too damaged to say, so that reading it fails with the reason).</summary>
public static class ContentSniffer
{
    /// <summary>How many leading bytes <see cref="Sniff(ReadOnlySpan{byte}, string?)"/> looks at; pass at least this many when the file is that long.</summary>
    public const int HeadLength = 1024;

    private static readonly byte[] PdfMarker = "%PDF-"u8.ToArray();
    private static readonly byte[] ZipMarker = [0x50, 0x4B, 0x03, 0x04];

    /// <summary>Like <see cref="Sniff(ReadOnlySpan{byte}, string?)"/>, and tells Office packages (zips) apart by their
    /// declared main part, which needs the whole (seekable) file.</summary>
    public static string? Sniff(Stream content, string? fileName)
    {
        var head = new byte[HeadLength];
        var read = content.ReadAtLeast(head, head.Length, throwOnEndOfStream: false);
        if (!head.AsSpan(0, read).StartsWith(ZipMarker) || !content.CanSeek)
            return Sniff(head.AsSpan(0, read), fileName);
        try
        {
            content.Position = 0;
            return OfficeContentTypes.Of(content);
        }
        catch (Exception e) when (e is InvalidDataException or XmlException or IOException)
        {
            return OfficeTypeByName(fileName);
        }
    }

    /// <summary>Returns a <see cref="KnownContentTypes"/> value, or null when the upload is not a supported kind of file
    /// (or a zip, whose kind <see cref="Sniff(Stream, string?)"/> tells).</summary>
    public static string? Sniff(ReadOnlySpan<byte> head, string? fileName)
    {
        head = head[..Math.Min(head.Length, HeadLength)];
        var extension = Path.GetExtension(fileName ?? "").ToLowerInvariant();

        if (IsPdf(head))
            return KnownContentTypes.Pdf;
        if (ImageSniffer.Sniff(head) is { } image)
            return image;
        if (head.StartsWith(ZipMarker))
            return null;
        if (!LooksLikeText(head))
            return null;

        return extension switch
        {
            ".md" or ".markdown" => KnownContentTypes.Markdown,
            ".csv" => KnownContentTypes.Csv,
            ".html" or ".htm" => KnownContentTypes.Html,
            _ when StartsLikeHtml(head) => KnownContentTypes.Html,
            ".txt" or ".text" or "" => KnownContentTypes.PlainText,
            _ => null,
        };
    }

    /// <summary>"%PDF-" where the format puts it: at the start, or behind a MacBinary header. PDF readers also
    /// accept it further into the first KiB, but then an HTML page carrying "%PDF-" in a comment would pass for a PDF.</summary>
    private static bool IsPdf(ReadOnlySpan<byte> head) =>
        head.StartsWith(PdfMarker) || (MacBinaryHeader.IsValid(head) && head[MacBinaryHeader.Length..].StartsWith(PdfMarker));

    private static string? OfficeTypeByName(string? fileName) => Path.GetExtension(fileName ?? "").ToLowerInvariant() switch
    {
        ".docx" => KnownContentTypes.Docx,
        ".pptx" => KnownContentTypes.Pptx,
        ".xlsx" => KnownContentTypes.Xlsx,
        _ => null,
    };

    private static bool LooksLikeText(ReadOnlySpan<byte> head) =>
        TextDecoder.HasUtf16ByteOrderMark(head) || head.IndexOf((byte)0) < 0 || TextDecoder.Utf16WithoutByteOrderMark(head) is not null;

    private static bool StartsLikeHtml(ReadOnlySpan<byte> head)
    {
        var start = Encoding.UTF8.GetString(head[..Math.Min(head.Length, 64)]).TrimStart('\uFEFF', ' ', '\t', '\r', '\n');
        return start.StartsWith("<!doctype html", StringComparison.OrdinalIgnoreCase)
            || start.StartsWith("<html", StringComparison.OrdinalIgnoreCase);
    }
}
