using Grpc.Core;

namespace Rag.Infrastructure.Vectors.Qdrant;

/// <summary>Qdrant refused a request, or did not answer after all retries. The message names the operation and the
/// Qdrant collection and carries Qdrant's own words.</summary>
public sealed class QdrantException(string message, StatusCode statusCode, Exception? innerException = null)
    : Exception(message, innerException)
{
    /// <summary>The gRPC status of the last attempt: <see cref="Grpc.Core.StatusCode.DeadlineExceeded"/> for a
    /// timeout, <see cref="Grpc.Core.StatusCode.Unavailable"/> when Qdrant could not be reached.</summary>
    public StatusCode StatusCode { get; } = statusCode;
}
