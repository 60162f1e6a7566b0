using System.Text.RegularExpressions;
using MilvusPS.Emulator.Text;

namespace MilvusPS.Emulator.Tests.Text;

/// <summary>Each filter after a tokenizer, with the token lists Milvus's filters give.</summary>
public sealed class FilterTests
{
    private static string[] Run(ITokenizer tokenizer, string text, params ITokenFilter[] filters) =>
        new Analyzer(tokenizer, filters).Analyze(text).Select(t => t.Text).ToArray();

    private static string[] Standard(string text, params ITokenFilter[] filters) => Run(StandardTokenizer.Instance, text, filters);

    [Fact]
    public void Lowercase_maps_each_character()
    {
        // Character by character: no final-sigma rule, and İ becomes i + combining dot as in Rust.
        Assert.Equal(["strasse", "οδοσ", "i\u0307stanbul", "ǆ"], Standard("STRASSE ΟΔΟΣ İstanbul ǅ", Filters.Lowercase));
        Assert.Equal(["hello", "wörld"], Standard("HeLLo WÖRLD", Filters.Lowercase));
    }

    [Fact]
    public void Asciifolding_removes_diacritics_and_expands_ligatures()
    {
        Assert.Equal(["Cafe", "naive", "Strasse", "oeuvre", "Lodz", "fin"], Standard("Café naïve Straße œuvre Łódź ﬁn", Filters.AsciiFolding));
    }

    [Fact]
    public void Alphanumonly_keeps_only_ascii_letters_and_digits()
    {
        Assert.Equal(["abc", "R2D2"], Run(WhitespaceTokenizer.Instance, "abc café R2D2 a-b", Filters.AlphaNumOnly));
    }

    [Fact]
    public void Cnalphanumonly_and_cncharonly_keep_tokens_with_han_or_ascii_alphanumerics()
    {
        var tokenizer = JiebaApproximateTokenizer.Instance;
        Assert.Equal(["系", "统", "lxyz", "密", "码"], Run(tokenizer, "系统;,'' lxyz密码", Filters.CnAlphaNumOnly));
        Assert.Equal(["系", "统", "密", "码"], Run(tokenizer, "系统;,'' lxyz密码", Filters.CnCharOnly));
    }

    [Fact]
    public void Length_keeps_tokens_of_at_most_max_utf8_bytes()
    {
        Assert.Equal(["hello", "happy"], Standard("hello tantivy, happy searching! héllo", Filters.Length(5)));
    }

    [Fact]
    public void Stop_drops_listed_words_and_leaves_position_gaps()
    {
        var analyzer = new Analyzer(StandardTokenizer.Instance, [Filters.Lowercase, Filters.Stop(StopWords.Expand(["_english_", "quick"]))]);
        var tokens = analyzer.Analyze("The quick fox is in the box");
        Assert.Equal(["fox", "box"], tokens.Select(t => t.Text));
        Assert.Equal([2, 6], tokens.Select(t => t.Position));
    }

    [Fact]
    public void Stemmer_runs_porter2_on_each_token()
    {
        Assert.Equal(["run", "generous", "caress", "poni"], Standard("running generously caresses ponies", Filters.Lowercase, Filters.EnglishStemmer));
    }

    [Fact]
    public void Decompounder_splits_words_made_entirely_of_dictionary_words()
    {
        var filter = new DecompounderFilter(["dampf", "schiff", "fahrt", "brot", "backen", "automat"]);
        Assert.Equal(["dampf", "schiff", "fahrt", "brotbackautomat"], Standard("dampfschifffahrt brotbackautomat", filter));
        var parts = new Analyzer(StandardTokenizer.Instance, [new DecompounderFilter(["foo", "bar"])]).Analyze("baz foobar foobarbaz");
        Assert.Equal(["baz", "foo", "bar", "foobarbaz"], parts.Select(t => t.Text));
        Assert.Equal([0, 1, 1, 2], parts.Select(t => t.Position));
    }

    [Fact]
    public void Removepunct_drops_tokens_containing_punctuation()
    {
        Assert.Equal(["world", "$5"], Run(WhitespaceTokenizer.Instance, "Hello, world ! can't $5", Filters.RemovePunct));
    }

    [Fact]
    public void Regex_keeps_tokens_the_expression_matches()
    {
        Assert.Equal(["milvus"], Standard("test milvus", Filters.Regex(new Regex("^(?!test)"))));
        Assert.Equal(["a1", "b22"], Standard("a1 b22 ccc", Filters.Regex(new Regex("[0-9]"))));
    }
}
