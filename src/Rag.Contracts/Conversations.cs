using System.Text.Json;

namespace Rag.Contracts;

public sealed record CreateConversationBody(string? Collection, string? Title);

public sealed record RenameConversationBody(string? Title);

/// <summary>Answer: the <see cref="AskResponse"/> as the client received it; stored and returned as sent.</summary>
public sealed record AppendTurnBody(string? Question, JsonElement Answer);

public sealed record ConversationSummary(Guid Id, string Title, string Collection, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt, int TurnCount);

/// <summary>A saved turn: the question and the answer as POST /api/ask returned it (an <see cref="AskResponse"/>).</summary>
public sealed record SavedTurn(int Index, string Question, JsonElement Answer, DateTimeOffset CreatedAt);

public sealed record ConversationDetail(Guid Id, string Title, string Collection, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt,
    IReadOnlyList<SavedTurn> Turns);
