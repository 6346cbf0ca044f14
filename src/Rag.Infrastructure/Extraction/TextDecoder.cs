using System.Buffers;
using System.Text;
using System.Text.Unicode;

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
        var (encoding, preambleLength) = UnicodeByHead(bytes) ?? (Utf8.IsValid(bytes) ? (StrictUtf8, 0) : (Windows1252, 0));
        return encoding.GetString(bytes[preambleLength..]);
    }

    /// <summary>The encoding of a whole text file, read through once: UTF-8 or UTF-16 as <see cref="Decode"/> finds them,
    /// or null for anything else (legacy 8-bit text, which <see cref="Decode"/> reads as Windows-1252).</summary>
    public static async Task<Encoding?> DetectUnicodeAsync(Stream content, CancellationToken cancellationToken)
    {
        var buffer = new byte[81920];
        var head = await content.ReadAtLeastAsync(buffer.AsMemory(0, ContentSniffer.HeadLength), ContentSniffer.HeadLength, throwOnEndOfStream: false, cancellationToken);
        if (UnicodeByHead(buffer.AsSpan(0, head)) is var (unicode, _)) return unicode;
        var chars = new char[buffer.Length];
        var pending = head;
        while (true)
        {
            var read = await content.ReadAsync(buffer.AsMemory(pending), cancellationToken);
            var status = Utf8.ToUtf16(buffer.AsSpan(0, pending + read), chars, out var consumed, out _,
                replaceInvalidSequences: false, isFinalBlock: read == 0);
            if (status == OperationStatus.InvalidData) return null;
            if (read == 0) return Encoding.UTF8;
            // A character cut by the end of the buffer is finished by the next read.
            pending = pending + read - consumed;
            buffer.AsSpan(consumed, pending).CopyTo(buffer);
        }
    }

    /// <summary>UTF-8 with its byte order mark, or UTF-16 with or without one, and the length of the mark.</summary>
    private static (Encoding Encoding, int PreambleLength)? UnicodeByHead(ReadOnlySpan<byte> bytes)
    {
        if (bytes.StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF]))
            return (Encoding.UTF8, 3);
        if (bytes.StartsWith((ReadOnlySpan<byte>)[0xFF, 0xFE]))
            return (Encoding.Unicode, 2);
        if (bytes.StartsWith((ReadOnlySpan<byte>)[0xFE, 0xFF]))
            return (Encoding.BigEndianUnicode, 2);
        return Utf16WithoutByteOrderMark(bytes) is { } utf16 ? (utf16, 0) : null;
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
