using System.Text;

namespace MilvusPS.Emulator.Text;

/// <summary>
/// The Porter2 ("Snowball English") stemmer that Milvus's <c>stemmer</c> filter (language english) and <c>english</c>
/// analyzer run (tantivy's Stemmer over rust-stemmers). Written from the algorithm's published description
/// (snowballstem.org/algorithms/english/stemmer.html): exceptional forms, prelude, regions R1/R2, steps 0–5, postlude.
/// It expects lower-case input (upper-case letters are not vowels), as the analyzers lower-case first.
/// Unverified: later Snowball releases added R1 prefixes beyond gener/commun/arsen; rust-stemmers uses the older set.
/// </summary>
internal static class PorterStemmer
{
    private static readonly Dictionary<string, string> ExceptionalForms = new(StringComparer.Ordinal)
    {
        ["skis"] = "ski", ["skies"] = "sky", ["dying"] = "die", ["lying"] = "lie", ["tying"] = "tie",
        ["idly"] = "idl", ["gently"] = "gentl", ["ugly"] = "ugli", ["early"] = "earli", ["only"] = "onli", ["singly"] = "singl",
        ["sky"] = "sky", ["news"] = "news", ["howe"] = "howe", ["atlas"] = "atlas", ["cosmos"] = "cosmos", ["bias"] = "bias", ["andes"] = "andes",
    };

    // Left as they are after step 1a.
    private static readonly HashSet<string> InvariantAfterStep1a = new(StringComparer.Ordinal)
        { "inning", "outing", "canning", "herring", "earring", "proceed", "exceed", "succeed" };

    private static readonly string[] R1Prefixes = ["gener", "commun", "arsen"];

    private static readonly (string Suffix, string Replacement)[] Step2Rules =
    [
        ("ational", "ate"), ("fulness", "ful"), ("ousness", "ous"), ("iveness", "ive"), ("ization", "ize"),
        ("tional", "tion"), ("biliti", "ble"), ("lessli", "less"),
        ("entli", "ent"), ("ation", "ate"), ("alism", "al"), ("aliti", "al"), ("ousli", "ous"), ("iviti", "ive"), ("fulli", "ful"),
        ("enci", "ence"), ("anci", "ance"), ("abli", "able"), ("izer", "ize"), ("ator", "ate"), ("alli", "al"),
        ("bli", "ble"), ("ogi", "og"), ("li", ""),
    ];

    private static readonly (string Suffix, string Replacement)[] Step3Rules =
    [
        ("ational", "ate"), ("tional", "tion"), ("alize", "al"), ("icate", "ic"), ("iciti", "ic"), ("ative", ""),
        ("ical", "ic"), ("ness", ""), ("ful", ""),
    ];

    private static readonly string[] Step4Suffixes =
        ["ement", "ance", "ence", "able", "ible", "ment", "ant", "ent", "ism", "ate", "iti", "ous", "ive", "ize", "ion", "al", "er", "ic"];

    public static string Stem(string word)
    {
        if (ExceptionalForms.TryGetValue(word, out var exceptional)) return exceptional;
        if (word.Length < 3) return word;

        var w = new StringBuilder(word);
        MarkConsonantY(w);
        var (p1, p2) = Regions(w);

        Step1a(w);
        if (!InvariantAfterStep1a.Contains(w.ToString()))
        {
            Step1b(w, p1);
            Step1c(w);
            ReplaceInR1(w, p1, Step2Rules, Step2Condition);
            ReplaceInR1(w, p1, Step3Rules, (_, suffix, start) => suffix != "ative" || start >= p2);
            Step4(w, p2);
            Step5(w, p1, p2);
        }
        return w.Replace('Y', 'y').ToString();
    }

    private static bool IsVowel(char c) => c is 'a' or 'e' or 'i' or 'o' or 'u' or 'y';

    private static bool EndsWith(StringBuilder w, string suffix)
    {
        if (w.Length < suffix.Length) return false;
        for (var i = 0; i < suffix.Length; i++)
            if (w[w.Length - suffix.Length + i] != suffix[i]) return false;
        return true;
    }

    private static void ReplaceEnd(StringBuilder w, int length, string replacement) =>
        w.Remove(w.Length - length, length).Append(replacement);

    private static bool HasVowel(StringBuilder w, int end)
    {
        for (var i = 0; i < end; i++) if (IsVowel(w[i])) return true;
        return false;
    }

    /// <summary>Prelude: drop a leading apostrophe; an initial y and a y after a vowel are consonants (Y).</summary>
    private static void MarkConsonantY(StringBuilder w)
    {
        if (w.Length > 0 && w[0] == '\'') w.Remove(0, 1);
        for (var i = 0; i < w.Length; i++)
            if (w[i] == 'y' && (i == 0 || IsVowel(w[i - 1]))) w[i] = 'Y';
    }

    /// <summary>R1 starts after the first non-vowel that follows a vowel (or after gener/commun/arsen); R2 likewise within R1.</summary>
    private static (int P1, int P2) Regions(StringBuilder w)
    {
        var text = w.ToString();
        var prefix = R1Prefixes.FirstOrDefault(p => text.StartsWith(p, StringComparison.Ordinal));
        var p1 = prefix is not null ? prefix.Length : AfterVowelThenNonVowel(w, 0);
        return (p1, AfterVowelThenNonVowel(w, p1));
    }

    private static int AfterVowelThenNonVowel(StringBuilder w, int from)
    {
        var i = from;
        while (i < w.Length && !IsVowel(w[i])) i++;
        while (i < w.Length && IsVowel(w[i])) i++;
        return i < w.Length ? i + 1 : w.Length;
    }

