using Rag.Web.Api;

namespace Rag.Web.Tests;

public sealed class OwnAddressTests
{
    [Theory]
    [InlineData("http://127.0.0.1:41234", "http://127.0.0.1:41234/")]
    [InlineData("http://+:5080", "http://localhost:5080/")]
    [InlineData("http://0.0.0.0:5080", "http://127.0.0.1:5080/")]
    [InlineData("http://[::]:5080", "http://[::1]:5080/")]
    public void Wildcard_hosts_become_loopback(string listening, string expected) =>
        Assert.Equal(expected, OwnAddress.From([listening]).ToString());

    [Fact]
    public void Plain_http_is_preferred_over_https() =>
        Assert.Equal("http://localhost:5080/", OwnAddress.From(["https://localhost:5443", "http://localhost:5080"]).ToString());
}
