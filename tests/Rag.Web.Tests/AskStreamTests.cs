using System.Text;
using Rag.Web.Api;

namespace Rag.Web.Tests;

/// <summary>The frames as POST /api/ask writes them (see src/Rag.Api/Endpoints/AskEndpoints.cs).</summary>
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

    [Fact]
    public async Task A_problem_event_after_the_stream_started_is_an_error_with_its_detail()
    {
        var tokens = new List<string>();
        var stream = Events("event: token\ndata: {\"text\":\"Pumps \"}\n\nevent: problem\ndata: {\"title\":\"Answer interrupted\",\"status\":502,\"detail\":\"The model failed.\"}\n\n");

        var problem = await Assert.ThrowsAsync<ApiProblemException>(() => AskStream.ReadAsync(stream, tokens.Add, CancellationToken.None));

        Assert.Equal(["Pumps "], tokens);
        Assert.Equal("The model failed.", problem.Message);
        Assert.Equal(502, problem.Status);
    }

    [Fact]
    public async Task Frames_split_across_reads_and_crlf_line_ends_still_parse()
    {
        var tokens = new List<string>();
        var bytes = Encoding.UTF8.GetBytes($"event: token\r\ndata:{{\"text\":\"Höchst\"}}\r\n\r\nevent: answer\r\ndata: {Final}\r\n\r\n");
        var answer = await AskStream.ReadAsync(new OneByteAtATime(bytes), tokens.Add, CancellationToken.None);

        Assert.Equal(["Höchst"], tokens);
        Assert.Equal("Pumps run [1].", answer.Answer);
    }

    /// <summary>A network stream at its least helpful: every read returns one byte.</summary>
    private sealed class OneByteAtATime(byte[] bytes) : MemoryStream(bytes)
    {
        public override int Read(byte[] buffer, int offset, int count) => base.Read(buffer, offset, Math.Min(count, 1));
        public override int Read(Span<byte> buffer) => base.Read(buffer[..Math.Min(buffer.Length, 1)]);
        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
            base.ReadAsync(buffer[..Math.Min(buffer.Length, 1)], cancellationToken);
        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            base.ReadAsync(buffer, offset, Math.Min(count, 1), cancellationToken);
    }
}
