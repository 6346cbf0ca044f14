namespace Rag.Infrastructure.ModelDownload;

/// <summary>A download that cannot complete now, with a reason meant for people (offline, refused, not found, disk
/// full, hash mismatch). Never a bug: the service keeps answering extractively and tries again later.</summary>
public sealed class ModelDownloadException(string reason, Exception? inner = null) : Exception(reason, inner);
