namespace Rag.Web.Access;

/// <summary>The UI's sign-in: a person signs in with an API key, which the host keeps in an encrypted, HTTP-only
/// session cookie of this scheme. The UI calls the service's API with that key, so a person sees exactly what the key may.</summary>
public static class UiSignIn
{
    public const string Scheme = "RagSignIn";
    public const string CookieName = "rag_session";
    public const string KeyClaim = "rag:key";
    public const string SignInPath = "/signin";
    public const string SignOutPath = "/signout";
}
