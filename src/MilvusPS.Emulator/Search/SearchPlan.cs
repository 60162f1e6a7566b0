using System.Globalization;
using System.Text.Json;
using MilvusPS.Emulator.Catalog;
using MilvusPS.Emulator.Errors;
using MilvusPS.Emulator.Storage;
using MilvusPS.Protocol;
using WireKeyValue = MilvusPS.Protocol.KeyValuePair;

namespace MilvusPS.Emulator.Search;

/// <summary>Limit and offset a hybrid search's rank_params impose on its sub-searches (proxy rankParams).</summary>
internal sealed record RankWindow(long Limit, long Offset, int RoundDecimal);

/// <summary>
/// One (sub-)search as the proxy's tryGeneratePlan / parseSearchInfo leave it: the searched field, topk and offset,
/// the requested metric, round_decimal, range bounds, grouping, ignore_growing and the compiled filter.
/// Texts verified against internal/proxy/search_util.go and task_search.go unless marked.
/// </summary>
internal sealed class SearchPlan
{
    /// <summary>quotaAndLimits.limits.topK (also nq and the result window).</summary>
    public const long TopKLimit = 16384;
    /// <summary>quotaAndLimits.limits.maxGroupSize (default 10).</summary>
    public const long MaxGroupSize = 10;

    public required FieldSchema Field { get; init; }
    public required long TopK { get; init; }
    public required long Offset { get; init; }
    public long QueryTopK => TopK + Offset;
    /// <summary>metric_type as requested ("" = take the index's).</summary>
    public required string RequestedMetric { get; init; }
    public required int RoundDecimal { get; init; }
    public double? Radius { get; init; }
    public double? RangeFilter { get; init; }
    public FieldSchema? GroupBy { get; init; }
    public long GroupSize { get; init; } = 1;
    public bool StrictGroupSize { get; init; }
    public bool IgnoreGrowing { get; init; }
    /// <summary>analyzer_name: which of a multi-analyzer BM25 input's analyzers tokenizes the query text.</summary>
    public string? AnalyzerName { get; init; }
    /// <summary>The index search parameters as sent (the <c>params</c> JSON), for the query node's checks.</summary>
    public string ParamsText { get; init; } = string.Empty;
    public Func<Query.IRowAccessor, bool>? Filter { get; init; }
    /// <summary>The <c>iterator</c> flag SDK iterators send (v1 and v2).</summary>
    public bool IsIterator { get; init; }
    /// <summary>Search iterator v2 paging (2.5+), when asked for.</summary>
    public SearchIteratorV2? IteratorV2 { get; init; }

    private static string? Get(IReadOnlyList<WireKeyValue> pairs, string key) => pairs.FirstOrDefault(p => p.Key == key)?.Value;

    /// <summary>isIgnoreGrowing.</summary>
    public static bool ParseIgnoreGrowing(IReadOnlyList<WireKeyValue> pairs)
    {
        var text = Get(pairs, "ignore_growing");
        if (text is null) return false;
        if (TryParseGoBool(text, out var value)) return value;
        // unverified text: isIgnoreGrowing returns strconv.ParseBool's error.
        throw MilvusError.Plain($"strconv.ParseBool: parsing \"{text}\": invalid syntax");
    }

    /// <summary>strconv.ParseBool's accepted spellings.</summary>
    private static bool TryParseGoBool(string s, out bool value)
    {
        switch (s)
        {
            case "1" or "t" or "T" or "true" or "TRUE" or "True": value = true; return true;
            case "0" or "f" or "F" or "false" or "FALSE" or "False": value = false; return true;
            default: value = false; return false;
        }
    }

    private static bool TryParseGoInt(string s, out long value) =>
        long.TryParse(s, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out value);

    private static string LimitError(long v) => $"it should be in range [1, {TopKLimit}], but got {v}";

