namespace Rag.Api.Tests.Support;

internal static class ServiceArgs
{
    /// <summary>Tests never start the first-run LLM download (Rag:Llm:Provider=auto, the default) unless they set a provider themselves.</summary>
    public static string[] WithLlmProvider(string[] extraArgs) =>
        extraArgs.Any(a => a.StartsWith("--Rag:Llm:Provider", StringComparison.OrdinalIgnoreCase)) ? extraArgs : ["--Rag:Llm:Provider=none", .. extraArgs];
}
