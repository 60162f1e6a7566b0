using System.Globalization;

namespace MilvusPS.Protocol.Facts;

/// <summary>What an index type indexes: vectors, scalars, or both (AUTOINDEX, an alias the server resolves).</summary>
public enum IndexKind
{
    Vector,
    Scalar,
    Alias,
}

/// <summary>The value type of an index parameter.</summary>
public enum IndexParamType
{
    Int,
    Float,
    Bool,
    String,
    Enum,
}

/// <summary>When a parameter applies: when the index is built, or at search time.</summary>
public enum IndexParamStage
{
    Build,
    Search,
}

/// <summary>A numeric interval such as [2, 2048], [0, 1) or [1, ∞).</summary>
public sealed record NumericRange(double? Min, bool MinInclusive, double? Max, bool MaxInclusive)
{
    /// <summary>Parses "[1,65536]", "[0,1)", "(0,0.25]" or "[1,)" (open upper end).</summary>
    public static NumericRange? Parse(string? text)
    {
        if (string.IsNullOrWhiteSpace(text)) return null;
        var s = text.Trim();
        if (s.Length < 3 || (s[0] != '[' && s[0] != '(') || (s[^1] != ']' && s[^1] != ')'))
            throw new FormatException($"'{text}' is not a range such as [1,65536].");
        var parts = s[1..^1].Split(',');
        if (parts.Length != 2) throw new FormatException($"'{text}' is not a range such as [1,65536].");
        static double? Bound(string p) => string.IsNullOrWhiteSpace(p) ? null : double.Parse(p.Trim(), NumberStyles.Float, CultureInfo.InvariantCulture);
        return new NumericRange(Bound(parts[0]), s[0] == '[', Bound(parts[1]), s[^1] == ']');
    }

    public bool Contains(double value) =>
        (Min is not { } lo || (MinInclusive ? value >= lo : value > lo)) &&
        (Max is not { } hi || (MaxInclusive ? value <= hi : value < hi));

    /// <summary>The closest value inside the range (for an open bound: the bound itself, nudged in for integers).</summary>
    public double Nearest(double value, bool integer)
    {
        if (Contains(value)) return value;
        var step = integer ? 1 : 0;
        if (Min is { } lo && value < lo) return MinInclusive ? lo : (integer ? lo + step : lo);
        if (Max is { } hi && value > hi) return MaxInclusive ? hi : (integer ? hi - step : hi);
        return value;
    }

    public override string ToString() =>
        $"{(MinInclusive ? '[' : '(')}{Format(Min, "-inf")}, {Format(Max, "+inf")}{(MaxInclusive ? ']' : ')')}";

    private static string Format(double? v, string infinite) => v is { } d ? d.ToString("0.####", CultureInfo.InvariantCulture) : infinite;
}

/// <summary>A data type an index applies to, from a version on; for Array, the element types it accepts.</summary>
public sealed record IndexFieldSupport(string DataType, MilvusVersion? Since, IReadOnlyList<string> ElementTypes);

/// <summary>A metric allowed for an index on one data type, from a version on.</summary>
public sealed record IndexMetricSupport(string Metric, MilvusVersion? Since);

/// <summary>One build or search parameter of an index type.</summary>
/// <param name="Rule">An extra rule: <c>divides_dim</c>, <c>ge:other</c>, <c>le:other</c>, <c>json_only</c>, <c>metric:BM25</c>, <c>ge:topk</c>.</param>
public sealed record IndexParamFact(
    string IndexType, string Name, IndexParamStage Stage, IndexParamType Type, NumericRange? Range, string? Default,
    bool Required, IReadOnlyList<string> Values, string? Rule, MilvusVersion? Since, string Notes);

