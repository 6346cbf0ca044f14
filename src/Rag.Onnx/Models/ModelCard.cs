namespace Rag.Onnx.Models;

/// <summary>What the service tells people about a loaded model (GET /api/models, the Models page). Source is
/// "bundled" (shipped with the service) or "folder" (a model folder someone configured); Languages are ISO codes from
/// the model's card, or "unknown".</summary>
public sealed record ModelCard(
    string Name,
    string Kind,
    string? Architecture,
    int? Layers,
    int? HiddenSize,
    int? AttentionHeads,
    long ParameterCount,
    int? Dimensions,
    int MaxSequenceLength,
    string? Pooling,
    string Quantization,
    string ExecutionProvider,
    string? License,
    string Fingerprint,
    string Source,
    IReadOnlyList<string> Languages);
