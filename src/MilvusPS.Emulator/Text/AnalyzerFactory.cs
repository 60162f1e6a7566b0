using System.Text.Json;
using System.Text.RegularExpressions;
using MilvusPS.Emulator.Errors;

namespace MilvusPS.Emulator.Text;

/// <summary>
/// An analyzer_params text Milvus would refuse. <see cref="Kind"/> and <see cref="Detail"/> are the tantivy-binding
/// error (Display "Kind: detail", e.g. "InternalError: unknown build-in analyzer type: jieba", as seen in
/// milvus-io/milvus issues #43053 and #41804).
/// </summary>
internal sealed class AnalyzerConfigException(string kind, string detail) : Exception($"{kind}: {detail}")
{
    public string Kind { get; } = kind;
    public string Detail { get; } = detail;

    public static AnalyzerConfigException Internal(string detail) => new("InternalError", detail);
    public static AnalyzerConfigException InvalidArgument(string detail) => new("InvalidArgument", detail);

    /// <summary>A component real Milvus has that the emulator does not implement.</summary>
    public static AnalyzerConfigException NotEmulated(string what) => new("InvalidArgument", $"{what} is not supported by MilvusPS.Emulator");

    /// <summary>
    /// serde_json's message shape ("key must be a string at line 1 column 2"). Which of serde's messages applies is
    /// guessed from System.Text.Json's; unverified beyond the common cases named here.
    /// </summary>
    public static AnalyzerConfigException Json(JsonException e)
    {
        var message = e.Message;
        var what = message.Contains("start of a property name", StringComparison.Ordinal) ? "key must be a string"
            : message.Contains("end of the JSON payload", StringComparison.Ordinal) || message.Contains("incomplete", StringComparison.Ordinal) ? "EOF while parsing a value"
            : message.Contains("after a single JSON value", StringComparison.Ordinal) ? "trailing characters"
            : "expected value";
        var line = (e.LineNumber ?? 0) + 1;
        var column = (e.BytePositionInLine ?? 0) + 1;
        return new AnalyzerConfigException("JsonError", $"{what} at line {line} column {column}");
    }

    /// <summary>
    /// The error a client gets for analyzer_params <paramref name="analyzerParams"/>: the proxy's HandleCStatus wraps the
    /// segcore assertion in merr.WrapErrSegcore. The wrapper text follows issue #43053 ("failed to create tokenizer,
    /// C Runtime Exception: Assert ... => Tokenizer creation failed: create tokenizer failed with error: ... param: ...");
    /// the real text also ends with " at &lt;source file&gt;:&lt;line&gt;", left out here. Segcore code 2001 is unverified.
    /// </summary>
    public MilvusError ToMilvusError(string analyzerParams) =>
        MilvusError.Of("Segcore", ("segcoreCode", 2001)).Wrap(
            $"failed to create tokenizer, C Runtime Exception: Assert \"res.result_->success\"  => Tokenizer creation failed: create tokenizer failed with error: {Message} param: {analyzerParams}");
}

/// <summary>
/// Builds an <see cref="Analyzer"/> from analyzer_params JSON as tantivy-binding's create_analyzer does (analyzer.rs,
/// build_in_analyzer.rs, tokenizers/tokenizer.rs, filter/*.rs in milvus-io/milvus): a built-in analyzer by
/// <c>type</c>, or a custom one from <c>tokenizer</c> plus an optional <c>filter</c> list. Error texts are the
/// binding's own, typos included; checks run in the binding's order (options in sorted key order, as serde_json's
/// map iterates). Components the emulator does not implement are refused with "... is not supported by MilvusPS.Emulator".
/// </summary>
internal static class AnalyzerFactory
{
    private static readonly string[] OtherStemmerLanguages =
    [
        "arabic", "arabig", "danish", "dutch", "finnish", "french", "german", "greek", "hungarian", "italian",
        "norwegian", "portuguese", "romanian", "russian", "spanish", "swedish", "tamil", "turkish",
    ];

    /// <summary>The analyzer for <paramref name="analyzerParams"/>; empty text or <c>{}</c> is the standard analyzer.</summary>
    public static Analyzer Create(string? analyzerParams)
    {
        if (string.IsNullOrEmpty(analyzerParams)) return Standard([]);
        JsonElement root;
        try
        {
            using var document = JsonDocument.Parse(analyzerParams);
            root = document.RootElement.Clone();
        }
        catch (JsonException e)
        {
            throw AnalyzerConfigException.Json(e);
        }
        if (root.ValueKind != JsonValueKind.Object) throw AnalyzerConfigException.Internal("params should be a json map");
        return Create(Members(root));
    }

    /// <summary><c>standard</c>: standard tokenizer, lowercase, then the optional stop words.</summary>
    public static Analyzer Standard(IReadOnlyList<string> stopWords) =>
        WithStopWords(StandardTokenizer.Instance, [Filters.Lowercase], stopWords);

