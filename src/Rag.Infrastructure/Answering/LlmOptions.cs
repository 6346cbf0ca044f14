using System.ComponentModel.DataAnnotations;

namespace Rag.Infrastructure.Answering;

public enum LlmProvider { Auto, None, Onnx, OpenAI }

/// <summary>Configuration section Rag:Llm. Provider auto (the default) downloads a small instruct model on first start
/// (section Rag:Llm:Download) and answers extractively until it runs; none keeps the extractive answerer.</summary>
public sealed class LlmOptions
{
    public LlmProvider Provider { get; init; } = LlmProvider.Auto;

    /// <summary>openai: base address of an OpenAI-compatible server, e.g. http://localhost:11434/v1.</summary>
    public string? Endpoint { get; init; }
    public string? Model { get; init; }
    public string? ApiKey { get; init; }

    /// <summary>openai: how long one call may take until the server's reply begins (streamed answers) or is complete (the
    /// question rewrite, not streamed); a streamed answer may then run as long as tokens keep coming. Transient
    /// failures (connection refused, 429, 5xx) are retried within the same time.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00")]
    public TimeSpan Timeout { get; init; } = TimeSpan.FromMinutes(5);

    [Range(1, 1_000_000)]
    public int MaxNewTokens { get; init; } = 512;
    [Range(0.0, 10.0)]
    public float Temperature { get; init; }
}
