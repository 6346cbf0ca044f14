using System.Text;
using Rag.Web.Api;

namespace Rag.Web.Tests;

/// <summary>The frames as POST /api/ask writes them (see src/Rag.Api/Endpoints/AskEndpoints.cs and ServerSentEvents.cs).</summary>
public sealed class AskStreamTests
{
    private static MemoryStream Events(string text) => new(Encoding.UTF8.GetBytes(text));

    private const string Final =
        """{"answer":"Pumps run [1].","grounded":true,"standaloneQuestion":"Do pumps run?","citations":[{"n":1,"documentId":"11111111-1111-1111-1111-111111111111","fileName":"a.pdf","page":2,"quote":"q"}],"sources":[]}""";

    [Fact]
    public async Task Tokens_arrive_in_order_and_the_final_event_completes_the_answer()
    {
        var tokens = new List<string>();
        var stream = Events($"event: token\ndata: {{\"text\":\"Pumps \"}}\n\nevent: token\ndata: {{\"text\":\"run [1].\"}}\n\nevent: answer\ndata: {Final}\n\n");

        var answer = await AskStream.ReadAsync(stream, tokens.Add, CancellationToken.None);

        Assert.Equal(["Pumps ", "run [1]."], tokens);
        Assert.Equal("Pumps run [1].", answer.Answer);
        Assert.True(answer.Grounded);
        Assert.Equal(2, Assert.Single(answer.Citations).Page);
    }

    [Fact]
    public async Task A_stream_that_ends_without_the_final_event_is_an_error()
    {
        var stream = Events("event: token\ndata: {\"text\":\"Half an answer\"}\n\n");

        await Assert.ThrowsAsync<ApiProblemException>(() => AskStream.ReadAsync(stream, _ => { }, CancellationToken.None));
    }
}