    /// <summary><c>english</c>: standard tokenizer, lowercase, Porter2 stemmer, English stop words, then the optional extra ones.</summary>
    public static Analyzer English(IReadOnlyList<string> stopWords) =>
        WithStopWords(StandardTokenizer.Instance, [Filters.Lowercase, Filters.EnglishStemmer, Filters.Stop(StopWords.English)], stopWords);

    /// <summary><c>chinese</c>: jieba (approximated, see <see cref="JiebaApproximateTokenizer"/>), cnalphanumonly, then the optional stop words.</summary>
    public static Analyzer Chinese(IReadOnlyList<string> stopWords) =>
        WithStopWords(JiebaApproximateTokenizer.Instance, [Filters.CnAlphaNumOnly], stopWords);

    private static Analyzer WithStopWords(ITokenizer tokenizer, List<ITokenFilter> filters, IReadOnlyList<string> stopWords)
    {
        if (stopWords.Count > 0) filters.Add(Filters.Stop(stopWords));
        return new Analyzer(tokenizer, filters);
    }

    private static Analyzer Create(SortedDictionary<string, JsonElement> options)
    {
        if (options.Count == 0) return Standard([]);
        if (options.TryGetValue("type", out var type))
        {
            // A built-in analyzer reads only stop_words; other keys are ignored.
            if (type.ValueKind != JsonValueKind.String) throw AnalyzerConfigException.Internal("analyzer type shoud be string");
            return BuiltIn(type.GetString()!, options);
        }
        if (!options.TryGetValue("tokenizer", out var tokenizerOption)) throw AnalyzerConfigException.Internal("tokenizer name or type must be set");
        if (tokenizerOption.ValueKind is not (JsonValueKind.String or JsonValueKind.Object))
            throw AnalyzerConfigException.Internal("tokenizer name should be string or dict");
        var tokenizer = Tokenizer(tokenizerOption);
        var filters = new List<ITokenFilter>();
        foreach (var (key, value) in options)
        {
            switch (key)
            {
                case "tokenizer": break;
                case "filter": filters.AddRange(FilterList(value)); break;
                default: throw AnalyzerConfigException.Internal($"unknown analyzer option key: {key}");
            }
        }
        return new Analyzer(tokenizer, filters);
    }

    private static Analyzer BuiltIn(string type, SortedDictionary<string, JsonElement> options)
    {
        List<string> StopWordOption() =>
            options.TryGetValue("stop_words", out var v) ? StopWords.Expand(StringList(v, "filter stop_words")) : [];
        return type switch
        {
            "standard" => Standard(StopWordOption()),
            "english" => English(StopWordOption()),
            "chinese" => Chinese(StopWordOption()),
            _ => throw AnalyzerConfigException.Internal($"unknown build-in analyzer type: {type}"),
        };
    }

    private static ITokenizer Tokenizer(JsonElement option)
    {
        SortedDictionary<string, JsonElement>? parameters = null;
        string name;
        if (option.ValueKind == JsonValueKind.String) name = option.GetString()!;
        else
        {
            parameters = Members(option);
            if (!parameters.TryGetValue("type", out var type)) throw AnalyzerConfigException.InvalidArgument("costum tokenizer must set type");
            if (type.ValueKind != JsonValueKind.String) throw AnalyzerConfigException.InvalidArgument("tokenizer type should be string");
            name = type.GetString()!;
        }
        switch (name)
        {
            case "standard":
                if (parameters is not null && parameters.TryGetValue("uax29", out var uax29) && uax29.ValueKind == JsonValueKind.True)
                    throw AnalyzerConfigException.NotEmulated("the standard tokenizer's uax29 mode");
                return StandardTokenizer.Instance;
            case "whitespace": return WhitespaceTokenizer.Instance;
            case "jieba": return JiebaApproximateTokenizer.Instance;
            case "lindera":
                if (parameters is null) throw AnalyzerConfigException.InvalidArgument("lindera tokenizer must be costum");
                throw AnalyzerConfigException.NotEmulated("the lindera tokenizer");
            case "icu": throw AnalyzerConfigException.NotEmulated("the icu tokenizer");
            case "language_identifier": throw AnalyzerConfigException.NotEmulated("the language_identifier tokenizer");
            default: throw AnalyzerConfigException.InvalidArgument($"unsupported tokenizer: {name}");
        }
    }

    private static IEnumerable<ITokenFilter> FilterList(JsonElement value)
    {
        if (value.ValueKind != JsonValueKind.Array) throw AnalyzerConfigException.Internal("filter params should be array");
        var filters = new List<ITokenFilter>();
        foreach (var item in value.EnumerateArray())
        {
            // Entries that are neither a name nor an object are skipped, as the binding skips them.
            if (item.ValueKind == JsonValueKind.String) filters.Add(NamedFilter(item.GetString()!));
            else if (item.ValueKind == JsonValueKind.Object) filters.Add(ConfiguredFilter(Members(item)));
        }
        return filters;
    }

