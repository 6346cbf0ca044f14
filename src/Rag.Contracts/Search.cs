namespace Rag.Contracts;

public enum SearchMode { Keyword, Vector, Hybrid }

public sealed record SearchBody(string? Collection, string? Query, int? Top, SearchMode? Mode, Guid? DocumentId);

/// <summary>A retrieved passage, numbered from 1 in rank order (the [n] that answers cite).</summary>
public sealed record Source(int N, Guid DocumentId, string FileName, int Page, int Start, int End, string Text, float Score);

/// <summary>How a search ran: the mode asked for (or the default), the legs that ran ("keyword", "vector") and, when
/// one was left out, why.</summary>
public sealed record RetrievalInfo(string Mode, IReadOnlyList<string> Legs, string? Reason);

public sealed record SearchResponse(IReadOnlyList<Source> Results, RetrievalInfo Retrieval);
