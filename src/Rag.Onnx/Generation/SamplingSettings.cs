namespace Rag.Onnx.Generation;

/// <summary>Temperature 0 is greedy. TopK 0 and TopP 1 disable those filters.</summary>
public sealed record SamplingSettings(int MaxNewTokens = 256, float Temperature = 0, float TopP = 1, int TopK = 0,
    int? Seed = null, IReadOnlyList<string>? StopStrings = null);
