using Microsoft.Extensions.Options;
using Rag.Api.Tests.Support;

namespace Rag.Api.Tests;

/// <summary>A bad setting stops start-up with a message that names it as configuration spells it.</summary>
public sealed class SettingsValidationTests
{
    [Theory]
    [InlineData("--Rag:Ingestion:Concurrency=0", "Rag:Ingestion:Concurrency")]
    [InlineData("--Rag:VectorStore:Provider=mongo", "Rag:VectorStore:Provider")]
    [InlineData("--Rag:Embedding:ExecutionProvider=tpu", "Rag:Embedding:ExecutionProvider")]
    [InlineData("--Rag:Query:VectorWeight=-1", "Rag:Query:VectorWeight")]
    [InlineData("--Rag:Chunking:MaxTokens=2", "Rag:Chunking:MaxTokens")]
    public async Task A_bad_setting_stops_start_up_naming_it(string setting, string named)
    {
        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => InProcessService.StartAsync(setting));

        Assert.Contains(named, error.Message);
    }
}
