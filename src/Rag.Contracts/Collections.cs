namespace Rag.Contracts;

public sealed record CreateCollectionBody(string? Name);

public sealed record CollectionInfo(string Name, DateTimeOffset CreatedAt, int DocumentCount);
