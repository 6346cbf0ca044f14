using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Rag.Onnx.Generation;

public static class OnnxChatClientServiceCollectionExtensions
{
    /// <summary>Registers the local decoder as the service's <see cref="IChatClient"/>; the model loads on first use.</summary>
    public static IServiceCollection AddOnnxChatClient(this IServiceCollection services, DecoderOptions options)
    {
        services.AddSingleton(sp => new OnnxDecoder(options,
            (sp.GetService<ILoggerFactory>() ?? NullLoggerFactory.Instance).CreateLogger<OnnxDecoder>()));
        services.AddSingleton<IChatClient>(sp => new OnnxChatClient(sp.GetRequiredService<OnnxDecoder>(), options));
        return services;
    }
}
