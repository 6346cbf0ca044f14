namespace Rag.Core.Errors;

/// <summary>Why the service refuses a request, in the domain's terms; each host (the HTTP API) maps it to its own
/// status.</summary>
public enum RejectionReason
{
    /// <summary>The input breaks a rule the caller can read in the detail.</summary>
    Invalid,
    /// <summary>The caller is known but may not do this.</summary>
    NotPermitted,
    NotFound,
    /// <summary>The request clashes with what is stored (a name taken, a state that does not allow it).</summary>
    Conflict,
    /// <summary>The input exceeds a configured size limit.</summary>
    TooLarge,
    /// <summary>The content is of a format the service does not read.</summary>
    UnsupportedFormat,
    /// <summary>The service is at capacity for this now; the same request later will do.</summary>
    Busy,
}

/// <summary>A request the service refuses for a reason the caller can fix; the API turns it into RFC 7807 problem details.
/// <see cref="Exception.Message"/> is the human-readable detail.</summary>
public sealed class RequestRejectedException(RejectionReason reason, string title, string detail) : Exception(detail)
{
    public RejectionReason Reason { get; } = reason;
    public string Title { get; } = title;

    public static RequestRejectedException CollectionNotFound(string name) =>
        new(RejectionReason.NotFound, "Collection not found", $"There is no collection named '{name}'. Create it with POST /api/collections first.");

    public static RequestRejectedException DocumentNotFound(Guid id) =>
        new(RejectionReason.NotFound, "Document not found", $"There is no document with id {id}.");
}