    /// <summary>tryGeneratePlan: anns field, parseSearchInfo, group-by checks, the filter plan, range-search bounds.</summary>
    /// <param name="supportsIteratorV2">Whether the server's version has search iterator v2 (2.5+); older ones ignore its keys.</param>
    public static SearchPlan Parse(CollectionEntry c, IReadOnlyList<WireKeyValue> pairs, string? dsl,
        IReadOnlyDictionary<string, TemplateValue>? templates, RankWindow? rank, bool multipleVectorFields, bool supportsIteratorV2 = false)
    {
        var schema = c.Schema;
        var annsName = Get(pairs, "anns_field");
        if (string.IsNullOrEmpty(annsName))
        {
            var vectors = schema.Fields.Where(f => IsVector(f.DataType)).ToList();
            if (vectors.Count == 0) throw MilvusError.Plain("anns_field not found in schema");
            if (multipleVectorFields && vectors.Count > 1)
                throw MilvusError.Plain("multiple anns_fields exist, please specify a anns_field in search_params");
            annsName = vectors[0].Name;
        }

        // parseSearchInfo: topk (falls back to the rank window's limit+offset in a hybrid search).
        var external = rank is null ? 0 : rank.Limit + rank.Offset;
        long topK;
        var topKText = Get(pairs, "topk");
        if (topKText is null)
        {
            if (external <= 0) throw MilvusError.Plain("topk is required");
            topK = external;
        }
        else if (!TryParseGoInt(topKText, out topK))
        {
            if (external <= 0) throw MilvusError.Plain($"topk [{topKText}] is invalid");
            topK = external;
        }
        var isIterator = Get(pairs, "iterator") is "True" or "true";
        if (topK <= 0 || topK > TopKLimit)
        {
            // An iterator's topk may be anything: the proxy caps it at the limit instead of failing.
            if (!isIterator) throw MilvusError.Plain($"topk [{topK}] is invalid, {LimitError(topK)}");
            topK = TopKLimit;
        }

        long offset = 0;
        if (rank is null && Get(pairs, "offset") is { } offsetText)
        {
            if (!TryParseGoInt(offsetText, out offset)) throw MilvusError.Plain($"offset [{offsetText}] is invalid");
            if (offset != 0 && (offset <= 0 || offset > TopKLimit)) throw MilvusError.Plain($"offset [{offset}] is invalid, {LimitError(offset)}");
        }
        var queryTopK = topK + offset;
        if (queryTopK <= 0 || queryTopK > TopKLimit) throw MilvusError.Plain($"offset+topk [{queryTopK}] is invalid, {LimitError(queryTopK)}");

        var metric = Get(pairs, "metric_type") ?? string.Empty;
        var roundText = Get(pairs, "round_decimal") ?? "-1";
        if (!TryParseGoInt(roundText, out var round) || (round != -1 && (round < 0 || round > 6)))
            throw MilvusError.Plain($"round_decimal [{roundText}] is invalid, should be -1 or an integer in range [0, 6]");
        var paramsText = Get(pairs, "params") ?? string.Empty;

        // parseGroupByInfo (a hybrid search takes grouping from rank_params; the emulator does not group hybrid results).
        FieldSchema? groupBy = null;
        long groupSize = 1;
        var strict = false;
        if (rank is null)
        {
            var groupName = Get(pairs, "group_by_field") ?? string.Empty;
            if (groupName.Length > 0)
                groupBy = schema.Fields.FirstOrDefault(f => f.Name == groupName)
                    ?? throw MilvusError.Of("FieldNotFound", ("field", groupName)).Wrap("groupBy field not found in schema");
            if (Get(pairs, "group_size") is { } sizeText)
            {
                if (!TryParseGoInt(sizeText, out groupSize)) throw MilvusError.ParameterInvalidMsg($"failed to parse input group size:{sizeText}");
                if (groupSize <= 0) throw MilvusError.ParameterInvalidMsg($"input group size:{groupSize} is negative, failed to do search_groupby");
            }
            if (groupSize > MaxGroupSize)
                throw MilvusError.ParameterInvalidMsg($"input group size:{groupSize} exceeds configured max group size:{MaxGroupSize}");
            if (Get(pairs, "strict_group_size") is { } strictText && TryParseGoBool(strictText, out var s)) strict = s;
        }
        if (isIterator && groupBy is not null)
            throw MilvusError.Of("ParameterInvalid", ("expected", ""), ("actual", "")).Wrap("Not allowed to do groupBy when doing iteration");
        if (paramsText.Contains("radius", StringComparison.Ordinal) && groupBy is not null)
            throw MilvusError.Of("ParameterInvalid", ("expected", ""), ("actual", "")).Wrap("Not allowed to do range-search when doing search-group-by");

        var iteratorV2 = supportsIteratorV2 ? ParseIteratorV2(pairs, isIterator, offset) : null;

        var field = schema.Fields.FirstOrDefault(f => f.Name == annsName && !f.IsDynamic)
            // unverified text: CreateSearchPlan on a name the schema lacks.
            ?? throw MilvusError.ParameterInvalidMsg($"failed to create query plan: failed to get field schema by name: fieldName({annsName}) not found");
        if (groupBy is not null && field.DataType == DataType.BinaryVector)
            throw MilvusError.Plain("not support search_group_by operation based on binary vector column");
        if (!IsVector(field.DataType))
            // unverified text
            throw MilvusError.ParameterInvalidMsg($"failed to create query plan: field ({annsName}) to search is not of vector data type");
        if (groupBy is not null && groupBy.DataType is not (DataType.Int8 or DataType.Int16 or DataType.Int32 or DataType.Int64 or DataType.Bool or DataType.VarChar or DataType.String))
            // unverified text (segcore rejects other group-by types).
            throw MilvusError.ParameterInvalidMsg($"unsupported data type {groupBy.DataType} for group by operator");

        var filter = FilterBridge.Compile(dsl, c, templates, "failed to create query plan");
        var (radius, rangeFilter) = ParseRange(paramsText);

        return new SearchPlan
        {
            Field = field,
            TopK = iteratorV2?.BatchSize ?? topK,
            Offset = offset,
            RequestedMetric = metric,
            RoundDecimal = (int)round,
            Radius = radius,
            RangeFilter = rangeFilter,
            GroupBy = groupBy,
            GroupSize = groupSize,
            StrictGroupSize = strict,
            IgnoreGrowing = ParseIgnoreGrowing(pairs),
            AnalyzerName = Get(pairs, "analyzer_name"),
            ParamsText = paramsText,
            Filter = filter,
            IsIterator = isIterator,
            IteratorV2 = iteratorV2,
        };
    }

