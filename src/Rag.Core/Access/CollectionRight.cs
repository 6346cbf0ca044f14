namespace Rag.Core.Access;

/// <summary>What a key may do in a collection; Write implies Read.</summary>
public enum CollectionRight { Read, Write }
