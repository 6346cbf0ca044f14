namespace Rag.Api.Hosting;

/// <summary>Response headers that keep browsers from being turned against the service: no response is content-sniffed,
/// no address leaks to other sites, pages load script, styles and connections from the service only (Blazor Server
/// needs nothing more: its script is a file and its circuit a same-origin WebSocket) and may not be framed, and over
/// https browsers are told to stay on https (HSTS, ASP.NET Core's own; not for localhost).</summary>
public static class SecurityHeaders
{
    public static void UseRagSecurityHeaders(this IApplicationBuilder app, Func<HttpRequest, bool> isPage)
    {
        app.UseHsts();
        app.UseSecurityHeaders(new HeaderPolicyCollection().AddContentTypeOptionsNoSniff().AddReferrerPolicyStrictOriginWhenCrossOrigin());
        // Only pages: the API's own answers set theirs (an original is served under "sandbox").
        app.UseWhen(context => isPage(context.Request), pages => pages.UseSecurityHeaders(new HeaderPolicyCollection()
            .AddContentSecurityPolicy(csp =>
            {
                csp.AddDefaultSrc().Self();
                csp.AddScriptSrc().Self();
                csp.AddStyleSrc().Self();
                csp.AddImgSrc().Self().Data(); // the empty data: favicon
                csp.AddConnectSrc().Self();
                csp.AddObjectSrc().None();
                csp.AddBaseUri().Self();
                csp.AddFormAction().Self();
                csp.AddFrameAncestors().None();
            })));
    }
}
