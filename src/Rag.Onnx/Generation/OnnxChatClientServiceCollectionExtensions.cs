using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Rag.Onnx.Generation;

public static class OnnxChatClientServiceCollectionExtensions
{
    /// <summary>Registers the local LLM (our decoder, or ONNX Runtime GenAI for a folder with genai_config.json; see
    /// <see cref="LocalLlmEngine"/>) as the service's <see cref="IChatClient"/>; the model loads on first use.</summary>
    public static IServiceCollection AddOnnxChatClient(this IServiceCollection services, DecoderOptions options)
    {
        services.AddSingleton(sp => LocalLlmEngine.Load(options,
            (sp.GetService<ILoggerFactory>() ?? NullLoggerFactory.Instance).CreateLogger(typeof(LocalLlmEngine))));
        services.AddSingleton(sp => LocalLlmEngine.ChatClient(sp.GetRequiredService<ILocalDecoder>(), options));
        return services;
    }
}
