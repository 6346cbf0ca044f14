namespace Rag.Onnx.Generation;

/// <summary>Configuration of the local ONNX decoder (section Rag:Llm when Provider is onnx or auto).</summary>
public sealed record DecoderOptions
{
    /// <summary>Folder with config.json, tokenizer.json and model.onnx (at the root or in onnx/).</summary>
    public string? ModelPath { get; init; }
    public string ExecutionProvider { get; init; } = "cpu";
    public int DeviceId { get; init; }
    public int IntraOpThreads { get; init; }
    public int MaxNewTokens { get; init; } = 512;

    /// <summary>Prompt plus generated tokens never exceed this; 0 means the model's max_position_embeddings.</summary>
    public int ContextLength { get; init; }
}
