using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.ML.Tokenizers;

namespace Rag.Onnx.Generation;

/// <summary>A byte-level BPE tokenizer.json's pre_tokenizer as a chain of regex splits, each applied to the pieces of
/// the one before: Split (a pattern, Isolated behaviour: matches and the text between them both become pieces, e.g.
/// Qwen2's), Digits (each digit alone or digit runs) and ByteLevel (GPT-2's split when use_regex, else none), also
/// nested in a Sequence. Patterns match by code point, as the Hub's Rust and JavaScript tokenizers do.</summary>
public sealed class SplitPreTokenizer : PreTokenizer
{
    /// <summary>GPT-2's split, which ByteLevel(use_regex: true) applies.</summary>
    public const string Gpt2Pattern = @"'s|'t|'re|'ve|'m|'ll|'d| ?\p{L}+| ?\p{N}+| ?[^\s\p{L}\p{N}]+|\s+(?!\S)|\s+";

    private readonly IReadOnlyList<Regex> _stages;

    private SplitPreTokenizer(IReadOnlyList<Regex> stages) => _stages = stages;

    public static SplitPreTokenizer FromJson(JsonElement preTokenizer)
    {
        var stages = new List<Regex>();
        AddStages(preTokenizer, stages);
        return new SplitPreTokenizer(stages);
    }

    private static void AddStages(JsonElement node, List<Regex> stages)
    {
        if (node.ValueKind == JsonValueKind.Null) return;
        var type = node.GetProperty("type").GetString();
        switch (type)
        {
            case "Sequence":
                foreach (var inner in node.GetProperty("pretokenizers").EnumerateArray()) AddStages(inner, stages);
                break;
            case "Split":
                if (node.GetProperty("behavior").GetString() != "Isolated" || Flag(node, "invert", false))
                    throw new NotSupportedException("Only Split pre-tokenizers with behavior Isolated (not inverted) are supported.");
                var pattern = node.GetProperty("pattern");
                stages.Add(Compile(pattern.TryGetProperty("Regex", out var regex) ? regex.GetString()! : Regex.Escape(pattern.GetProperty("String").GetString()!)));
                break;
            case "Digits":
                stages.Add(Compile(Flag(node, "individual_digits", false) ? @"\p{N}" : @"\p{N}+"));
                break;
            case "ByteLevel":
                if (Flag(node, "add_prefix_space", false))
                    throw new NotSupportedException("ByteLevel pre-tokenizers with add_prefix_space are not supported by the decoder.");
                if (Flag(node, "use_regex", true)) stages.Add(Compile(Gpt2Pattern));
                break;
            default:
                throw new NotSupportedException($"Pre-tokenizer '{type}' is not supported by the decoder's byte-level BPE.");
        }
    }

    private static bool Flag(JsonElement node, string name, bool absent) =>
        node.TryGetProperty(name, out var value) ? value.ValueKind == JsonValueKind.True : absent;

    private static Regex Compile(string pattern) => new(pattern, RegexOptions.Compiled | RegexOptions.CultureInvariant);

    public override IEnumerable<(int Offset, int Length)> PreTokenize(string text)
    {
        if (string.IsNullOrEmpty(text)) return [];
        IEnumerable<(int Offset, int Length)> pieces = [(0, text.Length)];
        foreach (var stage in _stages)
            pieces = pieces.SelectMany(piece => Split(stage, text, piece)).ToList();
        return pieces;
    }

    public override IEnumerable<(int Offset, int Length)> PreTokenize(ReadOnlySpan<char> text) => PreTokenize(text.ToString());

    /// <summary>The piece cut into the stage's matches and the gaps between them.</summary>
    private static IEnumerable<(int Offset, int Length)> Split(Regex stage, string text, (int Offset, int Length) piece)
    {
        var (view, starts) = CodePointView(text.Substring(piece.Offset, piece.Length));
        int end = 0;
        foreach (Match match in stage.Matches(view))
        {
            if (match.Length == 0) continue;
            if (match.Index > end) yield return Span(piece.Offset, starts, end, match.Index);
            yield return Span(piece.Offset, starts, match.Index, match.Index + match.Length);
            end = match.Index + match.Length;
        }
        if (end < view.Length) yield return Span(piece.Offset, starts, end, view.Length);
    }

    private static (int, int) Span(int offset, int[] starts, int from, int to) => (offset + starts[from], starts[to] - starts[from]);

    /// <summary>.NET regexes see UTF-16 units, so a letter outside the BMP (𝐀, 𠀀) is two surrogates, not \p{L}. The
    /// view replaces every surrogate pair by one BMP character of the same class (letter, number, other), and
    /// starts[i] is where view character i begins in the text (starts[^1] is its length).</summary>
    private static (string View, int[] Starts) CodePointView(string text)
    {
        if (!text.Any(char.IsSurrogate)) return (text, Enumerable.Range(0, text.Length + 1).ToArray());
        var view = new System.Text.StringBuilder(text.Length);
        var starts = new List<int>(text.Length + 1);
        for (int i = 0; i < text.Length; i++)
        {
            starts.Add(i);
            if (!char.IsSurrogatePair(text, i)) { view.Append(text[i]); continue; }
            view.Append(CharUnicodeInfo.GetUnicodeCategory(text, i) switch
            {
                >= UnicodeCategory.UppercaseLetter and <= UnicodeCategory.OtherLetter => '\u4E00',
                UnicodeCategory.DecimalDigitNumber or UnicodeCategory.LetterNumber or UnicodeCategory.OtherNumber => '\u0660',
                _ => '\u2603',
            });
            i++;
        }
        starts.Add(text.Length);
        return (view.ToString(), starts.ToArray());
    }
}
