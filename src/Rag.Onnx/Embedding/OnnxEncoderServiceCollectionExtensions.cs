using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Rag.Core.Embedding;

namespace Rag.Onnx.Embedding;

public static class OnnxEncoderServiceCollectionExtensions
{
    /// <summary>
    /// Registers the encoder the options choose (loaded on first use; bundled models unpack under
    /// <paramref name="modelsRoot"/>) as <see cref="OnnxSentenceEncoder"/> and IEmbeddingGenerator&lt;string,
    /// Embedding&lt;float&gt;&gt;, and its <see cref="EmbeddingModelStatus"/>. Without a running model the two encoder
    /// services resolve to null, so consumers take them as optional dependencies.
    /// </summary>
    public static IServiceCollection AddOnnxSentenceEncoder(this IServiceCollection services, EncoderOptions options, string modelsRoot)
    {
        services.AddSingleton(sp => new EmbeddingModelProvider(options, modelsRoot,
            sp.GetService<ILoggerFactory>()?.CreateLogger<EmbeddingModelProvider>() ?? NullLogger<EmbeddingModelProvider>.Instance));
        services.AddSingleton(sp => sp.GetRequiredService<EmbeddingModelProvider>().Status);
        services.AddSingleton(sp => sp.GetRequiredService<EmbeddingModelProvider>().Encoder!);
        services.AddSingleton<IEmbeddingGenerator<string, Embedding<float>>>(sp => sp.GetRequiredService<EmbeddingModelProvider>().Encoder!);
        return services;
    }
}