    /// <summary>parseSearchIteratorV2Info (texts verified against internal/proxy/search_util.go, 2.6).</summary>
    private static SearchIteratorV2? ParseIteratorV2(IReadOnlyList<WireKeyValue> pairs, bool isIterator, long offset)
    {
        if (!(Get(pairs, "search_iter_v2") is { } v2Text && TryParseGoBool(v2Text, out var v2) && v2)) return null;
        static MilvusError Failed(MilvusError inner) => inner.Wrap("parse iterator v2 info failed");
        if (!isIterator) throw Failed(MilvusError.Of("ParameterMissing").Wrap("both iterator and search_iter_v2 must be set in the SDK"));
        if (offset > 0) throw Failed(MilvusError.ParameterInvalidMsg("Setting an offset is not permitted when using a search iterator v2"));
        var token = Get(pairs, "search_iter_id") ?? string.Empty;
        if (token.Length == 0) token = Guid.NewGuid().ToString();
        else if (!Guid.TryParseExact(token, "D", out _)) throw Failed(MilvusError.ParameterInvalidMsg("invalid token format"));
        var batchText = Get(pairs, "search_iter_batch_size") ?? string.Empty;
        if (batchText.Length == 0) throw Failed(MilvusError.ParameterInvalidMsg("batch size is required"));
        if (!TryParseGoInt(batchText, out var batch)) throw Failed(MilvusError.ParameterInvalidMsg("batch size is invalid"));
        if (batch <= 0 || batch > TopKLimit) throw Failed(MilvusError.ParameterInvalidMsg($"batch size is invalid, {LimitError(batch)}"));
        float? lastBound = null;
        if (Get(pairs, "search_iter_last_bound") is { Length: > 0 } boundText)
        {
            if (!double.TryParse(boundText, NumberStyles.Float, CultureInfo.InvariantCulture, out var bound))
                throw Failed(MilvusError.ParameterInvalidMsg("failed to parse input last bound"));
            lastBound = (float)bound;
        }
        return new SearchIteratorV2(token, batch, lastBound);
    }

    private static (double? Radius, double? RangeFilter) ParseRange(string paramsText)
    {
        if (paramsText.Length == 0 || !paramsText.Contains("radius", StringComparison.Ordinal) && !paramsText.Contains("range_filter", StringComparison.Ordinal))
            return (null, null);
        JsonElement root;
        try
        {
            using var doc = JsonDocument.Parse(paramsText);
            root = doc.RootElement.Clone();
        }
        catch (JsonException)
        {
            // unverified text
            throw MilvusError.ParameterInvalidMsg($"failed to parse search params: {paramsText}");
        }
        if (root.ValueKind != JsonValueKind.Object) return (null, null);
        double? Number(string key)
        {
            if (!root.TryGetProperty(key, out var v)) return null;
            if (v.ValueKind == JsonValueKind.Number) return v.GetDouble();
            // Verified text shape (proxy checkRangeSearchParams): "must pass numpy type for <key>".
            throw MilvusError.ParameterInvalidMsg($"must pass numpy type for {key}");
        }
        var radius = Number("radius");
        // range_filter without radius is an ordinary search (knowhere reads range_filter only with radius).
        var rangeFilter = radius is null ? null : Number("range_filter");
        return (radius, rangeFilter);
    }

    /// <summary>checkRangeSearchParams (verified texts): range_filter must lie on the "closer" side of radius.</summary>
    public void CheckRange(Metric metric)
    {
        if (Radius is not { } radius || RangeFilter is not { } rangeFilter) return;
        var r = radius.ToString("F6", CultureInfo.InvariantCulture);
        var f = rangeFilter.ToString("F6", CultureInfo.InvariantCulture);
        if (Metrics.LargerIsCloser(metric))
        {
            if (radius >= rangeFilter)
                throw MilvusError.ParameterInvalidMsg($"range_filter must be greater than radius for IP/COSINE, range_filter:{f}, radius:{r}");
        }
        else if (radius <= rangeFilter)
            throw MilvusError.ParameterInvalidMsg($"range_filter must be less than radius for L2/HAMMING/JACCARD, range_filter:{f}, radius:{r}");
    }

    public static bool IsVector(DataType t) => t is DataType.FloatVector or DataType.BinaryVector or DataType.Float16Vector
        or DataType.Bfloat16Vector or DataType.SparseFloatVector or DataType.Int8Vector;
}
