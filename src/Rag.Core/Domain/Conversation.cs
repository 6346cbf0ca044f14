namespace Rag.Core.Domain;

/// <summary>A saved conversation: questions asked of one collection and the answers given, kept for the API key that
/// made it (and only visible to that key).</summary>
public sealed class Conversation
{
    public const int MaxTitleChars = 200;

    public Guid Id { get; set; } = Guid.NewGuid();

    /// <summary>The API key that owns it; <see cref="Guid.Empty"/> when authentication is off (everyone shares one owner).</summary>
    public Guid OwnerKeyId { get; set; }

    public Guid CollectionId { get; set; }
    public required string Title { get; set; }
    public DateTimeOffset CreatedAt { get; set; } = DateTimeOffset.UtcNow;
    public DateTimeOffset UpdatedAt { get; set; } = DateTimeOffset.UtcNow;
    public List<ConversationTurn> Turns { get; set; } = [];
}

/// <summary>One question of a conversation and the answer the service gave (its JSON, as POST /api/ask returned it).</summary>
public sealed class ConversationTurn
{
    public Guid ConversationId { get; set; }

    /// <summary>Position in the conversation, from 0.</summary>
    public int Index { get; set; }

    public required string Question { get; set; }
    public required string AnswerJson { get; set; }
    public DateTimeOffset CreatedAt { get; set; } = DateTimeOffset.UtcNow;
}
