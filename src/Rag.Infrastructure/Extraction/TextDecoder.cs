using System.Text;

namespace Rag.Infrastructure.Extraction;

/// <summary>Turns the bytes of a text file into a string: BOM first, then UTF-16 recognised by its zero bytes, then
/// strict UTF-8, else Windows-1252.</summary>
public static class TextDecoder
{
    private static readonly Encoding StrictUtf8 = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);
    private static readonly Encoding Windows1252 = CodePagesEncodingProvider.Instance.GetEncoding(1252) ?? Encoding.Latin1;

    public static bool HasUtf16ByteOrderMark(ReadOnlySpan<byte> bytes) =>
        bytes.StartsWith((ReadOnlySpan<byte>)[0xFF, 0xFE]) || bytes.StartsWith((ReadOnlySpan<byte>)[0xFE, 0xFF]);

    public static string Decode(ReadOnlySpan<byte> bytes)
    {
        if (bytes.StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF]))
            return Encoding.UTF8.GetString(bytes[3..]);
        if (bytes.StartsWith((ReadOnlySpan<byte>)[0xFF, 0xFE]))
            return Encoding.Unicode.GetString(bytes[2..]);
        if (bytes.StartsWith((ReadOnlySpan<byte>)[0xFE, 0xFF]))
            return Encoding.BigEndianUnicode.GetString(bytes[2..]);
        if (Utf16WithoutByteOrderMark(bytes) is { } utf16)
            return utf16.GetString(bytes);
        try
        {
            return StrictUtf8.GetString(bytes);
        }
        catch (DecoderFallbackException)
        {
            // Not UTF-8: legacy Western text is by far the most common remaining case.
            return Windows1252.GetString(bytes);
        }
    }

    /// <summary>UTF-16 saved without a byte order mark: spaces, digits and Latin letters put a zero in every other
    /// byte (the odd ones little-endian, the even ones big-endian), which text in any 8-bit encoding never has.</summary>
    public static Encoding? Utf16WithoutByteOrderMark(ReadOnlySpan<byte> bytes)
    {
        var head = bytes[..(Math.Min(bytes.Length, ContentSniffer.HeadLength) & ~1)];
        int zerosAtEven = 0, zerosAtOdd = 0;
        for (var i = 0; i < head.Length; i++)
        {
            if (head[i] != 0) continue;
            if (i % 2 == 0) zerosAtEven++; else zerosAtOdd++;
        }
        var pairs = head.Length / 2;
        if (pairs == 0 || (zerosAtEven > 0 && zerosAtOdd > 0)) return null;
        var minimum = Math.Max(1, pairs / 20);
        var candidate = zerosAtOdd >= minimum ? Encoding.Unicode : zerosAtEven >= minimum ? Encoding.BigEndianUnicode : null;
        // Binary data can have zeros in a pattern too, but then decodes to control characters.
        return candidate is not null && !candidate.GetString(head).Any(c => char.IsControl(c) && !char.IsWhiteSpace(c)) ? candidate : null;
    }

    public static string NormalizeLineEndings(string text) => text.Replace("\r\n", "\n").Replace('\r', '\n');
}
