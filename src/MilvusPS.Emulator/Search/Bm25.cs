namespace MilvusPS.Emulator.Search;

/// <summary>
/// BM25 over a function's VarChar input, computed at search time from the stored text (the emulator stores no
/// sparse output for BM25 functions). Documents and query text are term-frequency maps made by the input field's
/// analyzer (<see cref="Text.FieldAnalysis"/>: analyzer_params, or multi_analyzer_params per row), as Milvus's BM25
/// function makes its sparse vectors. Statistics (document count, average length, document frequency)
/// over every live row of the collection. Score of a document d for query q:
/// Σ_t qtf(t) · idf(t) · tf(t,d)·(k1+1) / (tf(t,d) + k1·(1 − b + b·|d|/avgdl)), idf(t) = ln(1 + (N − n(t) + 0.5)/(n(t) + 0.5)),
/// with k1 = <c>bm25_k1</c> (default 1.2) and b = <c>bm25_b</c> (default 0.75) from the index parameters.
/// </summary>
internal sealed class Bm25
{
    private readonly Dictionary<string, int> _docFrequency;
    private readonly long _documents;
    private readonly double _avgLength;
    private readonly double _k1;
    private readonly double _b;

    private Bm25(Dictionary<string, int> docFrequency, long documents, double avgLength, double k1, double b)
    {
        _docFrequency = docFrequency;
        _documents = documents;
        _avgLength = avgLength;
        _k1 = k1;
        _b = b;
    }

    /// <summary>Statistics over the corpus of document term-frequency maps.</summary>
    public static Bm25 Build(IEnumerable<Dictionary<string, int>> corpus, double k1, double b)
    {
        var df = new Dictionary<string, int>(StringComparer.Ordinal);
        long docs = 0, length = 0;
        foreach (var doc in corpus)
        {
            docs++;
            foreach (var (term, tf) in doc)
            {
                length += tf;
                df[term] = df.GetValueOrDefault(term) + 1;
            }
        }
        return new Bm25(df, docs, docs == 0 ? 0 : (double)length / docs, k1, b);
    }

    public double Idf(string term)
    {
        var n = _docFrequency.GetValueOrDefault(term);
        return Math.Log(1 + (_documents - n + 0.5) / (n + 0.5));
    }

    /// <summary>The document's score; NaN (no hit) when it shares no term with the query.</summary>
    public float Score(Dictionary<string, int> query, Dictionary<string, int> doc)
    {
        if (doc.Count == 0) return float.NaN;
        var any = false;
        var length = doc.Values.Sum();
        var norm = _k1 * (1 - _b + _b * (_avgLength == 0 ? 1 : length / _avgLength));
        double sum = 0;
        foreach (var (term, qtf) in query)
        {
            if (!doc.TryGetValue(term, out var tf)) continue;
            any = true;
            sum += qtf * Idf(term) * tf * (_k1 + 1) / (tf + norm);
        }
        return any ? (float)sum : float.NaN;
    }
}
