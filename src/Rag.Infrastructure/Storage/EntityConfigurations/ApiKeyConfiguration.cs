using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Rag.Core.Access;
using Rag.Core.Domain;

namespace Rag.Infrastructure.Storage.EntityConfigurations;

internal sealed class ApiKeyConfiguration : IEntityTypeConfiguration<ApiKey>
{
    public const int NameMaxLength = 100;

    public void Configure(EntityTypeBuilder<ApiKey> key)
    {
        key.HasKey(k => k.Id);
        key.Property(k => k.Name).HasMaxLength(NameMaxLength);
        key.Property(k => k.Prefix).HasMaxLength(16);
        key.Property(k => k.SecretHash).HasMaxLength(64);
        // Every request looks its key up by hash.
        key.HasIndex(k => k.SecretHash).IsUnique();
        key.HasMany(k => k.Grants).WithOne().HasForeignKey(g => g.ApiKeyId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class ApiKeyGrantConfiguration : IEntityTypeConfiguration<ApiKeyGrant>
{
    public void Configure(EntityTypeBuilder<ApiKeyGrant> grant)
    {
        grant.ToTable("ApiKeyGrants");
        grant.HasKey(g => new { g.ApiKeyId, g.CollectionId });
        // Deleting a collection removes every right on it, so a new collection of the same name starts with none.
        grant.HasOne<Collection>().WithMany().HasForeignKey(g => g.CollectionId).OnDelete(DeleteBehavior.Cascade);
        grant.Property(g => g.Right).HasConversion<string>().HasMaxLength(8);
    }
}
