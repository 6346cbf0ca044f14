namespace Rag.Core.Retrieval;

/// <summary>A chunk as returned to callers: where it comes from, its text and its retrieval score.</summary>
public sealed record RetrievedChunk(
    Guid ChunkId, Guid DocumentId, string FileName, int Page, int Start, int End, string Text, float Score);
