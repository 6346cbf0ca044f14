namespace Rag.Onnx.Embedding;

/// <summary>
/// Model inputs for a group of similar-length texts, right-padded to the longest: row-major [Count, SequenceLength].
/// <see cref="SourceIndices"/>[row] is the position of that row's text in the caller's input.
/// </summary>
public sealed class TokenBatch
{
    private TokenBatch(int[] sourceIndices, int[] lengths, int sequenceLength)
    {
        SourceIndices = sourceIndices;
        Lengths = lengths;
        SequenceLength = sequenceLength;
        InputIds = new long[sourceIndices.Length * sequenceLength];
        AttentionMask = new long[InputIds.Length];
        TokenTypeIds = new long[InputIds.Length];
    }

    public int[] SourceIndices { get; }
    public int[] Lengths { get; }
    public int Count => SourceIndices.Length;
    public int SequenceLength { get; }
    public long[] InputIds { get; }
    public long[] AttentionMask { get; }
    public long[] TokenTypeIds { get; }
    public long[] Shape => [Count, SequenceLength];
    public int RealTokens => Lengths.Sum();

    /// <summary>
    /// Sorts texts by token count and cuts them into batches of <paramref name="batchSize"/>, so each batch pads
    /// only to its own longest text.
    /// </summary>
    public static IReadOnlyList<TokenBatch> Plan(IReadOnlyList<int[]> tokenized, int batchSize, int paddingTokenId)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(batchSize, 1);
        var order = Enumerable.Range(0, tokenized.Count).OrderBy(i => tokenized[i].Length).ToArray();
        var batches = new List<TokenBatch>((order.Length + batchSize - 1) / batchSize);
        for (var start = 0; start < order.Length; start += batchSize)
        {
            var rows = order[start..Math.Min(start + batchSize, order.Length)];
            batches.Add(Build(rows, tokenized, paddingTokenId));
        }
        return batches;
    }

    private static TokenBatch Build(int[] rows, IReadOnlyList<int[]> tokenized, int paddingTokenId)
    {
        var lengths = rows.Select(r => tokenized[r].Length).ToArray();
        var batch = new TokenBatch(rows, lengths, lengths.Max());
        batch.InputIds.AsSpan().Fill(paddingTokenId);
        for (var row = 0; row < rows.Length; row++)
        {
            var ids = tokenized[rows[row]];
            var offset = row * batch.SequenceLength;
            for (var t = 0; t < ids.Length; t++) batch.InputIds[offset + t] = ids[t];
            batch.AttentionMask.AsSpan(offset, ids.Length).Fill(1);
        }
        return batch;
    }
}
