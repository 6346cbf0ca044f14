using System.Collections.Concurrent;
using System.Text;
using Rag.Core.Domain;
using Rag.Infrastructure.Extraction;

namespace Rag.Infrastructure.Files;

/// <summary>The charset a text original is really in, so that a browser does not show "Café" as "CafÃ©". Finding it
/// reads the whole file, so it is found once per stored file: originals are stored by content hash and never change.</summary>
public sealed class OriginalCharsets(FileStore files)
{
    private const int Capacity = 4096;
    private readonly ConcurrentDictionary<string, Encoding?> _byContentHash = new(StringComparer.Ordinal);

    /// <summary>The content type to serve the original with: text with its charset; HTML in a legacy encoding with
    /// none, so that its own &lt;meta charset&gt; decides, as browsers do.</summary>
    public async Task<string> ContentTypeAsync(Document document, CancellationToken cancellationToken)
    {
        if (!document.ContentType.StartsWith("text/", StringComparison.Ordinal)) return document.ContentType;
        var charset = await UnicodeEncodingAsync(document.ContentHash, cancellationToken) switch
        {
            null when document.ContentType == KnownContentTypes.Html => null,
            null => "windows-1252",
            UnicodeEncoding { CodePage: 1201 } => "utf-16be",
            UnicodeEncoding => "utf-16le",
            _ => "utf-8",
        };
        return charset is null ? document.ContentType : $"{document.ContentType}; charset={charset}";
    }

    private async Task<Encoding?> UnicodeEncodingAsync(string contentHash, CancellationToken cancellationToken)
    {
        if (_byContentHash.TryGetValue(contentHash, out var known)) return known;
        Encoding? encoding;
        await using (var content = files.OpenRead(contentHash)) encoding = await TextDecoder.DetectUnicodeAsync(content, cancellationToken);
        if (_byContentHash.Count >= Capacity) _byContentHash.Clear();
        _byContentHash[contentHash] = encoding;
        return encoding;
    }
}
