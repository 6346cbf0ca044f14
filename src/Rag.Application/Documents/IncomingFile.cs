using Rag.Core.Errors;

namespace Rag.Application.Documents;

/// <summary>A file as received from a client: the name it claims, its length and a way to read it.</summary>
public sealed record IncomingFile(string FileName, long Length, Func<Stream> Open);

public sealed record AcceptedDocument(Guid Id, string FileName, string Status, bool Duplicate);

/// <summary>What became of one uploaded file: a document (new or the existing duplicate), or the reason it was refused.</summary>
public sealed record FileOutcome(string FileName, AcceptedDocument? Document, RequestRejectedException? Refusal);
