using System.Globalization;
using System.Text;

namespace Rag.Core.Retrieval;

/// <summary>The writing systems an embedding model's languages use, and whether a query is written in them. A model
/// trained on English turns Chinese text into noise; the vector leg is only worth running for queries it covers.</summary>
public sealed class LanguageCoverage
{
    /// <summary>Share of a query's letters (CJK characters count as several letters) that must be in covered scripts.</summary>
    private const double CoveredShare = 0.8;

    private static readonly Dictionary<string, WritingSystem[]> ScriptsByLanguage = new(StringComparer.OrdinalIgnoreCase)
    {
        ["zh"] = [WritingSystem.Han], ["ja"] = [WritingSystem.Han, WritingSystem.Kana], ["ko"] = [WritingSystem.Hangul, WritingSystem.Han],
        ["ru"] = [WritingSystem.Cyrillic], ["uk"] = [WritingSystem.Cyrillic], ["bg"] = [WritingSystem.Cyrillic], ["sr"] = [WritingSystem.Cyrillic, WritingSystem.Latin],
        ["be"] = [WritingSystem.Cyrillic], ["kk"] = [WritingSystem.Cyrillic], ["mk"] = [WritingSystem.Cyrillic],
        ["el"] = [WritingSystem.Greek], ["ar"] = [WritingSystem.Arabic], ["fa"] = [WritingSystem.Arabic], ["ur"] = [WritingSystem.Arabic],
        ["he"] = [WritingSystem.Hebrew], ["hi"] = [WritingSystem.Devanagari], ["mr"] = [WritingSystem.Devanagari], ["ne"] = [WritingSystem.Devanagari],
        ["th"] = [WritingSystem.Thai],
    };

    private readonly HashSet<WritingSystem>? _scripts;

    private LanguageCoverage(IReadOnlyList<string> languages, HashSet<WritingSystem>? scripts)
    {
        Languages = languages;
        _scripts = scripts;
    }

    public IReadOnlyList<string> Languages { get; }

    /// <summary>Languages as ISO 639-1 codes; Latin-script languages need no entry. "unknown", "multilingual" or no
    /// languages at all mean the model is trusted with every script.</summary>
    public static LanguageCoverage For(IReadOnlyList<string> languages)
    {
        if (languages.Count == 0 || languages.Any(l => l is "unknown" or "multilingual" or "xx"))
            return new LanguageCoverage(languages, null);
        var scripts = languages.SelectMany(l => ScriptsByLanguage.GetValueOrDefault(Primary(l), [WritingSystem.Latin])).ToHashSet();
        return new LanguageCoverage(languages, scripts);
    }

    public static LanguageCoverage Everything { get; } = new(["unknown"], null);

    /// <summary>The query's main script when the model does not cover it; null when it does (or the query has no letters).</summary>
    public string? UncoveredScript(string query)
    {
        if (_scripts is null) return null;
        var weights = new Dictionary<WritingSystem, double>();
        foreach (var rune in query.EnumerateRunes())
            if (Classify(rune) is { } script)
                weights[script] = weights.GetValueOrDefault(script) + (script is WritingSystem.Han or WritingSystem.Kana or WritingSystem.Hangul ? 3 : 1);
        var total = weights.Values.Sum();
        if (total == 0) return null;
        var covered = weights.Where(w => _scripts.Contains(w.Key)).Sum(w => w.Value);
        if (covered >= CoveredShare * total) return null;
        return weights.Where(w => !_scripts.Contains(w.Key)).MaxBy(w => w.Value).Key.ToString();
    }

    private static string Primary(string language) => language.Split('-', '_')[0];

    private static WritingSystem? Classify(Rune rune)
    {
        if (!Rune.IsLetter(rune)) return null;
        var c = rune.Value;
        return c switch
        {
            < 0x250 => WritingSystem.Latin,
            >= 0x1E00 and < 0x1F00 => WritingSystem.Latin,
            >= 0x370 and < 0x400 or >= 0x1F00 and < 0x2000 => WritingSystem.Greek,
            >= 0x400 and < 0x530 => WritingSystem.Cyrillic,
            >= 0x590 and < 0x600 => WritingSystem.Hebrew,
            >= 0x600 and < 0x780 or >= 0xFB50 and < 0xFE00 => WritingSystem.Arabic,
            >= 0x900 and < 0x980 => WritingSystem.Devanagari,
            >= 0xE00 and < 0xE80 => WritingSystem.Thai,
            >= 0x3040 and < 0x3100 or >= 0x31F0 and < 0x3200 or >= 0xFF66 and < 0xFFA0 => WritingSystem.Kana,
            >= 0x1100 and < 0x1200 or >= 0x3130 and < 0x3190 or >= 0xAC00 and < 0xD7B0 => WritingSystem.Hangul,
            >= 0x3400 and < 0xA000 or >= 0xF900 and < 0xFB00 or >= 0x20000 and < 0x32000 => WritingSystem.Han,
            _ when CharUnicodeInfo.GetUnicodeCategory(c) == UnicodeCategory.OtherLetter => WritingSystem.Other,
            _ => WritingSystem.Latin,
        };
    }

    private enum WritingSystem { Latin, Greek, Cyrillic, Hebrew, Arabic, Devanagari, Thai, Kana, Hangul, Han, Other }
}