    /// <summary>
    /// The word (as it stands) ends in a short syllable: non-vowel, vowel, non-vowel other than w, x, Y; or a word of
    /// exactly vowel + non-vowel.
    /// </summary>
    private static bool EndsInShortSyllable(StringBuilder w)
    {
        var n = w.Length;
        if (n >= 3)
            return !IsVowel(w[n - 3]) && IsVowel(w[n - 2]) && !IsVowel(w[n - 1]) && w[n - 1] is not ('w' or 'x' or 'Y');
        return n == 2 && IsVowel(w[0]) && !IsVowel(w[1]);
    }

    /// <summary>Step 0 and 1a: apostrophe suffixes, then plurals (sses, ied/ies, s).</summary>
    private static void Step1a(StringBuilder w)
    {
        foreach (var apostrophe in new[] { "'s'", "'s", "'" })
        {
            if (!EndsWith(w, apostrophe)) continue;
            ReplaceEnd(w, apostrophe.Length, "");
            break;
        }
        if (EndsWith(w, "sses")) ReplaceEnd(w, 4, "ss");
        else if (EndsWith(w, "ied") || EndsWith(w, "ies")) ReplaceEnd(w, 3, w.Length > 4 ? "i" : "ie");
        else if (EndsWith(w, "us") || EndsWith(w, "ss")) { }
        // A final s goes when a vowel occurs before the letter preceding it (gaps → gap, but gas stays).
        else if (EndsWith(w, "s") && HasVowel(w, w.Length - 2)) ReplaceEnd(w, 1, "");
    }

    /// <summary>Step 1b: eed/eedly in R1 become ee; ed/edly/ing/ingly go after a vowel, then the stem is tidied.</summary>
    private static void Step1b(StringBuilder w, int p1)
    {
        foreach (var suffix in new[] { "eedly", "ingly", "edly", "eed", "ing", "ed" })
        {
            if (!EndsWith(w, suffix)) continue;
            var start = w.Length - suffix.Length;
            if (suffix.StartsWith("eed", StringComparison.Ordinal))
            {
                if (start >= p1) ReplaceEnd(w, suffix.Length, "ee");
                return;
            }
            if (!HasVowel(w, start)) return;
            ReplaceEnd(w, suffix.Length, "");
            if (EndsWith(w, "at") || EndsWith(w, "bl") || EndsWith(w, "iz")) w.Append('e');
            else if (EndsInDouble(w)) w.Length--;
            else if (p1 == w.Length && EndsInShortSyllable(w)) w.Append('e');
            return;
        }
    }

    private static bool EndsInDouble(StringBuilder w) =>
        w.Length >= 2 && w[^1] == w[^2] && w[^1] is 'b' or 'd' or 'f' or 'g' or 'm' or 'n' or 'p' or 'r' or 't';

    /// <summary>Step 1c: a final y (or Y) after a non-vowel that is not the first letter becomes i.</summary>
    private static void Step1c(StringBuilder w)
    {
        var n = w.Length;
        if (n >= 3 && w[n - 1] is 'y' or 'Y' && !IsVowel(w[n - 2])) w[n - 1] = 'i';
    }

    private static bool Step2Condition(StringBuilder w, string suffix, int start) => suffix switch
    {
        "ogi" => start > 0 && w[start - 1] == 'l',
        "li" => start > 0 && w[start - 1] is 'c' or 'd' or 'e' or 'g' or 'h' or 'k' or 'm' or 'n' or 'r' or 't',
        _ => true,
    };

    /// <summary>Steps 2 and 3: the longest listed suffix, replaced when it lies in R1 and its own condition holds.</summary>
    private static void ReplaceInR1(StringBuilder w, int p1, (string Suffix, string Replacement)[] rules, Func<StringBuilder, string, int, bool> condition)
    {
        var rule = Longest(w, rules.Select(r => r.Suffix));
        if (rule is null) return;
        var start = w.Length - rule.Length;
        if (start < p1 || !condition(w, rule, start)) return;
        ReplaceEnd(w, rule.Length, rules.First(r => r.Suffix == rule).Replacement);
    }

    /// <summary>Step 4: the longest listed suffix is deleted when it lies in R2 (ion only after s or t).</summary>
    private static void Step4(StringBuilder w, int p2)
    {
        var suffix = Longest(w, Step4Suffixes);
        if (suffix is null) return;
        var start = w.Length - suffix.Length;
        if (start < p2) return;
        if (suffix == "ion" && !(start > 0 && w[start - 1] is 's' or 't')) return;
        ReplaceEnd(w, suffix.Length, "");
    }

    /// <summary>Step 5: a final e goes in R2, or in R1 unless a short syllable precedes it; a final l goes in R2 after l.</summary>
    private static void Step5(StringBuilder w, int p1, int p2)
    {
        var start = w.Length - 1;
        if (EndsWith(w, "e"))
        {
            if (start >= p2) { w.Length--; return; }
            if (start < p1) return;
            w.Length--;
            if (EndsInShortSyllable(w)) w.Append('e');
        }
        else if (EndsWith(w, "l") && start >= p2 && start > 0 && w[start - 1] == 'l') w.Length--;
    }

    private static string? Longest(StringBuilder w, IEnumerable<string> suffixes) =>
        suffixes.Where(s => EndsWith(w, s)).OrderByDescending(s => s.Length).FirstOrDefault();
}
