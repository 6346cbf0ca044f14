namespace Rag.Core.Errors;

public enum RejectionKind { BadRequest, Forbidden, NotFound, Conflict, PayloadTooLarge, UnsupportedMediaType, TooManyRequests }

/// <summary>A request the service refuses for a reason the caller can fix; the API turns it into RFC 7807 problem details.
/// <see cref="Exception.Message"/> is the human-readable detail.</summary>
public sealed class RequestRejectedException(RejectionKind kind, string title, string detail) : Exception(detail)
{
    public RejectionKind Kind { get; } = kind;
    public string Title { get; } = title;

    public static RequestRejectedException CollectionNotFound(string name) =>
        new(RejectionKind.NotFound, "Collection not found", $"There is no collection named '{name}'. Create it with POST /api/collections first.");

    public static RequestRejectedException DocumentNotFound(Guid id) =>
        new(RejectionKind.NotFound, "Document not found", $"There is no document with id {id}.");
}
