namespace Rag.Core.Answering;

/// <summary>One earlier message of a conversation: role "user" or "assistant".</summary>
public sealed record ConversationTurn(string Role, string Content);
