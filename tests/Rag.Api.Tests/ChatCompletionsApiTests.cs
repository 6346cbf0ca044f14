using System.Net.Http.Json;
using System.Net.ServerSentEvents;
using System.Net;
using System.Text.Json.Nodes;
using System.Text;
using Microsoft.SemanticKernel.ChatCompletion;
using Microsoft.SemanticKernel.Connectors.OpenAI;
using OpenAI;
using Rag.Testing.Hosting;

namespace Rag.Api.Tests;

/// <summary>POST /v1/chat/completions driven by an ordinary OpenAI client (Semantic Kernel's connector) with
/// model = collection, streaming and not; the LLM behind the service is the scripted chat server.</summary>
public sealed class ChatCompletionsApiTests : IAsyncLifetime
{
    private ScriptedChatServer _llm = null!;
    private InProcessService _service = null!;
    private RagClient Api => _service.Client;
    private const string Reply = "The P-200 pump is rated for 12 bar [1][4].";

    public async Task InitializeAsync()
    {
        _llm = await ScriptedChatServer.StartAsync();
        _llm.Script = _ => Reply;
        _service = await InProcessService.StartAsync(["--Rag:Llm:Provider=openai", $"--Rag:Llm:Endpoint={_llm.Endpoint}", "--Rag:Llm:Model=scripted-model"]);
        await Api.CreateCollectionAsync("manuals");
        var id = (await Api.UploadOkAsync("manuals", ("pump.md", Encoding.UTF8.GetBytes("The maximum operating pressure of the P-200 pump is 12 bar."))))[0];
        await Api.ReadyAsync(id);
    }

    public async Task DisposeAsync()
    {
        await _service.DisposeAsync();
        await _llm.DisposeAsync();
    }

    private OpenAIChatCompletionService Client() => new("manuals",
        new OpenAIClient(new System.ClientModel.ApiKeyCredential(RagClient.AdminKey), new OpenAIClientOptions { Endpoint = new Uri(Api.Http.BaseAddress!, "/v1") }));

    private static ChatHistory Question()
    {
        var history = new ChatHistory("You are a pirate.");
        history.AddUserMessage("What is the maximum operating pressure of the P-200 pump?");
        return history;
    }

    [Fact]
    public async Task An_openai_client_gets_the_verified_answer()
    {
        var answer = await Client().GetChatMessageContentAsync(Question());
        Assert.Equal("The P-200 pump is rated for 12 bar [1].", answer.Content);
        // The client's own system message never replaces the service's grounding rules.
        Assert.Equal(Rag.Core.Answering.AnswerPrompt.System, ScriptedChatServer.Messages(Assert.Single(_llm.Requests))[0].Content);
    }

    [Fact]
    public async Task An_openai_client_streams_the_generated_tokens()
    {
        var text = new StringBuilder();
        await foreach (var update in Client().GetStreamingChatMessageContentsAsync(Question())) text.Append(update.Content);
        Assert.Equal(Reply, text.ToString());
    }

    [Fact]
    public async Task The_final_chunk_carries_citations_and_the_stream_ends_with_done()
    {
        var response = await Api.Http.PostAsJsonAsync("/v1/chat/completions", new
        {
            model = "manuals", stream = true, messages = new[] { new { role = "user", content = "maximum operating pressure of the P-200 pump" } },
        });
        var events = new List<SseItem<string>>();
        await foreach (var e in ServerSentEventReader.ReadAsync(response)) events.Add(e);

        Assert.Equal("[DONE]", events[^1].Data);
        var last = JsonNode.Parse(events[^2].Data)!;
        Assert.Equal("stop", last["choices"]![0]!["finish_reason"]!.GetValue<string>());
        Assert.Equal(1, Assert.Single(last["citations"]!.AsArray())!["n"]!.GetValue<int>());
        Assert.Equal("pump.md", last["sources"]![0]!["fileName"]!.GetValue<string>());
    }

    [Fact]
    public async Task Messages_without_a_final_user_message_are_refused()
    {
        var response = await Api.Http.PostAsJsonAsync("/v1/chat/completions", new
        {
            model = "manuals", messages = new[] { new { role = "assistant", content = "hello" } },
        });
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var error = await OpenAiErrorAsync(response);
        Assert.Equal("invalid_request_error", error["type"]!.GetValue<string>());
        Assert.Contains("user message", error["message"]!.GetValue<string>());
    }

    [Fact]
    public async Task An_openai_client_lists_the_collections_it_may_read_as_models()
    {
        await Api.CreateCollectionAsync("drafts");
        var client = new OpenAIClient(new System.ClientModel.ApiKeyCredential(RagClient.AdminKey),
            new OpenAIClientOptions { Endpoint = new Uri(Api.Http.BaseAddress!, "/v1") });
        var models = (await client.GetOpenAIModelClient().GetModelsAsync()).Value.Select(m => m.Id).ToList();
        Assert.Contains("manuals", models);
        Assert.Contains("drafts", models);

        var created = await Api.Http.PostAsJsonAsync("/api/keys", new { name = "reader", collections = new[] { new { collection = "manuals", access = "read" } } });
        var secret = (await created.Content.ReadFromJsonAsync<JsonObject>())!["secret"]!.GetValue<string>();
        var reader = new OpenAIClient(new System.ClientModel.ApiKeyCredential(secret), new OpenAIClientOptions { Endpoint = new Uri(Api.Http.BaseAddress!, "/v1") });
        Assert.Equal(["manuals"], (await reader.GetOpenAIModelClient().GetModelsAsync()).Value.Select(m => m.Id));
    }

    [Fact]
    public async Task A_completion_reports_its_token_usage()
    {
        var response = await Api.Http.PostAsJsonAsync("/v1/chat/completions", new
        {
            model = "manuals", messages = new[] { new { role = "user", content = "What is the maximum operating pressure of the P-200 pump?" } },
        });
        var usage = (await response.Content.ReadFromJsonAsync<JsonObject>())!["usage"]!;

        Assert.True(usage["completion_tokens"]!.GetValue<long>() > 0);
        Assert.Equal(usage["prompt_tokens"]!.GetValue<long>() + usage["completion_tokens"]!.GetValue<long>(), usage["total_tokens"]!.GetValue<long>());
    }

    [Fact]
    public async Task Errors_on_v1_routes_come_in_the_openai_error_shape()
    {
        var unknown = await Api.Http.PostAsJsonAsync("/v1/chat/completions", new
        {
            model = "no-such-collection", messages = new[] { new { role = "user", content = "pressure?" } },
        });
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        var error = await OpenAiErrorAsync(unknown);
        Assert.Equal(("not_found_error", "model_not_found"), (error["type"]!.GetValue<string>(), error["code"]!.GetValue<string>()));

        using var anonymous = new HttpClient { BaseAddress = Api.Http.BaseAddress };
        var unauthorized = await anonymous.GetAsync("/v1/models");
        Assert.Equal(HttpStatusCode.Unauthorized, unauthorized.StatusCode);
        Assert.Equal("authentication_error", (await OpenAiErrorAsync(unauthorized))["type"]!.GetValue<string>());
    }

    /// <summary>OpenAI's error body: {"error": {message, type, param, code}}, as JSON.</summary>
    private static async Task<JsonObject> OpenAiErrorAsync(HttpResponseMessage response)
    {
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        var error = (await response.Content.ReadFromJsonAsync<JsonObject>())!["error"]!.AsObject();
        Assert.False(string.IsNullOrWhiteSpace(error["message"]!.GetValue<string>()));
        return error;
    }
}
