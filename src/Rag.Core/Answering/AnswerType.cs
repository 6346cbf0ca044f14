using System.Text.RegularExpressions;

namespace Rag.Core.Answering;

/// <summary>The kind of answer a question asks for, when its wording says so: a date ("When…", "What year…", "哪一年"),
/// a number ("How many…", "多少") or a person ("Who…"); and whether a sentence holds one. A sentence without a date
/// does not answer "When was it founded?", however many of its words it shares.</summary>
public static partial class AnswerType
{
    public enum Kind { Any, Date, Number, Person }

    public static Kind Expected(string question)
    {
        if (DateQuestion().IsMatch(question)) return Kind.Date;
        if (NumberQuestion().IsMatch(question)) return Kind.Number;
        if (PersonQuestion().IsMatch(question)) return Kind.Person;
        return Kind.Any;
    }

    public static bool Holds(Kind kind, string sentence) => kind switch
    {
        Kind.Date => DateInText().IsMatch(sentence),
        Kind.Number => NumberInText().IsMatch(sentence),
        // Chinese and Japanese names are not capitalised: a sentence in those scripts is not judged.
        Kind.Person => AnswerCandidates.IsCjk(sentence) || NameInText().IsMatch(sentence),
        _ => true,
    };

    [GeneratedRegex(@"^\s*when\s+(?:was|is|were|are|did|does|do|had|has|have|will|would|could|can|should)\b|\b(?:what|which)\s+(?:year|years|century|decade|date|month|day|era)\b|哪(?:一)?年|什么时候|何时|哪个世纪|いつ|何年", RegexOptions.IgnoreCase)]
    private static partial Regex DateQuestion();

    [GeneratedRegex(@"\bhow\s+(?:many|much|long|old|far|large|big|tall|high|deep|wide|heavy|fast)\b|\bwhat\s+(?:percentage|percent|proportion|fraction|number|amount)\b|多少|几|いくつ|何人", RegexOptions.IgnoreCase)]
    private static partial Regex NumberQuestion();

    [GeneratedRegex(@"^\s*(?:who|whom|whose)\b|\b(?:who|whom|whose)\s+(?:was|is|were|are|did|does|had|has)\b|谁|誰", RegexOptions.IgnoreCase)]
    private static partial Regex PersonQuestion();

    [GeneratedRegex(@"\b(?:\d{3,4}|\d{1,4}s)\b|\b(?:January|February|March|April|May|June|July|August|September|October|November|December|century|centuries|decade|BC|BCE|AD|CE)\b|\d+\s*(?:年|月|日|世纪)|[一二三四五六七八九十〇零]+(?:年|世纪)", RegexOptions.IgnoreCase)]
    private static partial Regex DateInText();

    [GeneratedRegex(@"\d|\b(?:one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|twenty|thirty|forty|fifty|hundred|hundreds|thousand|thousands|million|millions|billion|billions|dozen|dozens|half|single|double|twice|once)\b|[一二三四五六七八九十百千万亿两]", RegexOptions.IgnoreCase)]
    private static partial Regex NumberInText();

    /// <summary>A capitalised word that does not start the sentence.</summary>
    [GeneratedRegex(@"(?<=\S\s+)\p{Lu}\p{Ll}+")]
    private static partial Regex NameInText();
}
