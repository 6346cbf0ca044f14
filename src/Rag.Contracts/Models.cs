namespace Rag.Contracts;

/// <summary>A loaded model. Source: "bundled" (shipped with the service) or "folder" (configured); Languages: ISO codes
/// from the model's card, or "unknown"; ExecutionProvider: the one really in use ("cpu" or "cuda").</summary>
public sealed record ModelCardInfo(
    string Name, string Kind, string? Architecture, int? Layers, int? HiddenSize, int? AttentionHeads, long ParameterCount,
    int? Dimensions, int MaxSequenceLength, string? Pooling, string Quantization, string ExecutionProvider, string? License,
    string Fingerprint, string Source, IReadOnlyList<string> Languages);

/// <summary>The embedding model's state: "ready", "disabled" or "failed", with the reason when not ready.</summary>
public sealed record EmbeddingInfo(string State, string Model, string? Reason);

public enum LlmState { Disabled, Downloading, Loading, Ready, Failed }

/// <summary>The answer-writing LLM (GET /api/models/llm). Provider: the configured Rag:Llm:Provider; Model: what runs or
/// is being fetched; Reason: why it failed or is disabled; the byte counts and Percent: a download in progress;
/// ExtractiveReason: why answers are extractive in this state.</summary>
public sealed record LlmStatusInfo(LlmState State, string Provider, string? Model, string? Reason, long? BytesDone, long? BytesTotal,
    int? Percent, string ExtractiveReason)
{
    public bool Changing => State is LlmState.Downloading or LlmState.Loading;
}

public sealed record ModelsResponse(IReadOnlyList<ModelCardInfo> Models, EmbeddingInfo Embedding, LlmStatusInfo Llm);
