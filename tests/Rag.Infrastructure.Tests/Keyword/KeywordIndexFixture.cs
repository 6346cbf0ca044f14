using Rag.Core.Domain;
using Rag.Infrastructure.Keyword;

namespace Rag.Infrastructure.Tests.Keyword;

/// <summary>A keyword index in its own temporary folder, deleted afterwards.</summary>
public abstract class KeywordIndexFixture : IAsyncLifetime
{
    protected static readonly Guid CollectionA = Guid.NewGuid();
    protected static readonly Guid CollectionB = Guid.NewGuid();

    protected string Folder { get; } = Directory.CreateTempSubdirectory("keyword-index-").FullName;
    protected LuceneKeywordIndex Index { get; set; } = null!;

    public Task InitializeAsync()
    {
        Index = new LuceneKeywordIndex(Folder);
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        await Index.DisposeAsync();
        Directory.Delete(Folder, recursive: true);
    }

    protected static Chunk NewChunk(string text, Guid? collectionId = null, Guid? documentId = null, int ordinal = 0, string? heading = null)
    {
        var document = documentId ?? Guid.NewGuid();
        return new Chunk
        {
            Id = Chunk.DeterministicId(document, ordinal),
            DocumentId = document,
            CollectionId = collectionId ?? CollectionA,
            Ordinal = ordinal,
            Page = 1,
            Text = text,
            Heading = heading,
        };
    }

    protected async Task<List<Guid>> SearchIds(string query, Guid? collectionId = null, Guid? documentId = null, int top = 10)
    {
        var hits = await Index.SearchAsync(collectionId ?? CollectionA, query, top, documentId);
        return hits.Select(hit => hit.ChunkId).ToList();
    }
}
