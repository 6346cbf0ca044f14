using System.Text.RegularExpressions;

namespace Rag.Infrastructure.Extraction;

/// <summary>Checks what PdfPig cannot survive before PdfPig sees the file. PdfPig builds the whole page tree as it
/// opens a document, cannot be interrupted while it does, and follows references by plain recursion, so: a page tree
/// that loops back on itself sends it round forever, taking gigabytes; millions of repeated /Kids entries cost
/// gigabytes and minutes; a very deep tree or a loop of references ("5 0 obj 6 0 R", "6 0 obj 5 0 R") overflows the
/// stack, which ends the whole process. Only what is proven hostile is refused: a file whose structure this scan
/// cannot follow is left to PdfPig, which fails it cleanly if it is damaged.</summary>
internal static partial class PdfStructureCheck
{
    /// <summary>Real page trees are a handful of levels deep; PdfPig walks them recursively.</summary>
    public const int MaxTreeDepth = 256;

    /// <summary>A reference to a reference is rare; a chain this long is never real.</summary>
    private const int MaxReferenceChain = 32;

    /// <summary>Throws <see cref="PdfStructureException"/> for a hostile structure; returns the number of pages the
    /// page tree lists, or null when the tree could not be found.</summary>
    public static long? CountPages(PdfObjectScan scan)
    {
        CheckReferenceChains(scan);
        if (scan.Root is not { } root || Resolve(scan, root) is not { } catalog) return null;
        if (ReferenceOf(PagesEntry().Match(catalog)) is not { } pagesRoot) return null;
        return new PageTreeWalk(scan).CountPages(pagesRoot);
    }

    private static void CheckReferenceChains(PdfObjectScan scan)
    {
        foreach (var (number, body) in scan.Bodies)
            if (BareReference().IsMatch(body))
                Resolve(scan, number);
    }

    /// <summary>The object's body, following objects that are nothing but a reference to another.</summary>
    private static string? Resolve(PdfObjectScan scan, int number)
    {
        for (var hops = 0; hops <= MaxReferenceChain; hops++)
        {
            var body = scan.Body(number);
            if (body is null) return null;
            var reference = BareReference().Match(body);
            if (!reference.Success) return body;
            number = ReferenceOf(reference) ?? -1;
            if (number < 0) return null;
        }
        throw new PdfStructureException($"it contains a chain of more than {MaxReferenceChain} references to references, or a loop of them");
    }

    private static int? ReferenceOf(Match match) => match.Success ? PdfObjectScan.ParseNumber(match.Groups[1].Value) : null;

    private sealed class PageTreeWalk(PdfObjectScan scan)
    {
        private readonly Dictionary<int, Node?> _nodes = [];
        private readonly HashSet<int> _visitedBranches = [];

        private sealed record Node(bool IsPage, List<int> Kids);

        public long CountPages(int root)
        {
            long pages = 0;
            var pending = new Stack<(int Number, int Depth)>([(root, 0)]);
            while (pending.TryPop(out var branch))
            {
                if (NodeOf(branch.Number) is not { } node) continue;
                if (node.IsPage) { pages++; continue; }
                if (!_visitedBranches.Add(branch.Number))
                    throw new PdfStructureException("its page tree loops back on itself or lists the same branch twice");
                if (branch.Depth >= MaxTreeDepth)
                    throw new PdfStructureException($"its page tree is nested more than {MaxTreeDepth} levels deep");
                foreach (var kid in node.Kids)
                {
                    // Leaves are counted here rather than stacked: a hostile /Kids may repeat one page millions of times.
                    if (NodeOf(kid) is { IsPage: true }) pages++;
                    else pending.Push((kid, branch.Depth + 1));
                }
            }
            return pages;
        }

        private Node? NodeOf(int number)
        {
            if (_nodes.TryGetValue(number, out var known)) return known;
            var node = Read(number);
            _nodes[number] = node;
            return node;
        }

        private Node? Read(int number)
        {
            if (Resolve(scan, number) is not { } body) return null;
            var kids = KidsOf(body);
            var isBranch = PagesType().IsMatch(body) || (kids is not null && !PageType().IsMatch(body));
            return new Node(!isBranch, kids ?? []);
        }

        private List<int>? KidsOf(string body)
        {
            var kids = KidsEntry().Match(body);
            if (!kids.Success) return null;
            var array = kids.Groups["array"].Success
                ? kids.Groups["array"].Value
                : ReferenceOf(kids) is { } arrayObject ? scan.Body(arrayObject) ?? "" : "";
            return ReferencesIn(array);
        }

        /// <summary>The object numbers of "N G R" references in an array, read without a regex: a hostile /Kids may
        /// hold millions of them.</summary>
        private static List<int> ReferencesIn(string array)
        {
            var numbers = new List<int>();
            int? previous = null, beforePrevious = null;
            foreach (var range in array.AsSpan().SplitAny(" \t\r\n\f\0[]"))
            {
                var token = array.AsSpan(range);
                if (token.IsEmpty) continue;
                if (token is "R" && beforePrevious is { } number && previous is not null) numbers.Add(number);
                beforePrevious = previous;
                previous = int.TryParse(token, out var value) && value >= 0 ? value : null;
            }
            return numbers;
        }
    }

    [GeneratedRegex(@"^\s*\[?\s*(\d+)\s+\d+\s+R\s*\]?\s*$")]
    private static partial Regex BareReference();

    [GeneratedRegex(@"/Pages\s*(\d+)\s+\d+\s+R")]
    private static partial Regex PagesEntry();

    [GeneratedRegex(@"/Kids\s*(?:\[(?<array>[^\]]*)\]|(\d+)\s+\d+\s+R)")]
    private static partial Regex KidsEntry();

    [GeneratedRegex(@"/Type\s*/Pages\b")]
    private static partial Regex PagesType();

    [GeneratedRegex(@"/Type\s*/Page\b")]
    private static partial Regex PageType();
}

/// <summary>The PDF's structure is hostile or broken beyond what the parser can safely follow.</summary>
internal sealed class PdfStructureException(string reason) : Exception(reason);
