namespace Rag.Onnx.Generation;

/// <summary>A loaded local LLM that turns prompt token ids into generated token ids: our KV-cache loop
/// (<see cref="OnnxDecoder"/>, Optimum-layout folders) or ONNX Runtime GenAI (<see cref="GenAiDecoder"/>, folders with
/// genai_config.json). Both use our tokenizer and chat template, so the chat client on top is the same.</summary>
public interface ILocalDecoder : IDisposable
{
    /// <summary>"onnx" (our decoder) or "genai" (ONNX Runtime GenAI).</summary>
    string Engine { get; }
    IDecoderTokenizer Tokenizer { get; }
    ChatTemplate Template { get; }
    IReadOnlySet<int> StopIds { get; }
    /// <summary>The execution provider the model really runs on ("cpu" or "cuda").</summary>
    string ExecutionProvider { get; }
    /// <summary>Most tokens (prompt + generated) one sequence may hold.</summary>
    int ContextLength { get; }

    /// <summary>Up to settings.MaxNewTokens tokens after the prompt; a stop id ends the sequence (and is yielded).</summary>
    IEnumerable<GeneratedToken> Generate(IReadOnlyList<int> prompt, SamplingSettings settings);
}
