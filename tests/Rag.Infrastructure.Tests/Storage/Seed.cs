using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Rag.Core.Domain;
using Rag.Infrastructure.Storage;

namespace Rag.Infrastructure.Tests.Storage;

internal static class Seed
{
    public static Collection Collection(string? name = null) => new() { Name = name ?? $"c-{Guid.NewGuid():N}" };

    public static Document Document(Guid collectionId, string? contentHash = null, long sizeBytes = 0) => new()
    {
        CollectionId = collectionId,
        SizeBytes = sizeBytes,
        FileName = "report.pdf",
        ContentType = "application/pdf",
        ContentHash = contentHash ?? Convert.ToHexStringLower(Guid.NewGuid().ToByteArray()),
    };

    public static RagDbContext Context(this IServiceProvider services) =>
        services.GetRequiredService<IDbContextFactory<RagDbContext>>().CreateDbContext();

    /// <summary>Adds a collection with <paramref name="count"/> documents and returns the document ids.</summary>
    public static Task<Guid[]> DocumentsAsync(IServiceProvider services, int count) => DocumentsOfSizesAsync(services, new long[count]);

    /// <summary>Adds a collection with one document of each size (bytes) and returns the document ids in that order.</summary>
    public static async Task<Guid[]> DocumentsOfSizesAsync(IServiceProvider services, params long[] sizes)
    {
        await using var db = services.Context();
        var collection = Collection();
        var documents = sizes.Select(size => Document(collection.Id, sizeBytes: size)).ToArray();
        db.Collections.Add(collection);
        db.Documents.AddRange(documents);
        await db.SaveChangesAsync();
        return documents.Select(d => d.Id).ToArray();
    }
}
