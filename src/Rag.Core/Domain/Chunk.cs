namespace Rag.Core.Domain;

/// <summary>A retrievable passage of a document: text plus where it sits (page and character span in that page's text).</summary>
public sealed class Chunk
{
    public Guid Id { get; set; }
    public Guid DocumentId { get; set; }
    public Guid CollectionId { get; set; }

    /// <summary>Position of the chunk within its document, from 0.</summary>
    public int Ordinal { get; set; }

    /// <summary>1-based page number (1 for formats without pages).</summary>
    public int Page { get; set; }

    /// <summary>Character offsets [Start, End) into the extracted text of <see cref="Page"/>.</summary>
    public int Start { get; set; }
    public int End { get; set; }

    public required string Text { get; set; }

    /// <summary>Section heading in force where the chunk starts (Markdown), for context.</summary>
    public string? Heading { get; set; }

    /// <summary>Deterministic id so that re-running ingestion of the same document replaces rather than duplicates chunks.</summary>
    public static Guid DeterministicId(Guid documentId, int ordinal)
    {
        Span<byte> key = stackalloc byte[20];
        documentId.TryWriteBytes(key);
        System.Buffers.Binary.BinaryPrimitives.WriteInt32LittleEndian(key[16..], ordinal);
        return new Guid(System.Security.Cryptography.MD5.HashData(key));
    }
}
