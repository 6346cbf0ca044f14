using System.Net.ServerSentEvents;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.SemanticKernel.ChatCompletion;
using Microsoft.SemanticKernel.Connectors.OpenAI;
using OpenAI;
using Rag.Api.Tests.Support;

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
        await RagClient.ProblemAsync(response);
    }
}
