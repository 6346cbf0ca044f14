using System.Text.RegularExpressions;

namespace Rag.Web.Text;

/// <summary>A piece of an answer: plain text, or a citation marker [n] (<see cref="CitationNumber"/> set).</summary>
public sealed record AnswerPart(string Text, int? CitationNumber = null);

public static partial class AnswerText
{
    /// <summary>Splits an answer into text and citation markers; "[1, 2]" and "[1][2]" give one marker per number.</summary>
    public static IReadOnlyList<AnswerPart> Parse(string answer)
    {
        var parts = new List<AnswerPart>();
        var at = 0;
        foreach (Match marker in Marker().Matches(answer))
        {
            if (marker.Index > at) parts.Add(new AnswerPart(answer[at..marker.Index]));
            foreach (var number in marker.Groups["numbers"].Value.Split(',', StringSplitOptions.TrimEntries))
                parts.Add(new AnswerPart($"[{number}]", int.Parse(number)));
            at = marker.Index + marker.Length;
        }
        if (at < answer.Length) parts.Add(new AnswerPart(answer[at..]));
        return parts;
    }

    [GeneratedRegex(@"\[(?<numbers>\d{1,3}(\s*,\s*\d{1,3})*)\]")]
    private static partial Regex Marker();
}
