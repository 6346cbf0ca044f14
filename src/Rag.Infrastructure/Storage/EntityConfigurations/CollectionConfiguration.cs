using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Rag.Core.Domain;

namespace Rag.Infrastructure.Storage.EntityConfigurations;

internal sealed class CollectionConfiguration : IEntityTypeConfiguration<Collection>
{
    public const int NameMaxLength = 100;

    public void Configure(EntityTypeBuilder<Collection> collection)
    {
        collection.HasKey(c => c.Id);
        collection.Property(c => c.Name).HasMaxLength(NameMaxLength);
        collection.HasIndex(c => c.Name).IsUnique();
        collection.Property(c => c.EmbeddingFingerprint).HasMaxLength(200);
    }
}
