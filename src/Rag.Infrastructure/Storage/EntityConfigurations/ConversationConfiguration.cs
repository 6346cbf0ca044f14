using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Microsoft.EntityFrameworkCore;
using Rag.Core.Domain;

namespace Rag.Infrastructure.Storage.EntityConfigurations;

internal sealed class ConversationConfiguration : IEntityTypeConfiguration<Conversation>
{
    public const int TitleMaxLength = Conversation.MaxTitleChars;

    public void Configure(EntityTypeBuilder<Conversation> conversation)
    {
        conversation.HasKey(c => c.Id);
        conversation.Property(c => c.Title).HasMaxLength(TitleMaxLength);
        // A key's list, newest first.
        conversation.HasIndex(c => new { c.OwnerKeyId, c.UpdatedAt });
        // Deleting a collection deletes the conversations about it (their answers quote its documents).
        conversation.HasOne<Collection>().WithMany().HasForeignKey(c => c.CollectionId).OnDelete(DeleteBehavior.Cascade);
        conversation.HasMany(c => c.Turns).WithOne().HasForeignKey(t => t.ConversationId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class ConversationTurnConfiguration : IEntityTypeConfiguration<ConversationTurn>
{
    public void Configure(EntityTypeBuilder<ConversationTurn> turn)
    {
        turn.ToTable("ConversationTurns");
        turn.HasKey(t => new { t.ConversationId, t.Index });
    }
}
