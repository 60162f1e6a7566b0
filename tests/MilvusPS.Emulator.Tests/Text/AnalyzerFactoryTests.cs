using MilvusPS.Emulator.Text;

namespace MilvusPS.Emulator.Tests.Text;

/// <summary>analyzer_params JSON to analyzers: the built-in ones, custom chains, and the binding's refusals.</summary>
public sealed class AnalyzerFactoryTests
{
    private static string[] Tokens(string analyzerParams, string text) =>
        AnalyzerFactory.Create(analyzerParams).Analyze(text).Select(t => t.Text).ToArray();

    [Fact]
    public void English_lowercases_stems_then_drops_english_stop_words()
    {
        var tokens = AnalyzerFactory.Create("""{"type": "english"}""").Analyze("The runners were running quickly!");
        Assert.Equal(["runner", "were", "run", "quick"], tokens.Select(t => t.Text));
        Assert.Equal([1, 2, 3, 4], tokens.Select(t => t.Position));
        // Extra stop words apply after stemming, so they must be given stemmed.
        Assert.Equal(["runner", "were", "quick"], Tokens("""{"type": "english", "stop_words": ["run"]}""", "The runners were running quickly!"));
    }

    [Theory]
    [InlineData("", new[] { "the", "quick", "brown", "fox", "s", "2", "jumps" })]
    [InlineData("{}", new[] { "the", "quick", "brown", "fox", "s", "2", "jumps" })]
    [InlineData("""{"type": "standard"}""", new[] { "the", "quick", "brown", "fox", "s", "2", "jumps" })]
    [InlineData("""{"type": "standard", "stop_words": ["_english_", "fox"]}""", new[] { "quick", "brown", "s", "2", "jumps" })]
    [InlineData("""{"tokenizer": "standard"}""", new[] { "The", "Quick", "brown", "fox", "s", "2", "jumps" })]
    [InlineData("""{"tokenizer": {"type": "whitespace"}, "filter": ["lowercase", "removepunct"]}""", new[] { "the", "2" })]
    [InlineData("""{"tokenizer": "whitespace", "filter": ["lowercase", {"type": "length", "max": 3}, 7]}""", new[] { "the", "2" })]
    [InlineData("""{"tokenizer": "standard", "filter": [{"type": "stemmer", "language": "English"}, {"type": "stop", "stop_words": ["The"]}]}""", new[] { "Quick", "brown", "fox", "s", "2", "jump" })]
    public void Builds_built_in_and_custom_analyzers(string analyzerParams, string[] expected) =>
        Assert.Equal(expected, Tokens(analyzerParams, "The Quick-brown fox's 2 jumps!"));

    [Fact]
    public void Chinese_uses_the_jieba_stand_in_and_keeps_han_and_ascii_alphanumerics()
    {
        Assert.Equal(["系", "统", "安", "全", "lxyz", "密", "码"], Tokens("""{"type": "chinese"}""", "系统安全;,'';lxyz密码"));
    }

