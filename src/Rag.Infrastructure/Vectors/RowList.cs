namespace Rag.Infrastructure.Vectors;

/// <summary>
/// Immutable view of a growing list of row numbers (ascending). Appending writes past <see cref="Count"/> into the
/// shared buffer when it has room: older views never read beyond their own count, so they are unaffected.
/// Only the single writer appends, and only to the newest view.
/// </summary>
internal sealed class RowList
{
    public static readonly RowList Empty = new([], 0);

    private RowList(int[] items, int count)
    {
        Items = items;
        Count = count;
    }

    public int[] Items { get; }
    public int Count { get; }
    public ReadOnlySpan<int> Rows => Items.AsSpan(0, Count);

    public static RowList From(List<int> rows) => new(rows.ToArray(), rows.Count);

    public RowList Append(List<int> rows)
    {
        var items = Items;
        if (Count + rows.Count > items.Length)
        {
            items = new int[Math.Max(Count + rows.Count, Items.Length * 2)];
            Rows.CopyTo(items);
        }
        rows.CopyTo(items, Count);
        return new RowList(items, Count + rows.Count);
    }
}
