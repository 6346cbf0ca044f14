using Microsoft.ML.OnnxRuntime;
using Rag.Onnx.Runtime;

namespace Rag.Onnx.Ocr;

/// <summary>One of the OCR networks: a single float input, a single float output, cancellable mid-run.</summary>
internal sealed class OcrNetwork(OnnxSession session) : IDisposable
{
    private readonly string _input = session.Session.InputMetadata.Keys.Single();
    private readonly string _output = session.Session.OutputMetadata.Keys.First();

    public string ExecutionProvider => session.ExecutionProvider;

    public (float[] Data, long[] Shape) Run(float[] input, long[] shape, CancellationToken cancellationToken)
    {
        using var runOptions = new RunOptions();
        using var cancel = cancellationToken.Register(() => runOptions.Terminate = true);
        using var value = OrtValue.CreateTensorValueFromMemory(input, shape);
        try
        {
            using var outputs = session.Session.Run(runOptions, [_input], [value], [_output]);
            var result = outputs[0];
            return (result.GetTensorDataAsSpan<float>().ToArray(), result.GetTensorTypeAndShape().Shape);
        }
        catch (OnnxRuntimeException) when (cancellationToken.IsCancellationRequested)
        {
            throw new OperationCanceledException(cancellationToken);
        }
    }

    public void Dispose() => session.Dispose();
}
