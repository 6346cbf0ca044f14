namespace Rag.Testing.Hosting;

/// <summary>Settings every test service starts with unless the test sets them itself: no embedding model (the bundled
/// encoder costs seconds per start and most tests are about something else) and no first-run LLM download
/// (Rag:Llm:Provider=auto, the default). The tests that want either ask for it.</summary>
public static class TestDefaults
{
    public static IEnumerable<string> For(IReadOnlyCollection<string> extraArgs)
    {
        if (!extraArgs.Any(a => a.StartsWith("--Rag:Embedding:Model", StringComparison.OrdinalIgnoreCase)))
            yield return "--Rag:Embedding:Model=none";
        if (!extraArgs.Any(a => a.StartsWith("--Rag:Llm:Provider", StringComparison.OrdinalIgnoreCase)))
            yield return "--Rag:Llm:Provider=none";
    }
}