/// <summary>One index type: where it applies, which metrics, which parameters, since which version.</summary>
public sealed record IndexTypeFact(
    string Name, IReadOnlyList<string> Aliases, IndexKind Kind, bool UserCreatable, IReadOnlyList<IndexFieldSupport> FieldTypes,
    bool PrimaryKeyAllowed, IReadOnlyDictionary<string, IReadOnlyList<IndexMetricSupport>> Metrics, MilvusVersion Since,
    bool NeedsGpu, bool SupportsMmap, string Confidence, string Notes, IReadOnlyList<IndexParamFact> Params)
{
    public bool IsVector => Kind == IndexKind.Vector;
    public bool IsScalar => Kind == IndexKind.Scalar;

    public IEnumerable<IndexParamFact> BuildParams => Params.Where(p => p.Stage == IndexParamStage.Build);
    public IEnumerable<IndexParamFact> SearchParams => Params.Where(p => p.Stage == IndexParamStage.Search);

    /// <summary>
    /// The first search parameter this index refuses (knowhere's CheckAndAdjust): a value outside its range, or, when
    /// <paramref name="checkK"/>, below k for a parameter whose rule is ge:topk (ef, search_list). Null when all pass.
    /// </summary>
    /// <param name="valueOf">The numeric value given for a parameter name, or null when it was not given (or is not a number).</param>
    public SearchParamViolation? FindSearchParamViolation(Func<string, double?> valueOf, long k, bool checkK)
    {
        foreach (var p in SearchParams)
        {
            if (valueOf(p.Name) is not { } value) continue;
            if (p.Range is { } range && !range.Contains(value)) return new SearchParamViolation(p, value, BelowK: false);
            if (checkK && p.Rule == "ge:topk" && value < k) return new SearchParamViolation(p, value, BelowK: true);
        }
        return null;
    }

    /// <summary>A parameter by exact name (Milvus parameter names are case-sensitive).</summary>
    public IndexParamFact? Param(string name, IndexParamStage stage = IndexParamStage.Build) =>
        Params.FirstOrDefault(p => p.Stage == stage && p.Name == name);

    /// <summary>The support entry for a data type (ignoring versions), or null when the index never applies to it.</summary>
    public IndexFieldSupport? FieldSupport(string dataType) =>
        FieldTypes.FirstOrDefault(f => string.Equals(f.DataType, dataType, StringComparison.OrdinalIgnoreCase));

    /// <summary>Whether the index applies to this data type (and array element type) on this server version.</summary>
    public bool Supports(string dataType, string? elementType, MilvusVersion version)
    {
        if (version < Since) return false;
        var s = FieldSupport(dataType);
        if (s is null || (s.Since is { } since && version < since)) return false;
        if (s.ElementTypes.Count > 0 && elementType is not null)
            return s.ElementTypes.Any(e => string.Equals(e, elementType, StringComparison.OrdinalIgnoreCase));
        return true;
    }

    /// <summary>The metrics allowed for this data type on this version (empty for scalar indexes).</summary>
    public IReadOnlyList<string> MetricsFor(string dataType, MilvusVersion version) =>
        Metrics.TryGetValue(Canonical(dataType), out var list)
            ? list.Where(m => m.Since is not { } s || version >= s).Select(m => m.Metric).ToArray()
            : [];

    /// <summary>All metrics ever allowed for this data type (any version).</summary>
    public IReadOnlyList<IndexMetricSupport> AllMetricsFor(string dataType) =>
        Metrics.TryGetValue(Canonical(dataType), out var list) ? list : [];

    private string Canonical(string dataType) =>
        Metrics.Keys.FirstOrDefault(k => string.Equals(k, dataType, StringComparison.OrdinalIgnoreCase)) ?? dataType;
}

/// <summary>A search parameter an index refuses: out of <see cref="IndexParamFact.Range"/>, or (<paramref name="BelowK"/>) below k.</summary>
public sealed record SearchParamViolation(IndexParamFact Param, double Value, bool BelowK);

/// <summary>One metric: the vector types it applies to and which types default to it.</summary>
public sealed record MetricFact(string Name, IReadOnlyList<string> VectorTypes, string Direction, MilvusVersion Since, IReadOnlyList<string> DefaultFor, string Notes);

/// <summary>What AUTOINDEX (or a missing index type) becomes for a group of data types on a range of versions.</summary>
public sealed record AutoIndexRule(IReadOnlyList<string> DataTypes, MilvusVersion Since, MilvusVersion? Until, string IndexType,
    IReadOnlyList<KeyValuePair<string, string>> Params, string? Metric);

