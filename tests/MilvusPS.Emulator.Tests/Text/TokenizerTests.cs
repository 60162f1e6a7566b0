using MilvusPS.Emulator.Text;

namespace MilvusPS.Emulator.Tests.Text;

/// <summary>The tokenizers on their own: token texts, positions and UTF-8 byte offsets.</summary>
public sealed class TokenizerTests
{
    private static string[] Texts(ITokenizer tokenizer, string text) => tokenizer.Tokenize(text).Select(t => t.Text).ToArray();

    [Fact]
    public void Standard_splits_at_every_character_that_is_not_a_letter_or_digit()
    {
        var tokens = StandardTokenizer.Instance.Tokenize("The Quick-brown fox's 2 jumps!").ToList();
        Assert.Equal(["The", "Quick", "brown", "fox", "s", "2", "jumps"], tokens.Select(t => t.Text));
        Assert.Equal([0, 1, 2, 3, 4, 5, 6], tokens.Select(t => t.Position));
        Assert.Equal((4, 9), (tokens[1].StartOffset, tokens[1].EndOffset));
    }

    [Theory]
    [InlineData("---abc123---DEF_456---", new[] { "abc123", "DEF", "456" })]
    [InlineData("éclair Straße Ελληνικά русский 日本語", new[] { "éclair", "Straße", "Ελληνικά", "русский", "日本語" })]
    [InlineData("32.3 km²", new[] { "32", "3", "km²" })]
    [InlineData("", new string[0])]
    public void Standard_keeps_letters_and_numbers_of_every_script(string text, string[] expected) =>
        Assert.Equal(expected, Texts(StandardTokenizer.Instance, text));

    [Fact]
    public void Offsets_count_utf8_bytes()
    {
        var tokens = StandardTokenizer.Instance.Tokenize("héllo wörld").ToList();
        Assert.Equal([(0, 6), (7, 13)], tokens.Select(t => (t.StartOffset, t.EndOffset)));
    }

    [Fact]
    public void Whitespace_splits_on_ascii_whitespace_only()
    {
        Assert.Equal(["Hello,", "happy", "tax", "payer!"], Texts(WhitespaceTokenizer.Instance, "Hello, happy tax payer!"));
        Assert.Equal(["a\u00A0b", "c"], Texts(WhitespaceTokenizer.Instance, "a\u00A0b\t\r\nc"));
    }

    [Fact]
    public void Jieba_stand_in_makes_one_token_per_han_character_and_keeps_punctuation()
    {
        Assert.Equal(["你", "好", "!", "世", "界", "。"], Texts(JiebaApproximateTokenizer.Instance, "你好!世界。"));
        Assert.Equal(["Milvus2", " ", "网", "球"], Texts(JiebaApproximateTokenizer.Instance, "Milvus2 网球"));
    }
}
