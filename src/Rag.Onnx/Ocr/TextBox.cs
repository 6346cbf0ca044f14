namespace Rag.Onnx.Ocr;

internal readonly record struct Point2(float X, float Y)
{
    public static Point2 operator +(Point2 a, Point2 b) => new(a.X + b.X, a.Y + b.Y);
    public static Point2 operator -(Point2 a, Point2 b) => new(a.X - b.X, a.Y - b.Y);
    public static Point2 operator *(Point2 a, float k) => new(a.X * k, a.Y * k);
    public float Length => MathF.Sqrt(X * X + Y * Y);
    public float Dot(Point2 other) => X * other.X + Y * other.Y;
}

/// <summary>A (possibly rotated) text line rectangle; corners named as the text reads.</summary>
internal sealed record TextBox(Point2 TopLeft, Point2 TopRight, Point2 BottomRight, Point2 BottomLeft)
{
    public float Width => (TopRight - TopLeft).Length;
    public float Height => (BottomLeft - TopLeft).Length;
    public float CenterY => (TopLeft.Y + BottomRight.Y) / 2;
    public float Left => MathF.Min(TopLeft.X, BottomLeft.X);

    /// <summary>The same rectangle read upside down.</summary>
    public TextBox Turned() => new(BottomRight, BottomLeft, TopLeft, TopRight);

    /// <summary>The same rectangle read along its other axis, top to bottom: a line of a page scanned a quarter
    /// turned clockwise (turned as well, one turned counter-clockwise).</summary>
    public TextBox Sideways() => new(TopRight, BottomRight, BottomLeft, TopLeft);

    public TextBox Scaled(float sx, float sy) => Mapped(p => new Point2(p.X * sx, p.Y * sy));

    /// <summary>The rectangle with every corner moved by <paramref name="map"/>.</summary>
    public TextBox Mapped(Func<Point2, Point2> map) => new(map(TopLeft), map(TopRight), map(BottomRight), map(BottomLeft));

    /// <summary>The smallest rectangle around the points (rotating calipers over their convex hull), read left to
    /// right along its more horizontal side, grown by <paramref name="margin"/> on every side.</summary>
    public static TextBox? Around(IReadOnlyList<Point2> points, float margin)
    {
        var hull = ConvexHull(points);
        if (hull.Count < 3) return null;
        (Point2 U, Point2 V, float U0, float U1, float V0, float V1)? best = null;
        var bestArea = float.MaxValue;
        for (var i = 0; i < hull.Count; i++)
        {
            var edge = hull[(i + 1) % hull.Count] - hull[i];
            if (edge.Length < 1e-6f) continue;
            var u = edge * (1 / edge.Length);
            var v = new Point2(-u.Y, u.X);
            float u0 = float.MaxValue, u1 = float.MinValue, v0 = float.MaxValue, v1 = float.MinValue;
            foreach (var p in hull)
            {
                var a = p.Dot(u);
                var b = p.Dot(v);
                u0 = MathF.Min(u0, a); u1 = MathF.Max(u1, a);
                v0 = MathF.Min(v0, b); v1 = MathF.Max(v1, b);
            }
            var area = (u1 - u0) * (v1 - v0);
            if (area < bestArea) { bestArea = area; best = (u, v, u0, u1, v0, v1); }
        }
        if (best is not { } r) return null;

        // The reading axis is the more horizontal one, pointing right; the other points down.
        var (h, h0, h1, w, w0, w1) = MathF.Abs(r.U.X) >= MathF.Abs(r.V.X)
            ? (r.U, r.U0, r.U1, r.V, r.V0, r.V1)
            : (r.V, r.V0, r.V1, r.U, r.U0, r.U1);
        if (h.X < 0) (h, h0, h1) = (h * -1, -h1, -h0);
        if (w.Y < 0) (w, w0, w1) = (w * -1, -w1, -w0);
        h0 -= margin; h1 += margin; w0 -= margin; w1 += margin;
        return new TextBox(h * h0 + w * w0, h * h1 + w * w0, h * h1 + w * w1, h * h0 + w * w1);
    }

    private static List<Point2> ConvexHull(IReadOnlyList<Point2> points)
    {
        var sorted = points.Distinct().OrderBy(p => p.X).ThenBy(p => p.Y).ToList();
        if (sorted.Count < 3) return sorted;
        var hull = new List<Point2>(2 * sorted.Count);
        static float Cross(Point2 o, Point2 a, Point2 b) => (a.X - o.X) * (b.Y - o.Y) - (a.Y - o.Y) * (b.X - o.X);
        foreach (var pass in new[] { sorted, Enumerable.Reverse(sorted).ToList() })
        {
            var start = hull.Count;
            foreach (var p in pass)
            {
                while (hull.Count >= start + 2 && Cross(hull[^2], hull[^1], p) <= 0) hull.RemoveAt(hull.Count - 1);
                hull.Add(p);
            }
            hull.RemoveAt(hull.Count - 1);
        }
        return hull;
    }
}