/// <summary>
/// The curated index facts (index-types.tsv, index-params.tsv, index-metrics.tsv, index-autoindex.tsv, embedded):
/// index types, what they apply to, metrics, parameters with ranges and defaults, AUTOINDEX resolution.
/// Data types are named as in schema.proto (FloatVector, VarChar, JSON, ...) and compared case-insensitively.
/// </summary>
public static class IndexFacts
{
    /// <summary>The key carrying the index type in CreateIndex extra_params.</summary>
    public const string IndexTypeKey = "index_type";
    /// <summary>The key carrying the metric in CreateIndex extra_params.</summary>
    public const string MetricTypeKey = "metric_type";
    /// <summary>The key carrying JSON-encoded build parameters in CreateIndex extra_params.</summary>
    public const string ParamsKey = "params";
    /// <summary>The index property that memory-maps the index.</summary>
    public const string MmapKey = "mmap.enabled";
    public const string AutoIndex = "AUTOINDEX";

    private static readonly Lazy<Tables> Data = new(Load);

    public static IReadOnlyList<IndexTypeFact> All => Data.Value.Types;
    public static IReadOnlyList<MetricFact> Metrics => Data.Value.Metrics;
    public static IReadOnlyList<AutoIndexRule> AutoIndexRules => Data.Value.Auto;

    /// <summary>An index type by its exact name or alias (Milvus matches index types case-sensitively), or null.</summary>
    public static IndexTypeFact? Find(string? name) =>
        string.IsNullOrEmpty(name) ? null : All.FirstOrDefault(t => t.Name == name || t.Aliases.Contains(name));

    /// <summary>An index type by name ignoring case (for suggestions), or null.</summary>
    public static IndexTypeFact? FindIgnoreCase(string? name) =>
        string.IsNullOrEmpty(name) ? null
            : All.FirstOrDefault(t => string.Equals(t.Name, name, StringComparison.OrdinalIgnoreCase) || t.Aliases.Any(a => string.Equals(a, name, StringComparison.OrdinalIgnoreCase)));

    public static MetricFact? FindMetric(string? name) =>
        string.IsNullOrEmpty(name) ? null : Metrics.FirstOrDefault(m => string.Equals(m.Name, name, StringComparison.OrdinalIgnoreCase));

    /// <summary>The metric Milvus fills in when metric_type is omitted (COSINE for dense float/int vectors, IP sparse, HAMMING binary), or null for scalars.</summary>
    public static string? DefaultMetric(string dataType) =>
        Metrics.FirstOrDefault(m => m.DefaultFor.Any(d => string.Equals(d, dataType, StringComparison.OrdinalIgnoreCase)))?.Name;

    /// <summary>The user-creatable index types that apply to a data type on a version (AUTOINDEX excluded).</summary>
    public static IReadOnlyList<IndexTypeFact> ApplicableTo(string dataType, string? elementType, MilvusVersion version, bool isPrimaryKey = false) =>
        All.Where(t => t.UserCreatable && t.Kind != IndexKind.Alias && t.Supports(dataType, elementType, version) && (!isPrimaryKey || t.PrimaryKeyAllowed)).ToArray();

    /// <summary>What AUTOINDEX resolves to for a data type on a version, or null when AUTOINDEX does not apply.</summary>
    public static AutoIndexRule? ResolveAuto(string dataType, MilvusVersion version) =>
        AutoIndexRules.Where(r => version >= r.Since && (r.Until is not { } u || version <= u))
            .FirstOrDefault(r => r.DataTypes.Any(d => string.Equals(d, dataType, StringComparison.OrdinalIgnoreCase)));

    private sealed record Tables(IReadOnlyList<IndexTypeFact> Types, IReadOnlyList<MetricFact> Metrics, IReadOnlyList<AutoIndexRule> Auto);

