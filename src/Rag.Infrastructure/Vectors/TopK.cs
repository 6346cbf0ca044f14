namespace Rag.Infrastructure.Vectors;

/// <summary>The k best (score, row) pairs seen so far: a min-heap whose root is the score to beat.</summary>
internal sealed class TopK
{
    private readonly float[] _scores;
    private readonly int[] _rows;

    public TopK(int k)
    {
        _scores = new float[k];
        _rows = new int[k];
    }

    public int Count { get; private set; }

    /// <summary>The rows kept, in no particular order.</summary>
    public ReadOnlySpan<int> Rows => _rows.AsSpan(0, Count);

    public void Offer(float score, int row)
    {
        if (Count < _scores.Length)
        {
            _scores[Count] = score;
            _rows[Count] = row;
            SiftUp(Count++);
        }
        else if (score > _scores[0])
        {
            _scores[0] = score;
            _rows[0] = row;
            SiftDown(0);
        }
    }

    public void MergeFrom(TopK other)
    {
        for (var i = 0; i < other.Count; i++)
            Offer(other._scores[i], other._rows[i]);
    }

    /// <summary>Best first; equal scores by row so results are deterministic.</summary>
    public (float Score, int Row)[] ToSortedDescending()
    {
        var result = new (float Score, int Row)[Count];
        for (var i = 0; i < Count; i++)
            result[i] = (_scores[i], _rows[i]);
        Array.Sort(result, static (a, b) => a.Score != b.Score ? b.Score.CompareTo(a.Score) : a.Row.CompareTo(b.Row));
        return result;
    }

    private void SiftUp(int i)
    {
        while (i > 0)
        {
            var parent = (i - 1) / 2;
            if (_scores[parent] <= _scores[i])
                return;
            Swap(i, parent);
            i = parent;
        }
    }

    private void SiftDown(int i)
    {
        while (true)
        {
            var smallest = i;
            var left = 2 * i + 1;
            var right = left + 1;
            if (left < Count && _scores[left] < _scores[smallest])
                smallest = left;
            if (right < Count && _scores[right] < _scores[smallest])
                smallest = right;
            if (smallest == i)
                return;
            Swap(i, smallest);
            i = smallest;
        }
    }

    private void Swap(int a, int b)
    {
        (_scores[a], _scores[b]) = (_scores[b], _scores[a]);
        (_rows[a], _rows[b]) = (_rows[b], _rows[a]);
    }
}
