using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace MilvusPS.Emulator.Text;

/// <summary>Keeps the tokens a predicate accepts (positions unchanged, so dropped tokens leave gaps).</summary>
internal sealed class KeepFilter(Func<string, bool> keep) : ITokenFilter
{
    public IEnumerable<AnalyzerToken> Apply(IEnumerable<AnalyzerToken> tokens) => tokens.Where(t => keep(t.Text));
}

/// <summary>Rewrites each token's text.</summary>
internal sealed class RewriteFilter(Func<string, string> rewrite) : ITokenFilter
{
    public IEnumerable<AnalyzerToken> Apply(IEnumerable<AnalyzerToken> tokens) => tokens.Select(t => t with { Text = rewrite(t.Text) });
}

/// <summary>
/// Milvus's filters, with the behaviour of their tantivy / tantivy-binding implementations (verified against the
/// milvus-io/milvus and quickwit-oss/tantivy sources unless a member says otherwise).
/// </summary>
internal static class Filters
{
    /// <summary><c>lowercase</c>: tantivy's LowerCaser, character by character (no final-sigma rule).</summary>
    public static ITokenFilter Lowercase { get; } = new RewriteFilter(ToLower);

    /// <summary><c>alphanumonly</c>: keeps tokens made only of ASCII letters and digits.</summary>
    public static ITokenFilter AlphaNumOnly { get; } = new KeepFilter(t => t.All(char.IsAsciiLetterOrDigit));

    /// <summary><c>cnalphanumonly</c>: keeps tokens containing a Han character or an ASCII letter or digit (regex <c>[\p{Han}a-zA-Z0-9]+</c>, unanchored).</summary>
    public static ITokenFilter CnAlphaNumOnly { get; } =
        new KeepFilter(t => t.EnumerateRunes().Any(r => JiebaApproximateTokenizer.IsHan(r) || (r.IsAscii && char.IsAsciiLetterOrDigit((char)r.Value))));

    /// <summary><c>cncharonly</c>: keeps tokens containing a Han character (regex <c>\p{Han}+</c>, unanchored).</summary>
    public static ITokenFilter CnCharOnly { get; } = new KeepFilter(t => t.EnumerateRunes().Any(JiebaApproximateTokenizer.IsHan));

    /// <summary>
    /// <c>removepunct</c>: drops a token that contains any punctuation (Unicode category P) or white space — the
    /// regex <c>[\p{Punct}\s]+</c> is matched unanchored, so "can't" from the whitespace tokenizer goes too.
    /// </summary>
    public static ITokenFilter RemovePunct { get; } = new KeepFilter(t => !t.EnumerateRunes().Any(IsPunctuationOrSpace));

    /// <summary><c>asciifolding</c>: Latin letters with diacritics, ligatures and typographic marks to ASCII (see <see cref="AsciiFoldingTable"/>).</summary>
    public static ITokenFilter AsciiFolding { get; } = new RewriteFilter(AsciiFoldingTable.Fold);

    /// <summary><c>length</c>: keeps tokens of at most <paramref name="max"/> UTF-8 bytes (tantivy's RemoveLongFilter with limit max + 1).</summary>
    public static ITokenFilter Length(ulong max) => new KeepFilter(t => (ulong)Encoding.UTF8.GetByteCount(t) <= max);

    /// <summary><c>stop</c>: drops tokens equal (case-sensitively) to a listed word.</summary>
    public static ITokenFilter Stop(IEnumerable<string> words)
    {
        var set = new HashSet<string>(words, StringComparer.Ordinal);
        return new KeepFilter(t => !set.Contains(t));
    }

    /// <summary><c>stemmer</c> with language english: Porter2.</summary>
    public static ITokenFilter EnglishStemmer { get; } = new RewriteFilter(PorterStemmer.Stem);

    /// <summary><c>regex</c>: keeps tokens the expression matches anywhere (fancy-regex is_match; .NET syntax stands in for it).</summary>
    public static ITokenFilter Regex(Regex expression) => new KeepFilter(t => expression.IsMatch(t));

    private static bool IsPunctuationOrSpace(Rune r) => Rune.IsWhiteSpace(r) || Rune.GetUnicodeCategory(r) is
        UnicodeCategory.ConnectorPunctuation or UnicodeCategory.DashPunctuation or UnicodeCategory.OpenPunctuation
        or UnicodeCategory.ClosePunctuation or UnicodeCategory.InitialQuotePunctuation or UnicodeCategory.FinalQuotePunctuation
        or UnicodeCategory.OtherPunctuation;

