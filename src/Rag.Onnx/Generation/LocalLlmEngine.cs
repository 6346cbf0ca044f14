using Microsoft.Extensions.AI;
using Microsoft.Extensions.Logging;

namespace Rag.Onnx.Generation;

/// <summary>The one place that picks the local LLM engine by what the model folder holds: genai_config.json → ONNX
/// Runtime GenAI (<see cref="GenAiDecoder"/>); otherwise the Optimum / transformers.js layout → our KV-cache decoder
/// (<see cref="OnnxDecoder"/>).</summary>
public static class LocalLlmEngine
{
    public static ILocalDecoder Load(DecoderOptions options, ILogger logger)
    {
        if (string.IsNullOrWhiteSpace(options.ModelPath)) throw new InvalidOperationException("Rag:Llm:ModelPath is required for provider 'onnx'.");
        return GenAiFolder.IsGenAiFolder(options.ModelPath) ? new GenAiDecoder(options, logger) : new OnnxDecoder(options, logger);
    }

    public static IChatClient ChatClient(ILocalDecoder decoder, DecoderOptions options) => decoder switch
    {
        GenAiDecoder genAi => new GenAiChatClient(genAi, options),
        _ => new OnnxChatClient(decoder, options),
    };
}
