namespace Rag.Core.Chunking;

/// <summary>A chunk before it is stored: its text is exactly PageText[Start..End].</summary>
public sealed record ChunkDraft(int Page, int Start, int End, string Text, string? Heading);
