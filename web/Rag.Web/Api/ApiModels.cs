using System.Text.Json;
using System.Text.Json.Serialization;

namespace Rag.Web.Api;

// The JSON shapes of the service's HTTP API (see README's route table), as the UI reads them.

public sealed record CollectionInfo(string Name, DateTimeOffset CreatedAt, int DocumentCount);

public sealed record DocumentProgress(string Stage, int Done, int Total, int Percent);

public sealed record DocumentInfo(
    Guid Id, string FileName, long SizeBytes, string Status, DocumentProgress Progress,
    int PageCount, int ChunkCount, string? Error, DateTimeOffset CreatedAt, string? ContentType = null, string? Collection = null);

public sealed record ChunkInfo(Guid Id, int Ordinal, int Page, int Start, int End, string Text);

public sealed record Source(int N, Guid DocumentId, string FileName, int Page, int Start, int End, string Text, float Score);

public sealed record Citation(int N, Guid DocumentId, string FileName, int Page, string Quote);

/// <summary>How a search ran: the legs ("keyword", "vector") and, when one was left out, why.</summary>
public sealed record RetrievalInfo(string Mode, IReadOnlyList<string> Legs, string? Reason);

/// <summary>AnswerKind: "extractive" (sentences of the sources) or "generated" (written by the LLM). ExtractiveReason: set
/// when no LLM wrote the answer (it is picked from the sources), and why.</summary>
public sealed record AskAnswer(string? Answer, bool Grounded, IReadOnlyList<Citation> Citations, IReadOnlyList<Source> Sources,
    RetrievalInfo? Retrieval = null, string? ExtractiveReason = null, string? AnswerKind = null)
{
    public const string NotFoundText = "Not found in the documents.";

    /// <summary>The answer's other fields, kept so that a saved answer is stored whole.</summary>
    [JsonExtensionData] public Dictionary<string, JsonElement>? More { get; init; }
}

/// <summary>An earlier message of the conversation, sent with a follow-up so the server can make it standalone.</summary>
public sealed record ConversationMessage(string Role, string Content);

public sealed record SearchResults(IReadOnlyList<Source> Results, RetrievalInfo? Retrieval = null);

public sealed record ModelCard(
    string Name, string Kind, string? Architecture, int? Layers, int? HiddenSize, long ParameterCount, int? Dimensions,
    int MaxSequenceLength, string? Pooling, string Quantization, string ExecutionProvider, string? License,
    string Fingerprint, string Source, IReadOnlyList<string> Languages);

/// <summary>The embedding model's state: "ready", "disabled" or "failed", with the reason when not ready.</summary>
public sealed record EmbeddingInfo(string State, string Model, string? Reason);

public sealed record ModelList(IReadOnlyList<ModelCard> Models, EmbeddingInfo Embedding);

/// <summary>GET api/models/llm: the answer-writing LLM's state (disabled, downloading, loading, ready, failed).</summary>
public sealed record LlmStatusInfo(string State, string Provider, string? Model, string? Reason, long? BytesDone, long? BytesTotal, int? Percent)
{
    public bool Changing => State is "downloading" or "loading";
}

public sealed record ConversationSummary(Guid Id, string Title, string Collection, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt, int TurnCount);

/// <summary>A saved question and the answer the service gave to it.</summary>
public sealed record SavedTurn(int Index, string Question, AskAnswer Answer, DateTimeOffset CreatedAt);

public sealed record ConversationDetail(Guid Id, string Title, string Collection, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt,
    IReadOnlyList<SavedTurn> Turns);

public enum SearchMode { Keyword, Vector, Hybrid }
