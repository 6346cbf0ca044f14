using System.IO.Compression;
using System.Text;
using System.Text.RegularExpressions;

namespace Rag.Infrastructure.Extraction;

/// <summary>The objects of a PDF as text, found by scanning its bytes for "N G obj" headers (and inside object
/// streams) rather than by trusting its cross-reference table. Stream data is skipped, only dictionaries and plain
/// values are kept: enough to check the file's structure before PdfPig follows it. One pass over the bytes.</summary>
internal sealed partial class PdfObjectScan
{
    private readonly Dictionary<int, string> _bodies = [];

    /// <summary>The object number of the document catalog named by the last trailer, if any.</summary>
    public int? Root { get; private set; }

    public IReadOnlyDictionary<int, string> Bodies => _bodies;

    public string? Body(int number) => _bodies.GetValueOrDefault(number);

    /// <param name="maxDecodedBytes">The most an object stream may inflate to (a decompression bomb is refused here too).</param>
    public static PdfObjectScan Read(byte[] pdf, long maxDecodedBytes)
    {
        var scan = new PdfObjectScan();
        new Scanner(pdf, scan, maxDecodedBytes).Run();
        return scan;
    }

    private sealed class Scanner(byte[] pdf, PdfObjectScan scan, long maxDecodedBytes)
    {
        // Each keyword's last match is remembered, so every search moves forward: one pass in all, even for hostile files.
        private readonly Dictionary<string, int> _nextMatch = [];

        public void Run()
        {
            var position = 0;
            while (NextHeader(position) is var (number, _, bodyStart) && number >= 0)
            {
                var bodyEnd = Math.Min(Next("endobj", bodyStart), NextHeader(bodyStart).Start);
                var streamAt = Next("stream", bodyStart);
                if (streamAt < bodyEnd)
                {
                    var dictionary = Text(bodyStart, streamAt);
                    var dataStart = SkipEndOfLine(streamAt + "stream".Length);
                    var dataEnd = Math.Min(Next("endstream", dataStart), pdf.Length);
                    scan._bodies[number] = dictionary;
                    if (ObjectStreamType().IsMatch(dictionary))
                        ReadObjectStream(dictionary, pdf.AsMemory(dataStart, dataEnd - dataStart));
                    position = dataEnd;
                }
                else
                {
                    scan._bodies[number] = Text(bodyStart, Math.Min(bodyEnd, pdf.Length));
                    position = bodyEnd;
                }
            }
            scan.Root = LastRootEntry();
        }

        /// <summary>The catalog named by the last "/Root N G R" in the file: the newest trailer (or cross-reference
        /// stream) of an incrementally updated file; a linearized file names it only near its start.</summary>
        private int? LastRootEntry()
        {
            for (var end = pdf.Length; end > 0;)
            {
                var at = pdf.AsSpan(0, end).LastIndexOf("/Root"u8);
                if (at < 0) return null;
                var entry = RootEntry().Match(Encoding.Latin1.GetString(pdf, at, Math.Min(48, pdf.Length - at)));
                if (entry.Success) return ParseNumber(entry.Groups[1].Value);
                end = at;
            }
            return null;
        }

        /// <summary>The next "N G obj" at or after <paramref name="from"/>: its object number, where it starts and where its
        /// body starts; number -1 at the end of the file when there is none.</summary>
        private (int Number, int Start, int BodyStart) NextHeader(int from)
        {
            for (var obj = Next("obj", from); obj < pdf.Length; obj = Next("obj", obj + 3))
            {
                var end = obj + 3;
                if (end < pdf.Length && !IsDelimiter(pdf[end])) continue;
                var i = obj - 1;
                if (!SkipBack(ref i, IsWhitespace) || !SkipBack(ref i, char.IsAsciiDigit) || !SkipBack(ref i, IsWhitespace)) continue;
                var numberEnd = i + 1;
                if (!SkipBack(ref i, char.IsAsciiDigit) || (i >= 0 && !IsDelimiter(pdf[i]))) continue;
                if (ParseNumber(Encoding.ASCII.GetString(pdf, i + 1, numberEnd - i - 1)) is not { } number) continue;
                return (number, i + 1, end);
            }
            return (-1, pdf.Length, pdf.Length);
        }

