using System.Net;

namespace Rag.Infrastructure.Vectors.Qdrant;

/// <summary>Qdrant refused a request, or did not answer after all retries. The message carries Qdrant's own words.</summary>
public sealed class QdrantException(string message, HttpStatusCode? statusCode = null, Exception? innerException = null)
    : Exception(message, innerException)
{
    /// <summary>Null when no response came back (timeout, connection failure).</summary>
    public HttpStatusCode? StatusCode { get; } = statusCode;
}
