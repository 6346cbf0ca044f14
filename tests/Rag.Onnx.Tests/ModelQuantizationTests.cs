using Rag.Onnx.Graph;
using Rag.Onnx.Models;

namespace Rag.Onnx.Tests;

public class ModelQuantizationTests
{
    [Theory]
    [InlineData("MatMul", OnnxDataType.Float, "fp32")]
    [InlineData("MatMul", OnnxDataType.Float16, "fp16")]
    [InlineData("MatMulInteger", OnnxDataType.Float, "int8")]
    [InlineData("DequantizeLinear", OnnxDataType.Float, "int8")]
    [InlineData("MatMulNBits", OnnxDataType.Float, "int4")]
    public void Quantization_is_read_from_operators_then_parameter_types(string op, OnnxDataType mostParameters, string expected)
    {
        var graph = new OnnxGraphSummary(1100, new Dictionary<OnnxDataType, long> { [mostParameters] = 1000, [OnnxDataType.Int64] = 100 },
            new HashSet<string> { op, "Add" });

        Assert.Equal(expected, ModelQuantization.Describe(graph));
    }
}
