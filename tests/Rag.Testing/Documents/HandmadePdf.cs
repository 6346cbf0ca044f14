using System.IO.Compression;
using System.Text;

namespace Rag.Testing.Documents;

/// <summary>Writes a PDF object by object straight to a stream, with a correct cross-reference table, so tests can
/// build small, deterministic files with hostile structures (page-tree bombs, decompression bombs) themselves.</summary>
public sealed class HandmadePdf(Stream output)
{
    private readonly Dictionary<int, long> _offsets = [];

    public static HandmadePdf Begin(Stream output)
    {
        var pdf = new HandmadePdf(output);
        pdf.Write("%PDF-1.7\n%\u00e2\u00e3\u00cf\u00d3\n");
        return pdf;
    }

    /// <summary>A small PDF in memory: catalog (object 1) and font, then <paramref name="objects"/>.</summary>
    public static byte[] InMemory(Action<HandmadePdf> objects)
    {
        using var bytes = new MemoryStream();
        var pdf = Begin(bytes).CatalogAndFont();
        objects(pdf);
        pdf.End(1);
        return bytes.ToArray();
    }

    /// <summary>Writes <c>number 0 obj body endobj</c>.</summary>
    public HandmadePdf Object(int number, string body)
    {
        _offsets[number] = output.Position;
        Write($"{number} 0 obj\n{body}\nendobj\n");
        return this;
    }

    /// <summary>Writes a stream object whose data comes from <paramref name="writeData"/> (which may write gigabytes
    /// through a compressor without holding them), and object <c>number + 1</c> with its length.</summary>
    public HandmadePdf Stream(int number, string dictionaryEntries, Action<Stream> writeData)
    {
        _offsets[number] = output.Position;
        Write($"{number} 0 obj\n<< {dictionaryEntries} /Length {number + 1} 0 R >>\nstream\n");
        var start = output.Position;
        writeData(output);
        var length = output.Position - start;
        Write("\nendstream\nendobj\n");
        return Object(number + 1, length.ToString());
    }

    /// <summary>A FlateDecode stream holding <paramref name="prefix"/> followed by <paramref name="spaces"/> spaces,
    /// compressed on the fly (about a thousand to one).</summary>
    public HandmadePdf FlateStream(int number, string dictionaryEntries, string prefix, long spaces) =>
        Stream(number, $"{dictionaryEntries} /Filter /FlateDecode", data =>
        {
            using var zlib = new ZLibStream(data, CompressionLevel.Optimal, leaveOpen: true);
            zlib.Write(Encoding.Latin1.GetBytes(prefix));
            var block = new byte[1 << 20];
            Array.Fill(block, (byte)' ');
            for (var left = spaces; left > 0; left -= block.Length)
                zlib.Write(block, 0, (int)Math.Min(block.Length, left));
        });

    /// <summary>A compressed object stream (PDF 1.5) holding <paramref name="objects"/>, as modern writers store most
    /// dictionaries. (The classic cross-reference table written by <see cref="End"/> does not point into it.)</summary>
    public HandmadePdf ObjectStream(int number, params (int Number, string Body)[] objects)
    {
        var header = new StringBuilder();
        var bodies = new StringBuilder();
        foreach (var (objectNumber, body) in objects)
        {
            header.Append($"{objectNumber} {bodies.Length} ");
            bodies.Append(body).Append('\n');
        }
        var content = Encoding.Latin1.GetBytes(header.ToString() + bodies);
        return Stream(number, $"/Type /ObjStm /N {objects.Length} /First {header.Length} /Filter /FlateDecode", data =>
        {
            using var zlib = new ZLibStream(data, CompressionLevel.Optimal, leaveOpen: true);
            zlib.Write(content);
        });
    }

    /// <summary>Writes the cross-reference table and trailer; objects not written are listed as free.</summary>
    public void End(int rootNumber)
    {
        var size = _offsets.Keys.Max() + 1;
        var xref = output.Position;
        var table = new StringBuilder($"xref\n0 {size}\n0000000000 65535 f\r\n");
        for (var number = 1; number < size; number++)
            table.Append(_offsets.TryGetValue(number, out var offset) ? $"{offset:D10} 00000 n\r\n" : "0000000000 65535 f\r\n");
        table.Append($"trailer\n<< /Size {size} /Root {rootNumber} 0 R >>\nstartxref\n{xref}\n%%EOF\n");
        Write(table.ToString());
    }

    private void Write(string text) => output.Write(Encoding.Latin1.GetBytes(text));

    /// <summary>A catalog (object 1) whose page tree root is object 2, and the Helvetica font as object 3.</summary>
    public HandmadePdf CatalogAndFont() =>
        Object(1, "<< /Type /Catalog /Pages 2 0 R >>")
            .Object(3, "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>");

    public const string PageResources = "/Resources << /Font << /F1 3 0 R >> >> /MediaBox [0 0 612 792]";

    /// <summary>Content stream operators that show <paramref name="text"/> (plain ASCII, no parentheses) near the top of the page.</summary>
    public static string ShowText(string text) => $"BT /F1 12 Tf 72 720 Td ({text}) Tj ET\n";

    /// <summary>A well-formed document with one page per text, for tests that need an ordinary PDF.</summary>
    public static byte[] WithPages(params string[] texts)
    {
        using var bytes = new MemoryStream();
        var pdf = Begin(bytes).CatalogAndFont();
        var kids = new List<string>();
        for (var i = 0; i < texts.Length; i++)
        {
            var page = 10 + 3 * i;
            kids.Add($"{page} 0 R");
            pdf.Object(page, $"<< /Type /Page /Parent 2 0 R {PageResources} /Contents {page + 1} 0 R >>");
            var content = Encoding.Latin1.GetBytes(ShowText(texts[i]));
            pdf.Stream(page + 1, "", data => data.Write(content));
        }
        pdf.Object(2, $"<< /Type /Pages /Kids [{string.Join(' ', kids)}] /Count {texts.Length} >>").End(1);
        return bytes.ToArray();
    }
}
