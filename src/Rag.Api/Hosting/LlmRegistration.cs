using Microsoft.Extensions.AI;
using Rag.Contracts;
using Rag.Core.Answering;
using Rag.Infrastructure.Answering;
using Rag.Infrastructure.ModelDownload;
using Rag.Onnx.Generation;

namespace Rag.Api.Hosting;

/// <summary>The chat model that writes answers, held in the <see cref="LlmSlot"/>, one registration per provider
/// (Rag:Llm:Provider): auto (the default: the pinned model of Rag:Llm:Download, fetched in the background into
/// &lt;DataDirectory&gt;/models/llm), openai (any OpenAI-compatible server at Rag:Llm:Endpoint), onnx (a local model
/// folder at Rag:Llm:ModelPath) or none (extractive answers).</summary>
public static class LlmRegistration
{
    /// <summary>The HttpClient (IHttpClientFactory) that fetches the first-run LLM from the Hub.</summary>
    public const string HubClient = "model-download";

    private const string Section = "Rag:Llm";

    public static IServiceCollection AddLlm(this IServiceCollection services, IConfiguration configuration, string dataDirectory)
    {
        var options = services.AddSettings<LlmOptions>(configuration, Section);
        services.AddSingleton<QuestionRewriter>();
        return options.Provider switch
        {
            LlmProvider.Auto => services.AddFirstRunLlm(configuration, dataDirectory),
            LlmProvider.OpenAI => services.AddOpenAiLlm(options),
            LlmProvider.Onnx => services.AddOnnxLlm(configuration),
            _ => services.AddSingleton(new LlmSlot(new LlmStatus(LlmState.Disabled, "none", null, "Rag:Llm:Provider is none."))),
        };
    }

    public static IServiceCollection AddFirstRunLlm(this IServiceCollection services, IConfiguration configuration, string dataDirectory)
    {
        var decoder = services.AddSettings<DecoderOptions>(configuration, Section);
        var download = services.AddSettings<ModelDownloadOptions>(configuration, Section + ":Download");
        services.AddSingleton(new LlmSlot(new LlmStatus(LlmState.Downloading, FirstRunLlm.Provider, FirstRunLlm.ModelName(download))));
        // Timed until the response headers only: the body is read afterwards, under HubDownloader's own stall timeout
        // and Range resumes. Retried requests carry the same Range, so nothing is written twice.
        services.AddResilientClient(HubClient, attempt: TimeSpan.FromSeconds(100), total: TimeSpan.FromMinutes(5))
            .ConfigureHttpClient(http => http.BaseAddress = download.HubAddress);
        services.AddSingleton(sp => new HubDownloader(sp.GetRequiredService<IHttpClientFactory>().CreateClient(HubClient), download,
            sp.GetRequiredService<ILogger<HubDownloader>>()));
        services.AddHostedService(sp => new FirstRunLlm(sp.GetRequiredService<HubDownloader>(), download, decoder,
            sp.GetRequiredService<LlmSlot>(), Path.Combine(dataDirectory, "models", "llm"), sp.GetRequiredService<ILoggerFactory>()));
        return services;
    }

    public static IServiceCollection AddOpenAiLlm(this IServiceCollection services, LlmOptions options)
    {
        // The standard defaults (10 s a try, 30 s in all) would cut a slow model's answer; this times the wait for the
        // reply to begin (streamed) or be complete (not streamed), not the stream itself.
        services.AddResilientClient(OpenAiChatClient.HttpClientName, attempt: options.Timeout, total: options.Timeout);
        return services.AddSingleton(sp => new LlmSlot(new LlmStatus(LlmState.Ready, "openai", options.Model), OpenAiChatClient.Create(options,
            sp.GetRequiredService<IHttpClientFactory>().CreateClient(OpenAiChatClient.HttpClientName), sp.GetRequiredService<ILoggerFactory>())));
    }

    public static IServiceCollection AddOnnxLlm(this IServiceCollection services, IConfiguration configuration)
    {
        var decoder = services.AddSettings<DecoderOptions>(configuration, Section);
        services.AddOnnxChatClient(decoder);
        return services.AddSingleton(sp => new LlmSlot(new LlmStatus(LlmState.Ready, "onnx", decoder.ModelPath), sp.GetRequiredService<IChatClient>()));
    }

    /// <summary>A named HttpClient held for the life of the service (pooled connections renewed every 5 minutes) with the
    /// standard resilience handler (retries, circuit breaker) and the given per-try and total timeouts.</summary>
    private static IHttpClientBuilder AddResilientClient(this IServiceCollection services, string name, TimeSpan attempt, TimeSpan total)
    {
        var client = services.AddHttpClient(name)
            .UseSocketsHttpHandler((handler, _) => handler.PooledConnectionLifetime = TimeSpan.FromMinutes(5))
            .SetHandlerLifetime(Timeout.InfiniteTimeSpan);
        client.AddStandardResilienceHandler(o =>
        {
            o.AttemptTimeout.Timeout = attempt;
            o.TotalRequestTimeout.Timeout = total;
            o.CircuitBreaker.SamplingDuration = 2 * attempt;
        });
        return client;
    }
}
