using System.ClientModel;
using System.ClientModel.Primitives;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Logging;
using Microsoft.SemanticKernel.ChatCompletion;
using Microsoft.SemanticKernel.Connectors.OpenAI;
using OpenAI;
using Rag.Infrastructure.Diagnostics;

namespace Rag.Infrastructure.Answering;

/// <summary>Any OpenAI-compatible chat-completions server (vLLM, TGI, Ollama, llama.cpp, OpenAI) through Semantic
/// Kernel's OpenAI connector, seen as an <see cref="IChatClient"/> like every other chat model here, with
/// Microsoft.Extensions.AI's OpenTelemetry middleware on top (gen_ai.* spans and metrics on the "Rag" source and meter).</summary>
public static class OpenAiChatClient
{
    /// <summary>The name of the HttpClient (from IHttpClientFactory) that talks to the server: the host gives it the
    /// resilience handler, which then does all retrying (the OpenAI SDK's own retries are switched off).</summary>
    public const string HttpClientName = "llm";

    public static IChatClient Create(LlmOptions options, HttpClient? httpClient = null, ILoggerFactory? loggerFactory = null)
    {
        if (!Uri.TryCreate(options.Endpoint, UriKind.Absolute, out var endpoint) || string.IsNullOrWhiteSpace(options.Model))
            throw new InvalidOperationException("Rag:Llm:Provider 'openai' needs Rag:Llm:Endpoint (absolute URL, e.g. http://localhost:11434/v1) and Rag:Llm:Model.");
        // Local servers usually take no key, but the OpenAI client refuses an empty one.
        var apiKey = string.IsNullOrWhiteSpace(options.ApiKey) ? "no-key" : options.ApiKey;
        // The SDK's network timeout (100 s by default) is per read of a stream but covers the whole of a reply that is not
        // streamed (the question rewrite), so it follows Rag:Llm:Timeout like the resilience handler's.
        var clientOptions = new OpenAIClientOptions { Endpoint = endpoint, NetworkTimeout = options.Timeout };
        if (httpClient is not null)
        {
            clientOptions.Transport = new HttpClientPipelineTransport(httpClient);
            clientOptions.RetryPolicy = new ClientRetryPolicy(maxRetries: 0);
        }
        var client = new OpenAIClient(new ApiKeyCredential(apiKey), clientOptions);
        IChatClient connector = new OpenAIChatCompletionService(options.Model, client).AsChatClient();
        return new ChatClientBuilder(connector)
            .UseOpenTelemetry(loggerFactory, sourceName: RagTelemetry.Name)
            .Build();
    }
}
