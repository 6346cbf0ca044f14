using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Rag.Onnx.Embedding;

public static class OnnxEncoderServiceCollectionExtensions
{
    /// <summary>
    /// Registers the <see cref="EmbeddingModelProvider"/> for the encoder the options choose (loaded on first use;
    /// bundled models unpack under <paramref name="modelsRoot"/>).
    /// </summary>
    public static IServiceCollection AddOnnxEncoder(this IServiceCollection services, EncoderOptions options, string modelsRoot)
    {
        services.AddSingleton(sp => new EmbeddingModelProvider(options, modelsRoot,
            sp.GetService<ILoggerFactory>()?.CreateLogger<EmbeddingModelProvider>() ?? NullLogger<EmbeddingModelProvider>.Instance));
        return services;
    }
}
