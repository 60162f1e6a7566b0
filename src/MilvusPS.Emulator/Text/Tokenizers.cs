using System.Globalization;
using System.Text;

namespace MilvusPS.Emulator.Text;

/// <summary>Splits text into maximal runs of characters a predicate accepts; positions count the runs from 0.</summary>
internal static class RunSplitter
{
    public static IEnumerable<AnalyzerToken> Split(string text, Func<Rune, bool> isTokenRune)
    {
        var tokens = new List<AnalyzerToken>();
        var current = new StringBuilder();
        int byteOffset = 0, start = 0;
        foreach (var rune in text.EnumerateRunes())
        {
            if (isTokenRune(rune))
            {
                if (current.Length == 0) start = byteOffset;
                current.Append(rune.ToString());
            }
            else if (current.Length > 0)
            {
                tokens.Add(new AnalyzerToken(current.ToString(), tokens.Count, start, byteOffset));
                current.Clear();
            }
            byteOffset += rune.Utf8SequenceLength;
        }
        if (current.Length > 0) tokens.Add(new AnalyzerToken(current.ToString(), tokens.Count, start, byteOffset));
        return tokens;
    }
}

/// <summary>
/// Milvus's <c>standard</c> tokenizer: tantivy's SimpleTokenizer, i.e. maximal runs of characters for which Rust's
/// <c>char::is_alphanumeric</c> holds (Unicode Alphabetic or Numeric). So "fox's" gives "fox" and "s" and
/// "Brown-Foxes" gives "Brown" and "Foxes"; nothing is lower-cased here. Verified against the tantivy-binding source
/// (standard_builder uses SimpleTokenizer; the newer opt-in <c>uax29</c> mode is refused by the factory).
/// </summary>
internal sealed class StandardTokenizer : ITokenizer
{
    public static readonly StandardTokenizer Instance = new();

    public IEnumerable<AnalyzerToken> Tokenize(string text) => RunSplitter.Split(text, IsAlphanumeric);

    /// <summary>
    /// Letters and numbers of every kind, plus combining marks outside the Latin diacritics block (U+0300–U+036F):
    /// an approximation of Unicode's Alphabetic property, whose Other_Alphabetic marks (e.g. Indic vowel signs)
    /// belong to words. Unverified for marks that are not Other_Alphabetic, such as Indic viramas.
    /// </summary>
    public static bool IsAlphanumeric(Rune r) => Rune.GetUnicodeCategory(r) switch
    {
        UnicodeCategory.UppercaseLetter or UnicodeCategory.LowercaseLetter or UnicodeCategory.TitlecaseLetter
            or UnicodeCategory.ModifierLetter or UnicodeCategory.OtherLetter
            or UnicodeCategory.DecimalDigitNumber or UnicodeCategory.LetterNumber or UnicodeCategory.OtherNumber => true,
        UnicodeCategory.SpacingCombiningMark or UnicodeCategory.NonSpacingMark => r.Value is < 0x300 or > 0x36F,
        _ => false,
    };
}

/// <summary>Milvus's <c>whitespace</c> tokenizer: tantivy's WhitespaceTokenizer, which splits on ASCII whitespace only.</summary>
internal sealed class WhitespaceTokenizer : ITokenizer
{
    public static readonly WhitespaceTokenizer Instance = new();

    public IEnumerable<AnalyzerToken> Tokenize(string text) => RunSplitter.Split(text, r => !IsAsciiWhitespace(r));

    // Rust's char::is_ascii_whitespace: space, tab, line feed, form feed, carriage return (not vertical tab).
    private static bool IsAsciiWhitespace(Rune r) => r.Value is ' ' or '\t' or '\n' or '\f' or '\r';
}

/// <summary>
/// Stand-in for Milvus's <c>jieba</c> tokenizer, which segments Chinese with a word dictionary (not shipped with the
/// emulator). Approximation: every Han character is its own token (jieba would keep dictionary words such as 网球
/// whole), runs of ASCII letters and digits are one token, and any other character, punctuation and whitespace
/// included, is a single-character token (jieba keeps punctuation as tokens: "你好!世界。" gives 你好 ! 世界 。).
/// The dict, mode and hmm options are accepted and ignored. BM25 scores and text_match / phrase_match results on
/// Chinese text therefore differ from a real server.
/// </summary>
internal sealed class JiebaApproximateTokenizer : ITokenizer
{
    public static readonly JiebaApproximateTokenizer Instance = new();

    public IEnumerable<AnalyzerToken> Tokenize(string text)
    {
        var tokens = new List<AnalyzerToken>();
        var ascii = new StringBuilder();
        int byteOffset = 0, asciiStart = 0;
        void FlushAscii()
        {
            if (ascii.Length == 0) return;
            tokens.Add(new AnalyzerToken(ascii.ToString(), tokens.Count, asciiStart, byteOffset));
            ascii.Clear();
        }
        foreach (var rune in text.EnumerateRunes())
        {
            if (rune.IsAscii && Rune.IsLetterOrDigit(rune))
            {
                if (ascii.Length == 0) asciiStart = byteOffset;
                ascii.Append((char)rune.Value);
            }
            else
            {
                FlushAscii();
                tokens.Add(new AnalyzerToken(rune.ToString(), tokens.Count, byteOffset, byteOffset + rune.Utf8SequenceLength));
            }
            byteOffset += rune.Utf8SequenceLength;
        }
        FlushAscii();
        return tokens;
    }

    /// <summary>
    /// Unicode script Han, approximated by its blocks: CJK ideographs and extensions, compatibility ideographs,
    /// radicals, and the iteration / numeral marks 々 〇 〡–〩 〸–〻.
    /// </summary>
    public static bool IsHan(Rune r) => r.Value is
        (>= 0x2E80 and <= 0x2FDF) or 0x3005 or 0x3007 or (>= 0x3021 and <= 0x3029) or (>= 0x3038 and <= 0x303B)
        or (>= 0x3400 and <= 0x4DBF) or (>= 0x4E00 and <= 0x9FFF) or (>= 0xF900 and <= 0xFAFF)
        or (>= 0x20000 and <= 0x2FA1F) or (>= 0x30000 and <= 0x323AF);
}
