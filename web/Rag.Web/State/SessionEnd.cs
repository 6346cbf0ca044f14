using Microsoft.AspNetCore.Components;
using Rag.Web.Access;

namespace Rag.Web.State;

/// <summary>Ends the page's session when the service stops accepting its key (revoked, or the session expired):
/// the person goes to the sign-in page, which says why, and comes back to this page after signing in again.</summary>
public sealed class SessionEnd(NavigationManager navigation)
{
    public void Now()
    {
        var here = "/" + navigation.ToBaseRelativePath(navigation.Uri);
        navigation.NavigateTo($"{UiSignIn.SignInPath.TrimStart('/')}?ended=true&returnUrl={Uri.EscapeDataString(here)}", forceLoad: true);
    }
}