        private bool SkipBack(ref int i, Func<char, bool> accepts)
        {
            var start = i;
            while (i >= 0 && accepts((char)pdf[i])) i--;
            return i < start;
        }

        private int Next(string keyword, int from)
        {
            if (_nextMatch.TryGetValue(keyword, out var known) && known >= from) return known;
            var found = from >= pdf.Length ? -1 : pdf.AsSpan(from).IndexOf(Encoding.ASCII.GetBytes(keyword).AsSpan());
            var at = found < 0 ? pdf.Length : from + found;
            _nextMatch[keyword] = at;
            return at;
        }

        private int SkipEndOfLine(int i)
        {
            if (i < pdf.Length && pdf[i] == '\r') i++;
            if (i < pdf.Length && pdf[i] == '\n') i++;
            return i;
        }

        private string Text(int start, int end) => Encoding.Latin1.GetString(pdf, start, Math.Max(0, end - start));

        /// <summary>Objects compressed inside an object stream (PDF 1.5+): "number offset" pairs, then the objects.</summary>
        private void ReadObjectStream(string dictionary, ReadOnlyMemory<byte> data)
        {
            if (!FlateOnly().IsMatch(dictionary) && dictionary.Contains("/Filter", StringComparison.Ordinal)) return;
            if (ParseNumber(CountEntry().Match(dictionary).Groups[1].Value) is not { } count
                || ParseNumber(FirstEntry().Match(dictionary).Groups[1].Value) is not { } first) return;
            var text = dictionary.Contains("/FlateDecode", StringComparison.Ordinal) ? Inflate(data) : Encoding.Latin1.GetString(data.Span);
            if (text is null || first > text.Length) return;

            var pairs = text[..first].Split((char[])[' ', '\r', '\n', '\t', '\f', '\0'], StringSplitOptions.RemoveEmptyEntries);
            for (var i = 0; i < count && 2 * i + 1 < pairs.Length; i++)
            {
                if (ParseNumber(pairs[2 * i]) is not { } number || ParseNumber(pairs[2 * i + 1]) is not { } offset) return;
                var next = 2 * i + 3 < pairs.Length && ParseNumber(pairs[2 * i + 3]) is { } nextOffset ? nextOffset : text.Length - first;
                var start = first + offset;
                var end = Math.Min(text.Length, first + next);
                if (start <= end && start <= text.Length)
                    scan._bodies[number] = text[start..end];
            }
        }

        private string? Inflate(ReadOnlyMemory<byte> data)
        {
            if (data.Length <= 2) return null;
            using var deflate = new DeflateStream(new MemoryStream(data[2..].ToArray()), CompressionMode.Decompress);
            using var inflated = new MemoryStream();
            var buffer = new byte[64 * 1024];
            try
            {
                int read;
                while ((read = deflate.Read(buffer)) > 0)
                {
                    if (inflated.Length + read > maxDecodedBytes) throw new PdfStreamTooLargeException(maxDecodedBytes);
                    inflated.Write(buffer, 0, read);
                }
            }
            catch (InvalidDataException)
            {
                // Damaged: what inflated before the damage is still read, as PdfPig does.
            }
            return Encoding.Latin1.GetString(inflated.GetBuffer(), 0, (int)inflated.Length);
        }
    }

    public static int? ParseNumber(string digits) => int.TryParse(digits, out var value) && value >= 0 ? value : null;

    private static bool IsWhitespace(char c) => c is ' ' or '\r' or '\n' or '\t' or '\f' or '\0';

    private static bool IsDelimiter(byte b) => IsWhitespace((char)b) || b is (byte)'<' or (byte)'[' or (byte)'(' or (byte)'/' or (byte)'%';

    [GeneratedRegex(@"/Type\s*/ObjStm\b")]
    private static partial Regex ObjectStreamType();

    [GeneratedRegex(@"/Filter\s*(\[\s*)?/FlateDecode\s*\]?\s*(/|>)")]
    private static partial Regex FlateOnly();

    [GeneratedRegex(@"/N\s+(\d+)")]
    private static partial Regex CountEntry();

    [GeneratedRegex(@"/First\s+(\d+)")]
    private static partial Regex FirstEntry();

    [GeneratedRegex(@"^/Root\s*(\d+)\s+\d+\s+R")]
    private static partial Regex RootEntry();
}
