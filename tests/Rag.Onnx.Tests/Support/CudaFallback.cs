using Microsoft.Extensions.Logging;
using Microsoft.ML.OnnxRuntime;
using Rag.Testing;

namespace Rag.Onnx.Tests.Support;

/// <summary>What a "cuda" request must end in, by build and machine: the CPU package has no CUDA provider; the Gpu
/// flavour (-p:OnnxRuntimeFlavor=Gpu) has one, which fails to load without the CUDA libraries or a device. Either way
/// the model runs on CPU, says so on its card, and one warning gives the reason. On a machine with an NVIDIA device and
/// the Gpu flavour it runs on CUDA, without a warning.</summary>
internal static class CudaFallback
{
    public static bool ProviderInBuild => OrtEnv.Instance().GetAvailableProviders().Contains("CUDAExecutionProvider");

    public static bool DevicePresent => File.Exists("/dev/nvidiactl");

    public static void AssertProviderInUse(string cardProvider, ListLogger logger)
    {
        var warnings = logger.Entries.Where(e => e.Level >= LogLevel.Warning).ToList();
        if (ProviderInBuild && DevicePresent && cardProvider == "cuda")
        {
            Assert.Empty(warnings);
            return;
        }
        Assert.Equal("cpu", cardProvider);
        var warning = Assert.Single(warnings).Message;
        Assert.Contains("CUDA was requested", warning);
        Assert.Contains("running on CPU", warning);
        Assert.Contains(ProviderInBuild ? "could not start on device" : "no CUDA execution provider (CPU package)", warning);
    }
}
