namespace Rag.Api;

/// <summary>Builds the service. Program.cs, the tests and the evaluation command all start it through here.</summary>
public static class RagApp
{
    public static WebApplication Build(string[] args)
    {
        var builder = WebApplication.CreateBuilder(args);
        var app = builder.Build();
        app.MapGet("/health", () => Results.Ok(new { status = "ok" }));
        return app;
    }
}
