namespace Rag.Core.Answering;

/// <summary>[n] in the answer text refers to source n (1-based, in retrieval rank order).</summary>
public sealed record Citation(int N, Guid DocumentId, string FileName, int Page, string Quote);

public sealed record GroundedAnswer(string Text, bool Grounded, IReadOnlyList<Citation> Citations)
{
    public const string NotFound = "Not found in the documents.";

    public static GroundedAnswer NotFoundInDocuments() => new(NotFound, false, []);
}