    private static Tables Load()
    {
        var paramsByType = FactTable.Read("index-params.tsv")
            .Select(r => new IndexParamFact(
                r["index_type"], r["param"],
                Enum.Parse<IndexParamStage>(r["stage"], ignoreCase: true),
                Enum.Parse<IndexParamType>(r["type"], ignoreCase: true),
                NumericRange.Parse(r["range"]),
                NullIfEmpty(r["default"]),
                r["required"] == "yes",
                Split(r["values"], '|'),
                NullIfEmpty(r["rule"]),
                Version(r["since"]),
                r["notes"]))
            .GroupBy(p => p.IndexType, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => (IReadOnlyList<IndexParamFact>)g.ToArray(), StringComparer.Ordinal);

        var types = FactTable.Read("index-types.tsv").Select(r => new IndexTypeFact(
            r["index_type"],
            Split(r["aliases"], ','),
            Enum.Parse<IndexKind>(r["kind"], ignoreCase: true),
            r["user_creatable"] == "yes",
            Split(r["field_types"], ';').Select(ParseFieldSupport).ToArray(),
            r["primary_key_allowed"] == "yes",
            ParseMetrics(r["metrics"]),
            Version(r["since"]) ?? new MilvusVersion(2, 0, 0),
            r["gpu"] == "yes",
            r["mmap"] == "yes",
            r["confidence"],
            r["notes"],
            paramsByType.GetValueOrDefault(r["index_type"]) ?? [])).ToArray();

        var metrics = FactTable.Read("index-metrics.tsv").Select(r => new MetricFact(
            r["metric"], Split(r["vector_types"], ','), r["direction"], Version(r["since"]) ?? new MilvusVersion(1, 0, 0),
            Split(r["default_for"], ','), r["notes"])).ToArray();

        var auto = FactTable.Read("index-autoindex.tsv").Select(r => new AutoIndexRule(
            Split(r["data_types"], ','), Version(r["since"]) ?? new MilvusVersion(2, 0, 0), Version(r["until"]), r["index_type"],
            Split(r["params"], ';').Select(p => p.Split('=', 2)).Select(kv => new KeyValuePair<string, string>(kv[0], kv.Length > 1 ? kv[1] : string.Empty)).ToArray(),
            NullIfEmpty(r["metric"]))).ToArray();

        return new Tables(types, metrics, auto);
    }

    // "Float16Vector@2.4.0" or "Array[Bool,Int8]" or "JSON@2.5.0"
    private static IndexFieldSupport ParseFieldSupport(string item)
    {
        var at = item.IndexOf('@');
        var since = at >= 0 ? Version(item[(at + 1)..]) : null;
        var type = at >= 0 ? item[..at] : item;
        var bracket = type.IndexOf('[');
        if (bracket < 0) return new IndexFieldSupport(type, since, []);
        return new IndexFieldSupport(type[..bracket], since, Split(type[(bracket + 1)..].TrimEnd(']'), ','));
    }

    // "FloatVector,Float16Vector=L2,IP,COSINE;SparseFloatVector=IP,BM25@2.5.0"
    private static IReadOnlyDictionary<string, IReadOnlyList<IndexMetricSupport>> ParseMetrics(string cell)
    {
        var result = new Dictionary<string, IReadOnlyList<IndexMetricSupport>>(StringComparer.OrdinalIgnoreCase);
        foreach (var group in Split(cell, ';'))
        {
            var eq = group.IndexOf('=');
            if (eq < 0) throw new FormatException($"Metric group '{group}' lacks '='.");
            var metrics = Split(group[(eq + 1)..], ',').Select(m =>
            {
                var at = m.IndexOf('@');
                return at < 0 ? new IndexMetricSupport(m, null) : new IndexMetricSupport(m[..at], Version(m[(at + 1)..]));
            }).ToArray();
            foreach (var t in Split(group[..eq], ',')) result[t] = metrics;
        }
        return result;
    }

    private static string[] Split(string cell, char separator) =>
        cell.Split(separator, StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    private static string? NullIfEmpty(string cell) => string.IsNullOrWhiteSpace(cell) ? null : cell.Trim();

    private static MilvusVersion? Version(string cell) => MilvusVersion.TryParse(cell, out var v) ? v : null;
}
