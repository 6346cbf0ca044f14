using Rag.Core.Access;

namespace Rag.Api.Access;

/// <summary>The current request's rights, from the principal the authentication handler built.</summary>
public sealed class HttpCallerAccess(IHttpContextAccessor http) : ICallerAccess
{
    private CallerAccess? _current;

    public CallerAccess Current => _current ??= http.HttpContext is { } context ? ApiKeyPrincipal.Access(context.User) : CallerAccess.Nothing;
}
