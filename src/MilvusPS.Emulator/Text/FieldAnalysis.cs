using System.Collections.Concurrent;
using System.Text.Json;
using MilvusPS.Emulator.Errors;
using MilvusPS.Protocol;

namespace MilvusPS.Emulator.Text;

/// <summary>
/// The analyzers of one VarChar field, from its type params: <c>analyzer_params</c> (one analyzer; the standard one
/// when absent) or, for a BM25 input, <c>multi_analyzer_params</c> (one analyzer per value of another field, chosen
/// through an optional alias map, falling back to the analyzer named "default"). Built once per distinct params text
/// and cached, so rows and queries never re-parse JSON.
/// </summary>
internal sealed class FieldAnalysis
{
    public const string AnalyzerParamsKey = "analyzer_params";
    public const string MultiAnalyzerParamsKey = "multi_analyzer_params";
    public const string DefaultAnalyzerName = "default";

    private static readonly ConcurrentDictionary<(string? Single, string? Multi), FieldAnalysis> Cache = new();

    private readonly IReadOnlyDictionary<string, Analyzer> _analyzers;
    private readonly IReadOnlyDictionary<string, string> _alias;

    private FieldAnalysis(Analyzer single)
    {
        Default = single;
        _analyzers = new Dictionary<string, Analyzer>();
        _alias = new Dictionary<string, string>();
    }

    private FieldAnalysis(string byField, IReadOnlyDictionary<string, Analyzer> analyzers, IReadOnlyDictionary<string, string> alias)
    {
        ByField = byField;
        _analyzers = analyzers;
        _alias = alias;
        Default = analyzers[DefaultAnalyzerName];
    }

    /// <summary>The single analyzer, or the multi-analyzer's "default".</summary>
    public Analyzer Default { get; }

    /// <summary>With multi_analyzer_params: the field whose value names each row's analyzer.</summary>
    public string? ByField { get; }

    public static string? TypeParam(FieldSchema field, string key) => field.TypeParams.FirstOrDefault(p => p.Key == key)?.Value;

    /// <summary>The field's analyzers (schemas are validated on create, so invalid params only reach here from unvalidated paths).</summary>
    public static FieldAnalysis For(FieldSchema field)
    {
        var single = TypeParam(field, AnalyzerParamsKey);
        var multi = TypeParam(field, MultiAnalyzerParamsKey);
        return Cache.GetOrAdd((single, multi), key => key.Multi is { } m ? Multi(m) : new FieldAnalysis(Single(key.Single)));
    }

    /// <summary>The analyzer for <paramref name="name"/> (a by_field value or a search's analyzer_name): alias first, then "default".</summary>
    public Analyzer Select(string? name)
    {
        if (ByField is null || name is null) return Default;
        if (_alias.TryGetValue(name, out var aliased)) name = aliased;
        return _analyzers.GetValueOrDefault(name) ?? Default;
    }

    /// <summary>Builds one analyzer, turning a refusal into the error Milvus reports for it.</summary>
    public static Analyzer Single(string? analyzerParams)
    {
        try
        {
            return AnalyzerFactory.Create(analyzerParams);
        }
        catch (AnalyzerConfigException e)
        {
            throw e.ToMilvusError(analyzerParams ?? string.Empty);
        }
    }

    private static FieldAnalysis Multi(string text)
    {
        var parsed = MultiAnalyzerParams.Parse(text);
        var analyzers = parsed.Analyzers.ToDictionary(a => a.Key, a => Single(a.Value), StringComparer.Ordinal);
        return new FieldAnalysis(parsed.ByField, analyzers, parsed.Alias);
    }
}

