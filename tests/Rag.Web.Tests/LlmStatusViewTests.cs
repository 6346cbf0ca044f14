using Rag.Contracts;
using Rag.Web.Components.Shared;

namespace Rag.Web.Tests;

public sealed class LlmStatusViewTests : BunitContext
{
    private const string Model = "onnx-community/Qwen2.5-0.5B-Instruct@cc5cc01a65cc";

    [Fact]
    public void Downloading_shows_percent_and_size_with_a_progress_bar()
    {
        var card = Render<LlmStatusView>(p => p.Add(v => v.Status, new LlmStatusInfo(LlmState.Downloading, "auto", Model, null, 130_000_000, 520_000_000, 25, "")));

        Assert.Equal("25", card.Find("progress").GetAttribute("value"));
        Assert.Contains("25% of 520 MB", card.Find("progress").ParentElement!.TextContent);
        Assert.Contains("answers are sentences quoted from the sources", card.Find(".hint").TextContent);
    }

    [Fact]
    public void Failed_shows_the_reason_and_no_progress_bar()
    {
        var card = Render<LlmStatusView>(p => p.Add(v => v.Status,
            new LlmStatusInfo(LlmState.Failed, "auto", Model, "hash mismatch for onnx/model_quantized.onnx", null, null, null, "")));

        Assert.Equal("failed", card.Find(".llm-state").TextContent);
        Assert.Equal("hash mismatch for onnx/model_quantized.onnx", card.Find(".llm-reason").TextContent);
        Assert.Empty(card.FindAll("progress"));
    }

    [Fact]
    public void Ready_gives_no_extractive_hint()
    {
        var card = Render<LlmStatusView>(p => p.Add(v => v.Status, new LlmStatusInfo(LlmState.Ready, "auto", Model, null, null, null, null, "")));

        Assert.Equal(Model, card.Find("h2").TextContent);
        Assert.Empty(card.FindAll(".hint"));
    }
}
