using System.Security.Claims;
using Rag.Contracts;
using Rag.Core.Access;

namespace Rag.Api.Access;

/// <summary>The authenticated caller as claims (key id, name, admin, per-collection rights) and back. Any scheme that
/// identifies an API key (the header scheme, or a later sign-in cookie carrying the key) builds its principal here.</summary>
public static class ApiKeyPrincipal
{
    public const string AdminClaim = "rag:admin";
    public const string ReadClaim = "rag:read";
    public const string WriteClaim = "rag:write";
    public const string AuthDisabledName = "anonymous (authentication disabled)";

    public static ClaimsPrincipal For(ApiKey key, string scheme)
    {
        var claims = new List<Claim> { new(ClaimTypes.NameIdentifier, key.Id.ToString()), new(ClaimTypes.Name, key.Name) };
        if (key.IsAdmin) claims.Add(new Claim(AdminClaim, "true"));
        claims.AddRange(key.Grants.Select(g => new Claim(g.Right == CollectionAccess.Write ? WriteClaim : ReadClaim, g.CollectionId.ToString())));
        return new ClaimsPrincipal(new ClaimsIdentity(claims, scheme));
    }

    /// <summary>With authentication off everyone is an admin without a key id (rate limits then go by address).</summary>
    public static ClaimsPrincipal AuthDisabled(string scheme) =>
        new(new ClaimsIdentity([new Claim(ClaimTypes.Name, AuthDisabledName), new Claim(AdminClaim, "true")], scheme));

    public static string? KeyId(ClaimsPrincipal user) => user.FindFirstValue(ClaimTypes.NameIdentifier);

    public static CallerAccess Access(ClaimsPrincipal user)
    {
        if (user.Identity?.IsAuthenticated != true) return CallerAccess.Nothing;
        if (user.HasClaim(AdminClaim, "true")) return CallerAccess.Admin;
        var grants = new Dictionary<Guid, CollectionAccess>();
        foreach (var claim in user.FindAll(ReadClaim)) grants[Guid.Parse(claim.Value)] = CollectionAccess.Read;
        foreach (var claim in user.FindAll(WriteClaim)) grants[Guid.Parse(claim.Value)] = CollectionAccess.Write;
        return new CallerAccess(false, grants);
    }
}
