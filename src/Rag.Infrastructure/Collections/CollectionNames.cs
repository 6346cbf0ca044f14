using System.Globalization;
using System.Text;
using Rag.Core.Errors;

namespace Rag.Infrastructure.Collections;

/// <summary>What a new collection may be called. Names are NFKC-normalised first, so a fullwidth "ａｌｐｈａ" is "alpha";
/// then a name must be 1 to 100 letters, digits, '-', '_' or '.', start and end with a letter or digit (no "alpha."
/// beside "alpha"), and take its letters from one script, so a Cyrillic "а" cannot pass for a Latin "a" ("аlpha").
/// Chinese, Japanese and Korean names may mix Han, kana, Hangul and Bopomofo with Latin, as Unicode's
/// "highly restrictive" identifier profile (UTS #39) allows; ASCII digits go with every script.</summary>
public static class CollectionNames
{
    public const string Rule = "A collection name is 1 to 100 letters, digits, '-', '_' or '.', starts and ends with a letter or digit, " +
        "and takes its letters from one script (Chinese, Japanese and Korean names may also use Latin letters).";

    /// <summary>The name as it is stored, or a 400 rejection that states the rule.</summary>
    public static string Normalize(string? requested)
    {
        var name = (requested ?? "").Trim().Normalize(NormalizationForm.FormKC);
        var runes = name.EnumerateRunes().ToList();
        if (name.Length is < 1 or > 100 || !Rune.IsLetterOrDigit(runes[0]) || !Rune.IsLetterOrDigit(runes[^1])
            || !runes.All(r => Rune.IsLetterOrDigit(r) || r.Value is '-' or '_' or '.'))
            throw Invalid("Invalid collection name", Rule);
        var scripts = runes.Select(ScriptOf).OfType<string>().ToHashSet();
        if (scripts.Count > 1 && !scripts.SetEquals([Latin, Cjk]))
            throw Invalid("Mixed-script collection name",
                $"'{name}' mixes letters of {string.Join(" and ", scripts.Order())}, which lets one name pass for another. {Rule}");
        return name;
    }

    private const string Latin = "Latin", Cjk = "Han, kana, Hangul or Bopomofo";

    private static RequestRejectedException Invalid(string title, string detail) => new(RejectionReason.Invalid, title, detail);

    /// <summary>The script of a letter or digit; null for ASCII digits, which every script shares. .NET has no Unicode
    /// script property, so blocks stand in: the scripts that hold most look-alikes of Latin letters by name, other
    /// letters by their 128-code-point row (where nearly every other script's block starts).</summary>
    private static string? ScriptOf(Rune rune)
    {
        var c = rune.Value;
        if (!Rune.IsLetterOrDigit(rune) || c is >= '0' and <= '9') return null;
        return c switch
        {
            <= 0x02AF or >= 0x1E00 and <= 0x1EFF or >= 0x2C60 and <= 0x2C7F or >= 0xA720 and <= 0xA7FF or >= 0xAB30 and <= 0xAB6F => Latin,
            >= 0x0370 and <= 0x03FF or >= 0x1F00 and <= 0x1FFF => "Greek",
            >= 0x0400 and <= 0x052F or >= 0x1C80 and <= 0x1C8F or >= 0x2DE0 and <= 0x2DFF or >= 0xA640 and <= 0xA69F => "Cyrillic",
            >= 0x0530 and <= 0x058F => "Armenian",
            >= 0x0590 and <= 0x05FF => "Hebrew",
            >= 0x0600 and <= 0x06FF or >= 0x0750 and <= 0x077F or >= 0x08A0 and <= 0x08FF => "Arabic",
            >= 0x1100 and <= 0x11FF or >= 0x2E80 and <= 0x2FDF or >= 0x3005 and <= 0x3007 or >= 0x3040 and <= 0x31FF
                or >= 0x3400 and <= 0x4DBF or >= 0x4E00 and <= 0x9FFF or >= 0xA960 and <= 0xA97F or >= 0xAC00 and <= 0xD7FF
                or >= 0xF900 and <= 0xFAFF or >= 0x20000 and <= 0x3FFFF => Cjk,
            _ => "U+" + (c & ~0x7F).ToString("X4", CultureInfo.InvariantCulture),
        };
    }
}
