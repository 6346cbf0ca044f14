using System.ComponentModel.DataAnnotations;

namespace Rag.Onnx.Embedding;

public enum PoolingMode
{
    Mean,
    Cls,
}

/// <summary>Settings for <see cref="OnnxSentenceEncoder"/>. Null overrides mean "as the model folder says".</summary>
public sealed record EncoderOptions
{
    /// <summary>A bundled model ("arctic-embed-xs", "all-MiniLM-L6-v2"), "none", or a model folder; unset means the
    /// bundled default.</summary>
    public string? Model { get; set; }

    /// <summary>The model folder (or an .onnx file inside it); when set it wins over <see cref="Model"/>.</summary>
    public string ModelPath { get; set; } = "";

    /// <summary>Which ONNX file to use, relative to the folder, e.g. "onnx/model_quantized.onnx".</summary>
    public string? OnnxFile { get; set; }

    /// <summary>"cpu" or "cuda"; cuda falls back to cpu with a warning when unavailable.</summary>
    [AllowedValues("cpu", "cuda", ErrorMessage = "use 'cpu' or 'cuda'.")]
    public string ExecutionProvider { get; set; } = "cpu";

    [Range(0, 63)]
    public int DeviceId { get; set; }

    /// <summary>Threads for one forward pass; 0 lets ONNX Runtime choose.</summary>
    [Range(0, 1024)]
    public int IntraOpThreads { get; set; }

    [Range(1, 4096)]
    public int BatchSize { get; set; } = 32;

    public int? MaxSequenceLength { get; set; }

    public PoolingMode? Pooling { get; set; }

    /// <summary>Prefix for queries; "" disables the model's default.</summary>
    public string? QueryPrefix { get; set; }

    /// <summary>Prefix for passages (documents); "" disables the model's default.</summary>
    public string? PassagePrefix { get; set; }
}
