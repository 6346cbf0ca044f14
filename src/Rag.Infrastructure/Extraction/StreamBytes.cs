namespace Rag.Infrastructure.Extraction;

internal static class StreamBytes
{
    public static byte[] ReadAll(Stream content)
    {
        using var copy = new MemoryStream();
        content.CopyTo(copy);
        return copy.ToArray();
    }
}