    private static string ToLower(string text)
    {
        var sb = new StringBuilder(text.Length);
        foreach (var rune in text.EnumerateRunes())
        {
            // Rust's char::to_lowercase maps İ to i + combining dot above; .NET's invariant mapping leaves it.
            if (rune.Value == 0x130) sb.Append("i\u0307");
            else sb.Append(Rune.ToLowerInvariant(rune).ToString());
        }
        return sb.ToString();
    }
}

/// <summary>
/// <c>decompounder</c>: tantivy's SplitCompoundWords. A token is split only when it is entirely a sequence of
/// dictionary words, chosen leftmost-longest without backtracking (Aho-Corasick LeftmostLongest); the parts keep
/// the token's position and offsets.
/// </summary>
internal sealed class DecompounderFilter(IEnumerable<string> words) : ITokenFilter
{
    // Longest first, so the first word that fits at a position is the longest one. Empty words never match.
    private readonly string[] _words = words.Where(w => w.Length > 0).Distinct(StringComparer.Ordinal)
        .OrderByDescending(w => w.Length).ToArray();

    public IEnumerable<AnalyzerToken> Apply(IEnumerable<AnalyzerToken> tokens)
    {
        foreach (var token in tokens)
        {
            var parts = Split(token.Text);
            if (parts is null) yield return token;
            else foreach (var part in parts) yield return token with { Text = part };
        }
    }

    private List<string>? Split(string text)
    {
        var parts = new List<string>();
        var at = 0;
        while (at < text.Length)
        {
            var word = _words.FirstOrDefault(w => at + w.Length <= text.Length && string.CompareOrdinal(text, at, w, 0, w.Length) == 0);
            if (word is null) return null;
            parts.Add(word);
            at += word.Length;
        }
        return parts.Count > 0 ? parts : null;
    }
}

/// <summary>
/// The folding behind <c>asciifolding</c> (tantivy's port of Lucene's ASCIIFoldingFilter). Covers Latin-1, Latin
/// Extended-A, the common Latin Extended-B and Vietnamese letters, ligatures, full-width ASCII, super/subscript
/// digits and typographic quotes and dashes; characters outside the table pass unchanged. Unverified beyond those
/// ranges (Lucene's table also folds e.g. circled letters and rarer Latin letters).
/// </summary>
internal static class AsciiFoldingTable
{
    private static readonly Dictionary<int, string> Map = Build();

    public static string Fold(string text)
    {
        if (text.All(char.IsAscii)) return text;
        var sb = new StringBuilder(text.Length);
        foreach (var rune in text.EnumerateRunes())
        {
            if (Map.TryGetValue(rune.Value, out var folded)) sb.Append(folded);
            else if (rune.Value is >= 0xFF01 and <= 0xFF5E) sb.Append((char)(rune.Value - 0xFEE0)); // full-width ASCII
            else sb.Append(rune.ToString());
        }
        return sb.ToString();
    }

