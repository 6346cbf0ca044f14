using System.Net;
using Rag.Testing.Hosting;

namespace Rag.Api.Tests.Access;

/// <summary>Behind a reverse proxy every request comes from the proxy's address: with the proxy trusted
/// (Rag:Auth:TrustedProxies), the client address it forwards in X-Forwarded-For is the one wrong keys count against;
/// from anyone else that header is ignored. The proxy and the clients are loopback addresses (127.0.0.x).</summary>
public sealed class TrustedProxyTests : IAsyncLifetime
{
    private const string Proxy = "127.0.0.8";
    private InProcessService _service = null!;

    public async Task InitializeAsync() => _service = await InProcessService.StartAsync(
        "--Rag:Auth:FailedAttemptsBurst=3", "--Rag:Auth:FailedAttemptsPerMinute=1", $"--Rag:Auth:TrustedProxies=10.9.0.0/16, {Proxy}");

    public async Task DisposeAsync() => await _service.DisposeAsync();

    [Fact]
    public async Task Behind_a_trusted_proxy_wrong_keys_count_against_the_forwarded_client_not_the_proxy()
    {
        using var proxy = From(Proxy);
        for (var i = 0; i < 3; i++)
            Assert.Equal(HttpStatusCode.Unauthorized, (await GetWithKey(proxy, "rag_guess-" + i, forwardedFor: "203.0.113.9")).StatusCode);

        Assert.Equal(HttpStatusCode.TooManyRequests, (await GetWithKey(proxy, RagClient.AdminKey, forwardedFor: "203.0.113.9")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await GetWithKey(proxy, RagClient.AdminKey, forwardedFor: "203.0.113.10")).StatusCode);
        // A chain of trusted proxies is read back to the first address that is not one of them.
        Assert.Equal(HttpStatusCode.TooManyRequests, (await GetWithKey(proxy, RagClient.AdminKey, forwardedFor: "203.0.113.9, 10.9.4.2")).StatusCode);
    }

    [Fact]
    public async Task A_client_that_is_no_trusted_proxy_cannot_choose_its_address_with_X_Forwarded_For()
    {
        using var client = From("127.0.0.9");
        for (var i = 0; i < 3; i++)
            Assert.Equal(HttpStatusCode.Unauthorized, (await GetWithKey(client, "rag_guess-" + i, forwardedFor: $"198.51.100.{i}")).StatusCode);

        Assert.Equal(HttpStatusCode.TooManyRequests, (await GetWithKey(client, RagClient.AdminKey, forwardedFor: "198.51.100.77")).StatusCode);
    }

    private static Task<HttpResponseMessage> GetWithKey(HttpClient client, string key, string forwardedFor)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, "/api/collections");
        request.Headers.Authorization = new("Bearer", key);
        request.Headers.Add("X-Forwarded-For", forwardedFor);
        return client.SendAsync(request);
    }

    private HttpClient From(string source) => _service.ClientFrom(source);
}
