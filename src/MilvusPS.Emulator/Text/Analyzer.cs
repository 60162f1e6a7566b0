namespace MilvusPS.Emulator.Text;

/// <summary>
/// One token an analyzer emits. <see cref="Position"/> is the tokenizer's word position (filters that drop tokens
/// leave gaps, as tantivy does, which phrase_match sees); offsets are UTF-8 byte offsets into the analyzed text.
/// </summary>
internal readonly record struct AnalyzerToken(string Text, int Position, int StartOffset, int EndOffset);

/// <summary>Turns text into a token stream (the first stage of an analyzer).</summary>
internal interface ITokenizer
{
    IEnumerable<AnalyzerToken> Tokenize(string text);
}

/// <summary>Changes, drops or splits tokens (the later stages of an analyzer).</summary>
internal interface ITokenFilter
{
    IEnumerable<AnalyzerToken> Apply(IEnumerable<AnalyzerToken> tokens);
}

/// <summary>
/// A Milvus analyzer: exactly one tokenizer followed by zero or more filters, applied in order. Built once per
/// analyzer_params text by <see cref="AnalyzerFactory"/>; immutable, so one instance serves every thread.
/// </summary>
internal sealed class Analyzer(ITokenizer tokenizer, IReadOnlyList<ITokenFilter> filters)
{
    public IReadOnlyList<AnalyzerToken> Analyze(string text)
    {
        var tokens = tokenizer.Tokenize(text);
        foreach (var filter in filters) tokens = filter.Apply(tokens);
        return tokens.ToList();
    }

    /// <summary>Term → count over the analyzed text: what Milvus's BM25 function turns into the sparse vector.</summary>
    public Dictionary<string, int> TermFrequencies(string? text)
    {
        var terms = new Dictionary<string, int>(StringComparer.Ordinal);
        if (string.IsNullOrEmpty(text)) return terms;
        foreach (var token in Analyze(text)) terms[token.Text] = terms.GetValueOrDefault(token.Text) + 1;
        return terms;
    }
}
