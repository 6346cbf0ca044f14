using System.Text;

namespace Rag.Web.Text;

/// <summary>Turns what a person types into a collection name the service takes (NFKC-normalised letters, digits, '-',
/// '_' and '.', starting and ending with a letter or digit, at most 100): "Research papers." becomes "research-papers".
/// Letters of several scripts stay as typed: the service refuses them with its reason.</summary>
public static class CollectionName
{
    public static string Slug(string? typed)
    {
        var slug = new StringBuilder();
        foreach (var c in (typed ?? "").Trim().Normalize(NormalizationForm.FormKC).ToLowerInvariant())
        {
            if (char.IsLetterOrDigit(c) || c is '_' or '.') slug.Append(c);
            else if (slug.Length > 0 && slug[^1] != '-') slug.Append('-');
        }
        var name = slug.ToString().Trim('-', '_', '.');
        return name.Length <= 100 ? name : name[..100].TrimEnd('-', '_', '.');
    }
}
