namespace Rag.Core.Chunking;

/// <summary>Counts tokens the way the embedding model will, so chunks fit its window.</summary>
public interface ITokenCounter
{
    int CountTokens(string text);
}
