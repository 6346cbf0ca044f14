using System.Text;

namespace Rag.Onnx.Graph;

/// <summary>
/// What ONNX Runtime does not expose: the graph's initializers (parameters) and operator types,
/// read straight from the ModelProto.
/// </summary>
public sealed record OnnxGraphSummary(long ParameterCount, IReadOnlyDictionary<OnnxDataType, long> ParametersByType, IReadOnlySet<string> OperatorTypes)
{
    private const int GraphField = 7, NodeField = 1, InitializerField = 5;
    private const int NodeOpTypeField = 4, TensorDimsField = 1, TensorDataTypeField = 2;

    private static readonly HashSet<OnnxDataType> ParameterTypes =
        [OnnxDataType.Float, OnnxDataType.Float16, OnnxDataType.BFloat16, OnnxDataType.Double, OnnxDataType.Int8, OnnxDataType.UInt8, OnnxDataType.Int4, OnnxDataType.UInt4];

    public static OnnxGraphSummary Read(ReadOnlySpan<byte> modelProto)
    {
        var reader = new ProtobufReader(modelProto);
        while (reader.TryReadTag(out var field, out var wireType))
        {
            if (field == GraphField && wireType == 2) return ReadGraph(reader.ReadBytes());
            reader.Skip(wireType);
        }
        throw new InvalidDataException("The ONNX file has no graph.");
    }

    private static OnnxGraphSummary ReadGraph(ReadOnlySpan<byte> graph)
    {
        var byType = new Dictionary<OnnxDataType, long>();
        var operators = new HashSet<string>(StringComparer.Ordinal);
        var reader = new ProtobufReader(graph);
        while (reader.TryReadTag(out var field, out var wireType))
        {
            if (field == NodeField && wireType == 2) operators.Add(ReadOpType(reader.ReadBytes()));
            else if (field == InitializerField && wireType == 2) AddInitializer(reader.ReadBytes(), byType);
            else reader.Skip(wireType);
        }
        return new OnnxGraphSummary(byType.Values.Sum(), byType, operators);
    }

    private static string ReadOpType(ReadOnlySpan<byte> node)
    {
        var reader = new ProtobufReader(node);
        while (reader.TryReadTag(out var field, out var wireType))
        {
            if (field == NodeOpTypeField && wireType == 2) return Encoding.UTF8.GetString(reader.ReadBytes());
            reader.Skip(wireType);
        }
        return "";
    }

    // Scalars (scales, zero points, constants) and integer shape tensors are not parameters.
    private static void AddInitializer(ReadOnlySpan<byte> tensor, Dictionary<OnnxDataType, long> byType)
    {
        var reader = new ProtobufReader(tensor);
        long elements = 1;
        var rank = 0;
        var dataType = OnnxDataType.Undefined;
        while (reader.TryReadTag(out var field, out var wireType))
        {
            if (field == TensorDimsField && wireType == 0)
            {
                elements *= (long)reader.ReadVarint();
                rank++;
            }
            else if (field == TensorDimsField && wireType == 2)
            {
                var packed = new ProtobufReader(reader.ReadBytes());
                while (packed.TryReadVarint(out var dim))
                {
                    elements *= (long)dim;
                    rank++;
                }
            }
            else if (field == TensorDataTypeField && wireType == 0) dataType = (OnnxDataType)reader.ReadVarint();
            else reader.Skip(wireType);
        }
        if (rank == 0 || !ParameterTypes.Contains(dataType)) return;
        byType[dataType] = byType.GetValueOrDefault(dataType) + elements;
    }
}

/// <summary>TensorProto.DataType values that matter for model cards.</summary>
public enum OnnxDataType
{
    Undefined = 0,
    Float = 1,
    UInt8 = 2,
    Int8 = 3,
    Int64 = 7,
    Float16 = 10,
    Double = 11,
    BFloat16 = 16,
    UInt4 = 21,
    Int4 = 22,
}