    private static Dictionary<int, string> Build()
    {
        // Target → the characters that fold to it.
        (string To, string From)[] groups =
        [
            ("A", "ÀÁÂÃÄÅĀĂĄǍǞǠǺȀȂȦȺḀẠẢẤẦẨẪẬẮẰẲẴẶ"), ("a", "àáâãäåāăąǎǟǡǻȁȃȧḁạảấầẩẫậắằẳẵặẚ"),
            ("B", "ƁƂḂḄḆ"), ("b", "ƀƃɓḃḅḇ"),
            ("C", "ÇĆĈĊČƇȻḈ"), ("c", "çćĉċčƈȼɕḉ"),
            ("D", "ÐĎĐƉƊƋḊḌḎḐḒ"), ("d", "ðďđƌȡɖɗḋḍḏḑḓ"),
            ("E", "ÈÉÊËĒĔĖĘĚȄȆȨɆḔḖḘḚḜẸẺẼẾỀỂỄỆ"), ("e", "èéêëēĕėęěȅȇȩɇḕḗḙḛḝẹẻẽếềểễệ"),
            ("F", "ƑḞ"), ("f", "ƒḟ"),
            ("G", "ĜĞĠĢƓǤǦǴḠ"), ("g", "ĝğġģǥǧǵɠɡḡ"),
            ("H", "ĤĦȞḢḤḦḨḪ"), ("h", "ĥħȟɦḣḥḧḩḫẖ"),
            ("I", "ÌÍÎÏĨĪĬĮİƗǏȈȊḬḮỈỊ"), ("i", "ìíîïĩīĭįıǐȉȋɨḭḯỉị"),
            ("J", "ĴɈ"), ("j", "ĵǰȷɉʝ"),
            ("K", "ĶƘǨḰḲḴ"), ("k", "ķƙǩḱḳḵ"),
            ("L", "ĹĻĽĿŁȽḶḸḺḼ"), ("l", "ĺļľŀłƚȴɫɬɭḷḹḻḽ"),
            ("M", "ḾṀṂ"), ("m", "ḿṁṃɱ"),
            ("N", "ÑŃŅŇŊƝǸȠṄṆṈṊ"), ("n", "ñńņňŋƞǹȵɲɳṅṇṉṋ"),
            ("O", "ÒÓÔÕÖØŌŎŐƆƟƠǑǪǬǾȌȎȪȬȮȰṌṎṐṒỌỎỐỒỔỖỘỚỜỞỠỢ"), ("o", "òóôõöøōŏőơǒǫǭǿȍȏȫȭȯȱɔɵṍṏṑṓọỏốồổỗộớờởỡợ"),
            ("P", "ƤṔṖ"), ("p", "ƥṕṗ"),
            ("Q", "Ɋ"), ("q", "ĸɋʠ"),
            ("R", "ŔŖŘȐȒɌṘṚṜṞ"), ("r", "ŕŗřȑȓɍɼɽɾṙṛṝṟ"),
            ("S", "ŚŜŞŠȘṠṢṤṦṨ"), ("s", "śŝşšſșȿʂṡṣṥṧṩẛ"),
            ("T", "ŢŤŦƬƮȚȾṪṬṮṰ"), ("t", "ţťŧƫƭțȶʈṫṭṯṱẗ"),
            ("U", "ÙÚÛÜŨŪŬŮŰŲƯǓǕǗǙǛȔȖɄṲṴṶṸṺỤỦỨỪỬỮỰ"), ("u", "ùúûüũūŭůűųưǔǖǘǚǜȕȗʉṳṵṷṹṻụủứừửữự"),
            ("V", "ƲɅṼṾ"), ("v", "ʋʌṽṿ"),
            ("W", "ŴẀẂẄẆẈ"), ("w", "ŵẁẃẅẇẉẘ"),
            ("X", "ẊẌ"), ("x", "ẋẍ"),
            ("Y", "ÝŶŸƳȲɎẎỲỴỶỸ"), ("y", "ýÿŷƴȳɏʏẏẙỳỵỷỹ"),
            ("Z", "ŹŻŽƵȤẐẒẔ"), ("z", "źżžƶȥɀʐʑẑẓẕ"),
            ("0", "⁰₀"), ("1", "¹₁"), ("2", "²₂"), ("3", "³₃"), ("4", "⁴₄"), ("5", "⁵₅"), ("6", "⁶₆"), ("7", "⁷₇"), ("8", "⁸₈"), ("9", "⁹₉"),
            ("\"", "«»“”„″‶"), ("'", "‘’‚‛′‵‹›"), ("-", "‐‑‒–—⁻₋"),
        ];
        var map = new Dictionary<int, string>();
        foreach (var (to, from) in groups)
            foreach (var rune in from.EnumerateRunes()) map[rune.Value] = to;
        (string From, string To)[] multi =
        [
            ("Æ", "AE"), ("æ", "ae"), ("Œ", "OE"), ("œ", "oe"), ("ß", "ss"), ("Þ", "TH"), ("þ", "th"),
            ("Ĳ", "IJ"), ("ĳ", "ij"), ("ŉ", "'n"), ("ǅ", "Dz"), ("Ǆ", "DZ"), ("ǆ", "dz"), ("Ǉ", "LJ"), ("ǈ", "Lj"), ("ǉ", "lj"),
            ("Ǌ", "NJ"), ("ǋ", "Nj"), ("ǌ", "nj"), ("ﬀ", "ff"), ("ﬁ", "fi"), ("ﬂ", "fl"), ("ﬃ", "ffi"), ("ﬄ", "ffl"),
            ("ﬅ", "st"), ("ﬆ", "st"), ("…", "..."),
        ];
        foreach (var (from, to) in multi) map[char.ConvertToUtf32(from, 0)] = to;
        return map;
    }
}
