using Microsoft.Extensions.AI;

namespace Rag.Core.Answering;

/// <summary>The chat model answers are written with right now, or none with its status saying why. Asked on every
/// question, so the first-run download switches answers from extractive to the LLM without a restart.</summary>
public sealed class LlmSlot(LlmStatus status, IChatClient? client = null)
{
    private volatile Holding _now = new(client, status);

    private sealed record Holding(IChatClient? Client, LlmStatus Status);

    public LlmStatus Status => _now.Status;

    /// <summary>The chat model and its status, read together.</summary>
    public (IChatClient? Client, LlmStatus Status) Now
    {
        get
        {
            var now = _now;
            return (now.Client, now.Status);
        }
    }

    /// <summary>No chat model (yet): answers are extractive for the status's reason.</summary>
    public void Report(LlmStatus status) => _now = new(null, status);

    public void Use(IChatClient chatClient, LlmStatus status) => _now = new(chatClient, status);
}
