using System.Security.Cryptography;
using System.Text;

namespace Rag.Onnx.Embedding;

/// <summary>
/// Identifies the vector space a model folder produces: the ONNX weights, the vocabulary and every setting that
/// changes the vectors. Collections record it so vectors from different spaces are never mixed.
/// </summary>
public static class ModelFingerprint
{
    public static string Compute(ReadOnlySpan<byte> onnxBytes, EmbeddingModelFolder folder, int dimensions)
    {
        using var vocabulary = folder.Tokenizer.OpenVocabulary();
        var t = folder.Tokenizer;
        var description = string.Join('|',
            Convert.ToHexString(SHA256.HashData(onnxBytes)),
            Convert.ToHexString(SHA256.HashData(vocabulary)),
            folder.Pooling, folder.MaxSequenceLength, dimensions, folder.Prefixes.Passage,
            t.LowerCase, t.StripAccents, t.SplitChineseCharacters);
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(description)))[..16];
    }
}
