using Rag.Contracts;

namespace Rag.Core.Answering;

/// <summary>Where the answer-writing LLM stands (GET /api/models/llm, the Models page). Provider is the configured
/// Rag:Llm:Provider; Model names what runs or is being fetched; Reason says why it failed (offline, hash mismatch,
/// disk full…) or is disabled; the byte counts describe a download in progress.</summary>
public sealed record LlmStatus(LlmState State, string Provider, string? Model, string? Reason = null, long? BytesDone = null, long? BytesTotal = null)
{
    public int? Percent => BytesTotal > 0 ? (int)(100 * BytesDone.GetValueOrDefault() / BytesTotal.Value) : null;

    /// <summary>Why answers are extractive while the LLM is in this state.</summary>
    public string ExtractiveReason => State switch
    {
        LlmState.Disabled => $"No LLM is configured: {Reason}",
        LlmState.Downloading => $"The LLM ({Model}) is still downloading ({Percent ?? 0}%).",
        LlmState.Loading => $"The LLM ({Model}) is loading.",
        LlmState.Failed => $"The LLM ({Model}) is unavailable: {Reason}",
        _ => "",
    };
}
