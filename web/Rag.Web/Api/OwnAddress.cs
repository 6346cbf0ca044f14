namespace Rag.Web.Api;

/// <summary>Where the UI, running inside the service, calls the service's own API: the first address the server
/// listens on, with wildcard hosts replaced by loopback.</summary>
public static class OwnAddress
{
    public static Uri From(IEnumerable<string> listening)
    {
        var addresses = listening.ToList();
        var chosen = addresses.FirstOrDefault(a => a.StartsWith("http://", StringComparison.OrdinalIgnoreCase)) ?? addresses.FirstOrDefault()
            ?? throw new InvalidOperationException("The server listens on no address, so the UI cannot reach its API.");
        var uri = new UriBuilder(chosen.Replace("://+", "://localhost").Replace("://*", "://localhost"));
        uri.Host = uri.Host switch
        {
            "0.0.0.0" => "127.0.0.1",
            "[::]" or "::" => "[::1]",
            var host => host,
        };
        uri.Path = "/";
        return uri.Uri;
    }
}
