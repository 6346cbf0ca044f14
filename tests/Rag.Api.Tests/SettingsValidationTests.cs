using Microsoft.Extensions.Options;
using Rag.Testing.Hosting;

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
    [InlineData("--Rag:Auth:AdminKey=x", "Rag:Auth:AdminKey: The admin key has 1 characters; it must have at least 32")]
    [InlineData("--Rag:Auth:AdminKey=0123456789abcdefghij0123456789a", "Rag:Auth:AdminKey: The admin key has 31 characters")]
    [InlineData("--Rag:Auth:FailedAttemptsBurst=0", "Rag:Auth:FailedAttemptsBurst")]
    [InlineData("--Rag:Auth:TrustedProxies=10.0.0.0/8, proxy.local", "Rag:Auth:TrustedProxies: 'proxy.local' is neither an IP address nor a network")]
    public async Task A_bad_setting_stops_start_up_naming_it(string setting, string named)
    {
        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => InProcessService.StartAsync(setting));

        Assert.Contains(named, error.Message);
    }

    [Fact]
    public async Task A_short_admin_key_in_the_generated_key_file_stops_start_up_naming_the_file()
    {
        var directory = Path.Combine(Path.GetTempPath(), "rag-test-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(directory);
        try
        {
            await File.WriteAllTextAsync(Path.Combine(directory, "admin-key.txt"), "abc\n");
            var error = await Assert.ThrowsAsync<InvalidOperationException>(() => InProcessService.StartInAsync(directory, "--Rag:Auth:AdminKey="));
            Assert.Contains("admin-key.txt has 3 characters; it must have at least 32", error.Message);
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }
}
