using Microsoft.Extensions.Logging;
using Microsoft.ML.OnnxRuntime;

namespace Rag.Onnx.Runtime;

/// <summary>An ONNX Runtime session and the execution provider it actually runs on ("cpu" or "cuda").</summary>
public sealed record OnnxSession(InferenceSession Session, string ExecutionProvider) : IDisposable
{
    public void Dispose() => Session.Dispose();
}

public static class OnnxSessionFactory
{
    private const string CudaProvider = "CUDAExecutionProvider";

    /// <summary>
    /// Opens <paramref name="onnxPath"/> on the requested provider. A "cuda" request that cannot be honoured
    /// (CPU-only package, no driver, no device) logs one warning and runs on CPU instead.
    /// </summary>
    public static OnnxSession Create(string onnxPath, string executionProvider, int deviceId, int intraOpThreads, ILogger logger)
    {
        var provider = executionProvider.Trim().ToLowerInvariant();
        if (provider is not ("cpu" or "cuda"))
            throw new ArgumentException($"Unknown execution provider '{executionProvider}'; use 'cpu' or 'cuda'.", nameof(executionProvider));

        if (provider == "cuda")
        {
            if (!OrtEnv.Instance().GetAvailableProviders().Contains(CudaProvider))
            {
                logger.LogWarning("CUDA was requested for {Model} but this ONNX Runtime build has no CUDA execution provider (CPU package); running on CPU.", onnxPath);
            }
            else
            {
                try
                {
                    using var cudaOptions = CreateOptions(intraOpThreads);
                    cudaOptions.AppendExecutionProvider_CUDA(deviceId);
                    return new OnnxSession(new InferenceSession(onnxPath, cudaOptions), "cuda");
                }
                catch (OnnxRuntimeException e)
                {
                    logger.LogWarning("CUDA was requested for {Model} but could not start on device {DeviceId} ({Reason}); running on CPU.", onnxPath, deviceId, e.Message);
                }
            }
        }

        using var options = CreateOptions(intraOpThreads);
        return new OnnxSession(new InferenceSession(onnxPath, options), "cpu");
    }

    private static SessionOptions CreateOptions(int intraOpThreads)
    {
        var options = new SessionOptions
        {
            GraphOptimizationLevel = GraphOptimizationLevel.ORT_ENABLE_ALL,
            ExecutionMode = ExecutionMode.ORT_SEQUENTIAL,
            InterOpNumThreads = 1,
        };
        if (intraOpThreads > 0) options.IntraOpNumThreads = intraOpThreads;
        return options;
    }
}
