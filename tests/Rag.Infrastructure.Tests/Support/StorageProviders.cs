using Rag.Infrastructure.Storage;

namespace Rag.Infrastructure.Tests.Support;

/// <summary>Theory data naming every storage provider: <c>[Theory, MemberData(nameof(StorageProviders.All), MemberType = typeof(StorageProviders))]</c>.</summary>
public static class StorageProviders
{
    public static TheoryData<string> All => new() { StorageOptions.Sqlite, StorageOptions.Postgres };
}