/// <summary>
/// multi_analyzer_params as the proxy's validateMultiAnalyzerParams reads it (internal/proxy/util.go; texts verified
/// there, including the trailing space in "must set analyzers "). Go's encoding/json error texts are approximated.
/// </summary>
internal sealed record MultiAnalyzerParams(string ByField, IReadOnlyDictionary<string, string> Alias, IReadOnlyList<KeyValuePair<string, string>> Analyzers)
{
    /// <summary>Parses and checks the params; <paramref name="schema"/> (when given) must hold the by_field VarChar field.</summary>
    public static MultiAnalyzerParams Parse(string text, CollectionSchema? schema = null)
    {
        var root = GoObject(text);
        if (!root.TryGetValue("by_field", out var byField))
            throw MilvusError.Plain("multi analyzer params now must set by_field to specify with field decide analyzer");
        if (byField.ValueKind != JsonValueKind.String)
            throw MilvusError.Plain($"multi analyzer params by_field must be string but now: {byField.GetRawText()}");
        var byFieldName = byField.GetString()!;
        if (schema is not null)
        {
            var field = schema.Fields.FirstOrDefault(f => f.Name == byFieldName)
                ?? throw MilvusError.Plain($"multi analyzer dependent field {byField.GetRawText()} not exist in collection {schema.Name}");
            if (field.DataType != DataType.VarChar)
                throw MilvusError.Plain($"multi analyzer params now only support by string field, but field {field.Name} is not string");
        }

        var alias = new Dictionary<string, string>(StringComparer.Ordinal);
        if (root.TryGetValue("alias", out var aliasValue) && aliasValue.ValueKind != JsonValueKind.Null)
        {
            if (aliasValue.ValueKind != JsonValueKind.Object || aliasValue.EnumerateObject().Any(p => p.Value.ValueKind != JsonValueKind.String))
                throw MilvusError.Plain($"multi analyzer alias must be string map but now: {aliasValue.GetRawText()}");
            foreach (var p in aliasValue.EnumerateObject()) alias[p.Name] = p.Value.GetString()!;
        }

        if (!root.TryGetValue("analyzers", out var analyzersValue)) throw MilvusError.Plain("multi analyzer params must set analyzers ");
        var analyzers = new List<KeyValuePair<string, string>>();
        if (analyzersValue.ValueKind != JsonValueKind.Null)
        {
            if (analyzersValue.ValueKind != JsonValueKind.Object)
                throw MilvusError.Plain($"unmarshal analyzers failed: json: cannot unmarshal {GoKind(analyzersValue)} into Go value of type map[string]json.RawMessage");
            foreach (var p in analyzersValue.EnumerateObject()) analyzers.Add(new(p.Name, p.Value.GetRawText()));
        }
        if (!analyzers.Any(a => a.Key == FieldAnalysis.DefaultAnalyzerName))
            throw MilvusError.Plain("multi analyzer must set default analyzer for all unknown value");
        return new MultiAnalyzerParams(byFieldName, alias, analyzers);
    }

    /// <summary>json.Unmarshal into a Go map: null gives an empty map; syntax and type errors use Go's wording (approximated, unverified).</summary>
    private static Dictionary<string, JsonElement> GoObject(string text)
    {
        JsonElement root;
        try
        {
            using var document = JsonDocument.Parse(text);
            root = document.RootElement.Clone();
        }
        catch (JsonException e)
        {
            throw MilvusError.Plain(e.Message.Contains("end of the JSON payload", StringComparison.Ordinal)
                ? "unexpected end of JSON input" : "invalid character looking for beginning of value");
        }
        var members = new Dictionary<string, JsonElement>(StringComparer.Ordinal);
        if (root.ValueKind == JsonValueKind.Null) return members;
        if (root.ValueKind != JsonValueKind.Object)
            throw MilvusError.Plain($"json: cannot unmarshal {GoKind(root)} into Go value of type map[string]json.RawMessage");
        foreach (var p in root.EnumerateObject()) members[p.Name] = p.Value;
        return members;
    }

    private static string GoKind(JsonElement e) => e.ValueKind switch
    {
        JsonValueKind.Array => "array",
        JsonValueKind.String => "string",
        JsonValueKind.Number => "number",
        _ => "bool",
    };
}
