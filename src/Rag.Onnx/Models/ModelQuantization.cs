using Rag.Onnx.Graph;

namespace Rag.Onnx.Models;

public static class ModelQuantization
{
    private static readonly HashSet<string> Int8Operators =
    [
        "QuantizeLinear", "DequantizeLinear", "DynamicQuantizeLinear", "QLinearMatMul", "MatMulInteger",
        "QLinearConv", "ConvInteger", "DynamicQuantizeMatMul", "QAttention", "QGemm", "QOrderedMatMul",
    ];

    /// <summary>"int4", "int8", "fp16", "bf16" or "fp32", judged by operators first, then by where most parameters live.</summary>
    public static string Describe(OnnxGraphSummary graph)
    {
        if (graph.OperatorTypes.Contains("MatMulNBits")) return "int4";
        if (graph.OperatorTypes.Overlaps(Int8Operators)) return "int8";
        var dominant = graph.ParametersByType.OrderByDescending(p => p.Value).Select(p => p.Key).FirstOrDefault();
        return dominant switch
        {
            OnnxDataType.Float16 => "fp16",
            OnnxDataType.BFloat16 => "bf16",
            OnnxDataType.Int8 or OnnxDataType.UInt8 => "int8",
            _ => "fp32",
        };
    }
}
