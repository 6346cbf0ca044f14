using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Rag.Core.Chunking;

namespace Rag.Onnx.Embedding;

public static class OnnxEncoderServiceCollectionExtensions
{
    /// <summary>
    /// Registers the encoder (loaded on first use) as <see cref="OnnxSentenceEncoder"/> and
    /// IEmbeddingGenerator&lt;string, Embedding&lt;float&gt;&gt;, and its tokenizer as the default <see cref="ITokenCounter"/>.
    /// </summary>
    public static IServiceCollection AddOnnxSentenceEncoder(this IServiceCollection services, EncoderOptions options)
    {
        services.AddSingleton(sp => OnnxSentenceEncoder.Load(options,
            sp.GetService<ILoggerFactory>()?.CreateLogger<OnnxSentenceEncoder>() ?? NullLogger<OnnxSentenceEncoder>.Instance));
        services.AddSingleton<IEmbeddingGenerator<string, Embedding<float>>>(sp => sp.GetRequiredService<OnnxSentenceEncoder>());
        services.TryAddSingleton<ITokenCounter>(sp => sp.GetRequiredService<OnnxSentenceEncoder>().CreateTokenCounter());
        return services;
    }
}
