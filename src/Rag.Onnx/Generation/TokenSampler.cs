namespace Rag.Onnx.Generation;

/// <summary>Picks the next token from logits: argmax when greedy, otherwise softmax with temperature, restricted to
/// the top-k tokens and then to the smallest set whose probability reaches top-p.</summary>
public sealed class TokenSampler(SamplingSettings settings)
{
    private readonly Random _random = settings.Seed is { } seed ? new Random(seed) : Random.Shared;

    public int Next(ReadOnlySpan<float> logits)
    {
        if (settings.Temperature <= 0) return ArgMax(logits);

        var candidates = new int[logits.Length];
        for (int i = 0; i < candidates.Length; i++) candidates[i] = i;
        var scores = logits.ToArray();
        Array.Sort(scores.Select(s => -s).ToArray(), candidates);
        int keep = settings.TopK > 0 ? Math.Min(settings.TopK, candidates.Length) : candidates.Length;

        var probabilities = new double[keep];
        double max = scores[candidates[0]], sum = 0;
        for (int i = 0; i < keep; i++) sum += probabilities[i] = Math.Exp((scores[candidates[i]] - max) / settings.Temperature);
        double cumulative = 0;
        int nucleus = keep;
        for (int i = 0; i < keep; i++)
        {
            cumulative += probabilities[i] / sum;
            if (cumulative >= settings.TopP) { nucleus = i + 1; break; }
        }

        double total = probabilities.Take(nucleus).Sum(), draw = _random.NextDouble() * total;
        for (int i = 0; i < nucleus; i++)
            if ((draw -= probabilities[i]) <= 0) return candidates[i];
        return candidates[nucleus - 1];
    }

    public static int ArgMax(ReadOnlySpan<float> logits)
    {
        int best = 0;
        for (int i = 1; i < logits.Length; i++) if (logits[i] > logits[best]) best = i;
        return best;
    }
}
