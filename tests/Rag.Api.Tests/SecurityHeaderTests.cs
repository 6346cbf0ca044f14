using System.Net;
using System.Security.Cryptography.X509Certificates;
using System.Security.Cryptography;
using Rag.Testing.Hosting;

namespace Rag.Api.Tests;

/// <summary>Pages carry a Content-Security-Policy that allows script and styles from the service only, every response
/// nosniff and a Referrer-Policy, and answers over https Strict-Transport-Security.</summary>
public sealed class SecurityHeaderTests
{
    [Theory]
    [InlineData("/signin", HttpStatusCode.OK)]
    [InlineData("/no-such-page", HttpStatusCode.NotFound)]
    public async Task Pages_allow_script_and_styles_from_the_service_only(string path, HttpStatusCode status)
    {
        await using var service = await InProcessService.StartAsync();

        var response = await service.ClientWith(null).Http.GetAsync(path);

        Assert.Equal(status, response.StatusCode);
        var policy = Directives(Assert.Single(response.Headers.GetValues("Content-Security-Policy")));
        Assert.Equal("'self'", policy["default-src"]);
        Assert.Equal("'self'", policy["script-src"]);
        Assert.Equal("'self'", policy["style-src"]);
        Assert.Equal("'self'", policy["connect-src"]);
        Assert.Equal("'none'", policy["object-src"]);
        Assert.Equal("'none'", policy["frame-ancestors"]);
        Assert.Equal("nosniff", Assert.Single(response.Headers.GetValues("X-Content-Type-Options")));
        Assert.Equal("strict-origin-when-cross-origin", Assert.Single(response.Headers.GetValues("Referrer-Policy")));
        Assert.False(response.Headers.Contains("Strict-Transport-Security"), "HSTS over plain http");
    }

    [Fact]
    public async Task Api_answers_are_not_sniffed_and_carry_no_page_policy()
    {
        await using var service = await InProcessService.StartAsync();

        var response = await service.Client.Http.GetAsync("/api/collections");

        Assert.Equal("nosniff", Assert.Single(response.Headers.GetValues("X-Content-Type-Options")));
        Assert.False(response.Headers.Contains("Content-Security-Policy"));
    }

    [Fact]
    public async Task Over_https_browsers_are_told_to_stay_on_https_except_on_localhost()
    {
        var certificate = Path.Combine(Path.GetTempPath(), $"rag-test-{Guid.NewGuid():N}.pfx");
        using (var rsa = RSA.Create(2048))
        {
            var request = new CertificateRequest("CN=rag.example", rsa, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
            using var selfSigned = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(1));
            await File.WriteAllBytesAsync(certificate, selfSigned.Export(X509ContentType.Pfx, "test"));
        }
        try
        {
            await using var service = await InProcessService.StartAsync("--urls=https://127.0.0.1:0",
                $"--Kestrel:Certificates:Default:Path={certificate}", "--Kestrel:Certificates:Default:Password=test");
            using var http = new HttpClient(new HttpClientHandler { ServerCertificateCustomValidationCallback = (_, _, _, _) => true })
            {
                BaseAddress = service.Client.Http.BaseAddress,
            };
            Assert.Equal("https", http.BaseAddress!.Scheme);

            Assert.Equal("max-age=2592000", Assert.Single((await GetAsync(http, "rag.example")).Headers.GetValues("Strict-Transport-Security")));
            Assert.False((await GetAsync(http, "localhost")).Headers.Contains("Strict-Transport-Security"));
        }
        finally
        {
            File.Delete(certificate);
        }
    }

    private static Task<HttpResponseMessage> GetAsync(HttpClient http, string host)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, "/signin");
        request.Headers.Host = host;
        return http.SendAsync(request);
    }

    private static Dictionary<string, string> Directives(string policy) => policy
        .Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
        .Select(d => d.Split(' ', 2))
        .ToDictionary(d => d[0], d => d.Length > 1 ? d[1] : "");
}
