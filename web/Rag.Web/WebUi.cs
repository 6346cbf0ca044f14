using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Rag.Web.Api;
using Rag.Web.State;

namespace Rag.Web;

public static class WebUi
{
    /// <summary>The UI's own services; the host adds Razor components with interactive server rendering.</summary>
    public static IServiceCollection AddRagWebUi(this IServiceCollection services)
    {
        services.AddSingleton(provider => new OwnApiClient(provider.GetRequiredService<IServer>()));
        services.AddScoped(provider => new RagApi(provider.GetRequiredService<OwnApiClient>().Http));
        services.AddScoped<CollectionSelection>();
        return services;
    }

    /// <summary>One HttpClient for the process, aimed at the address the server actually bound (known once it started).</summary>
    private sealed class OwnApiClient(IServer server)
    {
        private readonly Lazy<HttpClient> _http = new(() => new HttpClient
        {
            BaseAddress = OwnAddress.From(server.Features.Get<IServerAddressesFeature>()?.Addresses ?? []),
            Timeout = TimeSpan.FromMinutes(10),
        });

        public HttpClient Http => _http.Value;
    }
}
