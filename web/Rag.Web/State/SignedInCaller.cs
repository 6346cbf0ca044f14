using Rag.Web.Api;

namespace Rag.Web.State;

/// <summary>Who is signed in on this browser connection (GET api/auth/me, asked once), so that pages offer only
/// what the key may do.</summary>
public sealed class SignedInCaller(RagApi api)
{
    private Task<Caller?>? _caller;

    public Task<Caller?> GetAsync() => _caller ??= LoadAsync();

    private async Task<Caller?> LoadAsync()
    {
        try { return await api.WhoAmIAsync(); }
        catch (Exception e) when (e is ApiProblemException or HttpRequestException) { return null; }
    }
}