    [Theory]
    // Verified texts: issue #41804 (JsonError) and #43053 (unknown build-in analyzer type); the rest from the binding source.
    [InlineData("{'type': 'english'}", "JsonError: key must be a string at line 1 column 2")]
    [InlineData("[1, 2]", "InternalError: params should be a json map")]
    [InlineData("""{"type": "jieba"}""", "InternalError: unknown build-in analyzer type: jieba")]
    [InlineData("""{"type": 1}""", "InternalError: analyzer type shoud be string")]
    [InlineData("""{"type": "english", "stop_words": "the"}""", "InternalError: filter stop_words should be array")]
    [InlineData("""{"type": "english", "stop_words": [1]}""", "InternalError: filter stop_words list item should be string")]
    [InlineData("""{"filter": ["lowercase"]}""", "InternalError: tokenizer name or type must be set")]
    [InlineData("""{"tokenizer": 1}""", "InternalError: tokenizer name should be string or dict")]
    [InlineData("""{"tokenizer": "keyword"}""", "InvalidArgument: unsupported tokenizer: keyword")]
    [InlineData("""{"tokenizer": {"name": "standard"}}""", "InvalidArgument: costum tokenizer must set type")]
    [InlineData("""{"tokenizer": {"type": 2}}""", "InvalidArgument: tokenizer type should be string")]
    [InlineData("""{"tokenizer": "lindera"}""", "InvalidArgument: lindera tokenizer must be costum")]
    [InlineData("""{"tokenizer": "standard", "filters": []}""", "InternalError: unknown analyzer option key: filters")]
    [InlineData("""{"tokenizer": "standard", "filter": "lowercase"}""", "InternalError: filter params should be array")]
    [InlineData("""{"tokenizer": "standard", "filter": ["uppercase"]}""", "InternalError: build analyzer failed, filter not found :uppercase")]
    [InlineData("""{"tokenizer": "standard", "filter": [{"max": 3}]}""", "InternalError: no type field in filter params")]
    [InlineData("""{"tokenizer": "standard", "filter": [{"type": "lowercase"}]}""", "InternalError: unsupport filter type: lowercase")]
    [InlineData("""{"tokenizer": "standard", "filter": [{"type": "length", "max": -1}]}""", "InternalError: lenth max param was none or not uint")]
    [InlineData("""{"tokenizer": "standard", "filter": [{"type": "stop", "stop_words": "a"}]}""", "InternalError: stop_words should be array")]
    [InlineData("""{"tokenizer": "standard", "filter": [{"type": "decompounder", "word_list": "ab"}]}""", "InternalError: decompounder word list should be array")]
    [InlineData("""{"tokenizer": "standard", "filter": [{"type": "decompounder", "word_list": []}]}""", "InternalError: decompounder word list is empty")]
    [InlineData("""{"tokenizer": "standard", "filter": [{"type": "stemmer"}]}""", "InternalError: stemmer language field should be string")]
    [InlineData("""{"tokenizer": "standard", "filter": [{"type": "stemmer", "language": "Klingon"}]}""", "InternalError: create stemmer failed : unsupport language: klingon")]
    [InlineData("""{"tokenizer": "standard", "filter": [{"type": "regex"}]}""", "InternalError: must set expr for regex filter")]
    [InlineData("""{"tokenizer": "standard", "filter": [{"type": "regex", "expr": 1}]}""", "InternalError: expr must be string")]
    // Options are checked in sorted key order: "abc" before "filter".
    [InlineData("""{"tokenizer": "standard", "filter": ["uppercase"], "abc": 1}""", "InternalError: unknown analyzer option key: abc")]
    public void Refuses_what_milvus_refuses(string analyzerParams, string expected) =>
        Assert.Equal(expected, Assert.Throws<AnalyzerConfigException>(() => AnalyzerFactory.Create(analyzerParams)).Message);

    [Theory]
    [InlineData("""{"tokenizer": {"type": "lindera", "dict_kind": "ipadic"}}""", "the lindera tokenizer")]
    [InlineData("""{"tokenizer": "icu"}""", "the icu tokenizer")]
    [InlineData("""{"tokenizer": {"type": "standard", "uax29": true}}""", "the standard tokenizer's uax29 mode")]
    [InlineData("""{"tokenizer": "standard", "filter": [{"type": "stemmer", "language": "french"}]}""", "the french stemmer")]
    [InlineData("""{"tokenizer": "standard", "filter": ["pinyin"]}""", "the pinyin filter")]
    [InlineData("""{"tokenizer": "standard", "filter": [{"type": "synonym", "synonyms": []}]}""", "the synonym filter")]
    [InlineData("""{"type": "standard", "stop_words": ["_french_"]}""", "stop words list _french_")]
    public void Refuses_what_the_emulator_does_not_implement(string analyzerParams, string what) =>
        Assert.Equal($"InvalidArgument: {what} is not supported by MilvusPS.Emulator",
            Assert.Throws<AnalyzerConfigException>(() => AnalyzerFactory.Create(analyzerParams)).Message);

    [Fact]
    public void Regex_errors_name_the_expression()
    {
        var e = Assert.Throws<AnalyzerConfigException>(() => AnalyzerFactory.Create("""{"tokenizer": "standard", "filter": [{"type": "regex", "expr": "(a"}]}"""));
        Assert.StartsWith("InvalidArgument: regex expression invalid, expr:(a, err: ", e.Message);
    }

    [Fact]
    public void Field_analyzers_are_built_once_per_params_text()
    {
        var field = new Protocol.FieldSchema { Name = "t", DataType = Protocol.DataType.VarChar };
        field.TypeParams.Add(new Protocol.KeyValuePair { Key = "analyzer_params", Value = """{"type": "english", "stop_words": ["cached"]}""" });
        Assert.Same(FieldAnalysis.For(field), FieldAnalysis.For(field.Clone()));
    }
}