    private static ITokenFilter NamedFilter(string name) => name switch
    {
        "lowercase" => Filters.Lowercase,
        "asciifolding" => Filters.AsciiFolding,
        "alphanumonly" => Filters.AlphaNumOnly,
        "cncharonly" => Filters.CnCharOnly,
        "cnalphanumonly" => Filters.CnAlphaNumOnly,
        "removepunct" => Filters.RemovePunct,
        "pinyin" => throw AnalyzerConfigException.NotEmulated("the pinyin filter"),
        _ => throw AnalyzerConfigException.Internal($"build analyzer failed, filter not found :{name}"),
    };

    private static ITokenFilter ConfiguredFilter(SortedDictionary<string, JsonElement> p)
    {
        if (!p.TryGetValue("type", out var type)) throw AnalyzerConfigException.Internal("no type field in filter params");
        if (type.ValueKind != JsonValueKind.String) throw AnalyzerConfigException.Internal("filter type should be string");
        return type.GetString() switch
        {
            "length" => LengthFilter(p),
            "stop" => StopFilter(p),
            "decompounder" => DecompounderFilter(p),
            "stemmer" => StemmerFilter(p),
            "regex" => RegexFilter(p),
            "synonym" => throw AnalyzerConfigException.NotEmulated("the synonym filter"),
            var other => throw AnalyzerConfigException.Internal($"unsupport filter type: {other}"),
        };
    }

    private static ITokenFilter LengthFilter(SortedDictionary<string, JsonElement> p)
    {
        if (!p.TryGetValue("max", out var max) || max.ValueKind != JsonValueKind.Number || !max.TryGetUInt64(out var limit))
            throw AnalyzerConfigException.Internal("lenth max param was none or not uint");
        return Filters.Length(limit);
    }

    private static ITokenFilter StopFilter(SortedDictionary<string, JsonElement> p)
    {
        if (p.ContainsKey("stop_words_file")) throw AnalyzerConfigException.NotEmulated("stop_words_file");
        return Filters.Stop(p.TryGetValue("stop_words", out var words) ? StopWords.Expand(StringList(words, "stop_words")) : []);
    }

    private static ITokenFilter DecompounderFilter(SortedDictionary<string, JsonElement> p)
    {
        if (p.ContainsKey("word_list_file")) throw AnalyzerConfigException.NotEmulated("word_list_file");
        var words = new List<string>();
        if (p.TryGetValue("word_list", out var list))
        {
            if (list.ValueKind != JsonValueKind.Array) throw AnalyzerConfigException.Internal("decompounder word list should be array");
            foreach (var item in list.EnumerateArray())
            {
                if (item.ValueKind != JsonValueKind.String) throw AnalyzerConfigException.Internal("decompounder word list item should be string");
                words.Add(item.GetString()!);
            }
        }
        // Newer binding text; older releases required word_list to be present ("decompounder word list should be array").
        if (words.Count == 0) throw AnalyzerConfigException.Internal("decompounder word list is empty");
        return new DecompounderFilter(words);
    }

    private static ITokenFilter StemmerFilter(SortedDictionary<string, JsonElement> p)
    {
        if (!p.TryGetValue("language", out var language) || language.ValueKind != JsonValueKind.String)
            throw AnalyzerConfigException.Internal("stemmer language field should be string");
        var name = language.GetString()!.ToLowerInvariant();
        if (name == "english") return Filters.EnglishStemmer;
        if (OtherStemmerLanguages.Contains(name)) throw AnalyzerConfigException.NotEmulated($"the {name} stemmer");
        throw AnalyzerConfigException.Internal($"create stemmer failed : unsupport language: {name}");
    }

    private static ITokenFilter RegexFilter(SortedDictionary<string, JsonElement> p)
    {
        if (!p.TryGetValue("expr", out var expr)) throw AnalyzerConfigException.Internal("must set expr for regex filter");
        if (expr.ValueKind != JsonValueKind.String) throw AnalyzerConfigException.Internal("expr must be string");
        var text = expr.GetString()!;
        try
        {
            return Filters.Regex(new Regex(text, RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1)));
        }
        catch (ArgumentException e)
        {
            // The err part is .NET's parser message where the binding prints fancy-regex's; unverified.
            throw AnalyzerConfigException.InvalidArgument($"regex expression invalid, expr:{text}, err: {e.Message}");
        }
    }

    /// <summary>get_string_list: an array of strings, else "&lt;label&gt; should be array" / "&lt;label&gt; list item should be string".</summary>
    private static List<string> StringList(JsonElement value, string label)
    {
        if (value.ValueKind != JsonValueKind.Array) throw AnalyzerConfigException.Internal($"{label} should be array");
        var list = new List<string>();
        foreach (var item in value.EnumerateArray())
        {
            if (item.ValueKind != JsonValueKind.String) throw AnalyzerConfigException.Internal($"{label} list item should be string");
            list.Add(item.GetString()!);
        }
        return list;
    }

    /// <summary>An object's members in serde_json's order (sorted keys; a repeated key keeps its last value).</summary>
    private static SortedDictionary<string, JsonElement> Members(JsonElement obj)
    {
        var members = new SortedDictionary<string, JsonElement>(StringComparer.Ordinal);
        foreach (var property in obj.EnumerateObject()) members[property.Name] = property.Value;
        return members;
    }
}
