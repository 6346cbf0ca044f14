using System.Text;
using Lucene.Net.Analysis;
using Lucene.Net.Analysis.TokenAttributes;

namespace Rag.Infrastructure.Keyword;

/// <summary>Brings every term to Unicode NFC, so "café" typed with a precomposed é finds "café" written as e plus a
/// combining accent, and the other way round. Only the term changes; its offsets in the text stay as they are.</summary>
internal sealed class NfcNormalizationFilter(TokenStream input) : TokenFilter(input)
{
    private readonly ICharTermAttribute _term = input.AddAttribute<ICharTermAttribute>();

    public override bool IncrementToken()
    {
        if (!m_input.IncrementToken()) return false;
        var term = _term.ToString();
        try
        {
            if (!term.IsNormalized(NormalizationForm.FormC))
                _term.SetEmpty().Append(term.Normalize(NormalizationForm.FormC));
        }
        catch (ArgumentException)
        {
            // Invalid UTF-16 (an unpaired surrogate) has no normal form; the term stays as it is.
        }
        return true;
    }
}
