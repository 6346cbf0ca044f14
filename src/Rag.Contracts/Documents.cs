using System.Text.Json.Serialization;

namespace Rag.Contracts;

/// <summary>Stage: queued, extract, ocr, chunk, embed, index, ready or failed; Done of Total units of that stage.</summary>
public sealed record DocumentProgress(string Stage, int Done, int Total, int Percent);

public sealed record DocumentInfo(
    Guid Id, string Collection, string FileName, string ContentType, long SizeBytes, string Status, DocumentProgress Progress,
    int PageCount, int PagesWithoutText, int ChunkCount, string? Error, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt);

public sealed record ChunkInfo(Guid Id, int Ordinal, int Page, int Start, int End, string Text, string? Heading);

/// <summary>One file of an upload (named as sent): the document it became (status queued, or the existing document's status when
/// <paramref name="Duplicate"/>), or status "refused" with the reason as RFC 7807 problem members.</summary>
public sealed record UploadedDocument(
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] Guid? Id,
    string FileName, string Status, bool Duplicate,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? StatusUrl,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] FileProblem? Problem)
{
    public const string Refused = "refused";
}

public sealed record FileProblem(int Status, string Title, string Detail);
