using System.Globalization;
using System.Text;
using Rag.Core.Extraction;
using Rag.Infrastructure.Extraction;

namespace Rag.Bench;

/// <summary>
/// pdfwords [--dump FOLDER] [--dictionary /usr/share/dict/words]
/// Extracts every readable PDF of ../shared/eval/pdfs (MANIFEST.tsv) and prints, per file and overall, the share of
/// glued "words": whitespace-separated tokens holding a run of at least 25 non-CJK letters (URLs, e-mail addresses,
/// key=value strings and letter-digit strings such as hashes excluded); and, as a more sensitive second figure, of
/// tokens with a run of at least 16 such letters (a few real words are that long: "characterization"). With --dictionary it also prints the share of lower-case
/// alphabetic tokens (3+ letters) missing from that word list, a proxy for words split by wrong spaces.
/// --dump writes each file's text (pages separated by form feeds) for diffs between versions of the extractor.
/// </summary>
public static class PdfWordsBenchmark
{
    private const int GluedLetters = 25, LongLetters = 16;

    public static async Task<int> RunAsync(string[] args)
    {
        var options = EmbedBenchmark.ParseArgs(args);
        var folder = Path.Combine(EmbedBenchmark.FindRepositoryRoot(), "..", "shared", "eval", "pdfs");
        var dump = options.GetValueOrDefault("dump");
        var dictionary = options.TryGetValue("dictionary", out var wordList)
            ? File.ReadLines(wordList).Select(w => w.ToLowerInvariant()).ToHashSet()
            : null;
        if (dump is not null) Directory.CreateDirectory(dump);

        Console.WriteLine(dictionary is null ? "file\ttokens\tglued\tshare\t>=16" : "file\ttokens\tglued\tshare\t>=16\tunknown");
        var total = new Counts();
        foreach (var file in ManifestFiles(folder))
        {
            string text;
            try
            {
                await using var content = File.OpenRead(Path.Combine(folder, file));
                var document = await new PdfTextExtractor().ExtractAsync(content, null, CancellationToken.None);
                text = string.Join("\f", document.Pages.Select(p => p.Text));
            }
            catch (ExtractionException e)
            {
                Console.WriteLine($"{file}\t-\t-\t-\t({e.Message})");
                continue;
            }
            if (dump is not null)
                File.WriteAllText(Path.Combine(dump, file.Replace('/', '_') + ".txt"), text);
            var counts = Count(text, dictionary);
            total.Add(counts);
            Console.WriteLine($"{file}\t{counts.Format(dictionary is not null)}");
        }
        Console.WriteLine($"ALL\t{total.Format(dictionary is not null)}");
        return 0;
    }

    private static IEnumerable<string> ManifestFiles(string folder)
    {
        var lines = File.ReadAllLines(Path.Combine(folder, "MANIFEST.tsv"));
        var fileColumn = Array.IndexOf(lines[0].Split('\t'), "file");
        return lines.Skip(1).Where(l => l.Length > 0).Select(l => l.Split('\t')[fileColumn]);
    }

    private static Counts Count(string text, HashSet<string>? dictionary)
    {
        var counts = new Counts();
        foreach (var token in text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries))
        {
            if (!token.Any(char.IsLetter))
                continue;
            counts.Tokens++;
            if (HasLetterRun(token, GluedLetters))
                counts.Glued++;
            if (HasLetterRun(token, LongLetters))
                counts.Long++;
            var word = token.Trim(".,;:!?()[]\"'«»“”‘’".ToCharArray());
            if (dictionary is not null && word.Length >= 3 && word.All(c => c is >= 'a' and <= 'z'))
            {
                counts.Checked++;
                if (!dictionary.Contains(word) && !dictionary.Contains(Singular(word)))
                    counts.Unknown++;
            }
        }
        return counts;
    }

    private static bool HasLetterRun(string token, int letters)
    {
        if (token.Contains("://") || token.StartsWith("www.", StringComparison.OrdinalIgnoreCase) || token.Contains('@') || token.Contains('='))
            return false;
        if (token.Any(char.IsDigit) && token.Any(char.IsLetter) && !token.Any(c => c is '.' or ',' or '(' or ')'))
            return false; // identifiers and hashes, e.g. "a3f9c0…", "ISO9001"
        var run = 0;
        foreach (var c in token)
        {
            run = char.IsLetter(c) && !IsCjk(c) ? run + 1 : 0;
            if (run >= letters)
                return true;
        }
        return false;
    }

    private static string Singular(string word) => word.EndsWith('s') ? word[..^1] : word;

    private static bool IsCjk(char c) =>
        c is >= '\u2E80' and <= '\u9FFF' or >= '\uAC00' and <= '\uD7AF' or >= '\uF900' and <= '\uFAFF' or >= '\uFF00' and <= '\uFFEF';

    private sealed class Counts
    {
        public int Tokens, Glued, Long, Checked, Unknown;

        public void Add(Counts other)
        {
            Tokens += other.Tokens;
            Glued += other.Glued;
            Long += other.Long;
            Checked += other.Checked;
            Unknown += other.Unknown;
        }

        public string Format(bool withUnknown)
        {
            var line = new StringBuilder(string.Create(CultureInfo.InvariantCulture, $"{Tokens}\t{Glued}\t{Share(Glued, Tokens)}\t{Share(Long, Tokens)}"));
            if (withUnknown)
                line.Append(string.Create(CultureInfo.InvariantCulture, $"\t{Share(Unknown, Checked)} of {Checked}"));
            return line.ToString();
        }

        private static string Share(int part, int whole) =>
            whole == 0 ? "-" : (100.0 * part / whole).ToString("0.00", CultureInfo.InvariantCulture) + "%";
    }
}
