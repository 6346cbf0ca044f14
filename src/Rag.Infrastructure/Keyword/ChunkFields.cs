using Lucene.Net.Documents;
using Rag.Core.Domain;

namespace Rag.Infrastructure.Keyword;

/// <summary>How a chunk is laid out as a Lucene document.</summary>
internal static class ChunkFields
{
    public const string ChunkId = "chunk_id";
    /// <summary>Only in the shared index of earlier versions, which <see cref="SharedIndexSplit"/> splits by it.</summary>
    public const string CollectionId = "collection_id";
    public const string DocumentId = "document_id";
    public const string Text = "text";

    public static string Key(Guid id) => id.ToString("N");

    public static Lucene.Net.Documents.Document ToDocument(Chunk chunk)
    {
        var text = string.IsNullOrWhiteSpace(chunk.Heading) ? chunk.Text : chunk.Heading + "\n" + chunk.Text;
        return
        [
            new StringField(ChunkId, Key(chunk.Id), Field.Store.YES),
            new StringField(DocumentId, Key(chunk.DocumentId), Field.Store.NO),
            new TextField(Text, text, Field.Store.NO),
        ];
    }
}
