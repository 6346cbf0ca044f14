using System.ClientModel;
using System.ClientModel.Primitives;
using Microsoft.Extensions.AI;
using Microsoft.SemanticKernel.ChatCompletion;
using Microsoft.SemanticKernel.Connectors.OpenAI;
using OpenAI;

namespace Rag.Infrastructure.Answering;

/// <summary>Any OpenAI-compatible chat-completions server (vLLM, TGI, Ollama, llama.cpp, OpenAI) through Semantic
/// Kernel's OpenAI connector, seen as an <see cref="IChatClient"/> like every other chat model here.</summary>
public static class OpenAiChatClient
{
    public static IChatClient Create(LlmOptions options, HttpClient? httpClient = null)
    {
        if (!Uri.TryCreate(options.Endpoint, UriKind.Absolute, out var endpoint) || string.IsNullOrWhiteSpace(options.Model))
            throw new InvalidOperationException("Rag:Llm:Provider 'openai' needs Rag:Llm:Endpoint (absolute URL, e.g. http://localhost:11434/v1) and Rag:Llm:Model.");
        // Local servers usually take no key, but the OpenAI client refuses an empty one.
        var apiKey = string.IsNullOrWhiteSpace(options.ApiKey) ? "no-key" : options.ApiKey;
        var clientOptions = new OpenAIClientOptions { Endpoint = endpoint };
        if (httpClient is not null) clientOptions.Transport = new HttpClientPipelineTransport(httpClient);
        var client = new OpenAIClient(new ApiKeyCredential(apiKey), clientOptions);
        return new OpenAIChatCompletionService(options.Model, client).AsChatClient();
    }
}
