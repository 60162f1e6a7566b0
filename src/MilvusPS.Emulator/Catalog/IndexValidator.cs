using System.Globalization;
using System.Text.Json;
using MilvusPS.Emulator.Errors;
using MilvusPS.Protocol;
using MilvusPS.Protocol.Facts;

namespace MilvusPS.Emulator.Catalog;

/// <summary>A CreateIndex request after validation: what is built (index params) and what DescribeIndex shows (user params).</summary>
/// <param name="IndexType">The effective index type (AUTOINDEX resolved).</param>
/// <param name="MetricType">The effective metric (defaulted when omitted), null for scalar indexes.</param>
/// <param name="IndexParams">What the index node builds with: resolved type, metric, build parameters (no dim).</param>
/// <param name="UserParams">What DescribeIndex reports: the request's extra_params as given; for AUTOINDEX index_type=AUTOINDEX and the metric.</param>
public sealed record IndexResolution(string IndexType, string? MetricType, bool IsAutoIndex, PropertyList IndexParams, PropertyList UserParams, IndexTypeFact? Fact);

/// <summary>
/// CreateIndex validation as the proxy does it (createIndexTask.parseIndexParams + indexparamcheck checkers), with Milvus's
/// codes and texts. Shape verified against the 2.4 proxy (task_index.go): an unknown type is
/// <c>invalid parameter[expected=valid index][actual=invalid index type: X]</c>; checker failures are wrapped as
/// <c>&lt;checker text&gt;: invalid parameter[expected=valid index params][actual=invalid index params]</c> (code 1100).
/// </summary>
public static class IndexValidator
{
    /// <summary>Index properties AlterIndex accepts (indexparams.IsConfigableIndexParam).</summary>
    public static readonly IReadOnlyList<string> ConfigurableKeys = [IndexFacts.MmapKey];

    public static IndexResolution Validate(FieldSchema field, IEnumerable<KeyValuePair<string, string>> extraParams, MilvusVersion version)
    {
        var given = extraParams.ToList();
        var map = Flatten(given);
        var isVector = SchemaValidator.IsVector(field.DataType);
        var dataType = WireName(field.DataType);

        if (map.TryGetValue(IndexFacts.IndexTypeKey, out var specified) && specified.Length > 0 && !IsKnown(specified, version))
            // Verified (2.4 proxy parseIndexParams): merr.WrapErrParameterInvalid("valid index", "invalid index type: X").
            throw MilvusError.Of("ParameterInvalid", ("expected", "valid index"), ("actual", $"invalid index type: {specified}"));

        var user = PropertyList.From(given);
        var isAuto = false;
        if (!isVector)
        {
            var exists = map.TryGetValue(IndexFacts.IndexTypeKey, out var t) && t.Length > 0;
            if (!exists || t == IndexFacts.AutoIndex)
            {
                var rule = IndexFacts.ResolveAuto(dataType, version)
                    // Verified text (2.4 proxy): WrapErrParameterInvalid("supported field", "create auto index on X field is not supported").
                    ?? throw MilvusError.Of("ParameterInvalid", ("expected", "supported field"), ("actual", $"create auto index on {dataType} field is not supported"));
                map[IndexFacts.IndexTypeKey] = rule.IndexType;
                isAuto = true;
            }
        }
        else
        {
            var exists = map.TryGetValue(IndexFacts.IndexTypeKey, out var t) && t.Length > 0;
            if (!exists || t == IndexFacts.AutoIndex)
            {
                isAuto = true;
                var rule = IndexFacts.ResolveAuto(dataType, version);
                var fixedKeys = exists ? 1 : 0;
                // Tolerating mmap.enabled next to metric_type is our reading of later versions (unverified); the rest is the 2.4 handle().
                var counted = map.Keys.Count(k => k != IndexFacts.MmapKey && !(k == IndexFacts.IndexTypeKey && !exists));
                var hasMetric = map.TryGetValue(IndexFacts.MetricTypeKey, out var userMetric);
                if (counted > fixedKeys + 1 || (counted == fixedKeys + 1 && !hasMetric))
                    // Verified text (2.4 proxy): a plain error, code 65535.
                    throw MilvusError.Plain("only metric type can be passed when use AutoIndex");
                var metric = hasMetric ? userMetric! : rule?.Metric ?? IndexFacts.DefaultMetric(dataType) ?? string.Empty;
                user = new PropertyList();
                user.Set(IndexFacts.IndexTypeKey, IndexFacts.AutoIndex);
                user.Set(IndexFacts.MetricTypeKey, metric);
                if (map.TryGetValue(IndexFacts.MmapKey, out var mmap)) user.Set(IndexFacts.MmapKey, mmap);
                if (rule is not null)
                {
                    map[IndexFacts.IndexTypeKey] = rule.IndexType;
                    foreach (var (k, v) in rule.Params) map[k] = v;
                }
                map[IndexFacts.MetricTypeKey] = metric;
            }
            var indexType = map[IndexFacts.IndexTypeKey];
            if (indexType is "SPARSE_INVERTED_INDEX" or "SPARSE_WAND" && version < new MilvusVersion(2, 5, 0)
                && (!map.TryGetValue(IndexFacts.MetricTypeKey, out var sm) || sm != "IP"))
                // Verified text (2.4 proxy): plain error.
                throw MilvusError.Plain("only IP is the supported metric type for sparse index");
        }

        try
        {
            CheckTrain(field, map, version);
        }
        catch (CheckFailure failure)
        {
            throw MilvusError.Of("ParameterInvalid", ("expected", "valid index params"), ("actual", "invalid index params")).Wrap(failure.Message);
        }

        var resolvedType = map[IndexFacts.IndexTypeKey];
        var indexParams = new PropertyList();
        foreach (var (k, v) in map)
            if (k is not ("dim" or "max_length")) indexParams.Set(k, v);
        // datacoord keeps the index params as user params when the proxy sent none (scalar auto index). unverified
        if (user.Items.Count == 0) user = PropertyList.From(indexParams.Items);
        return new IndexResolution(resolvedType, isVector ? map.GetValueOrDefault(IndexFacts.MetricTypeKey) : null, isAuto, indexParams, user, IndexFacts.Find(resolvedType));
    }

    /// <summary>Whether the checker manager knows the type on this version (HYBRID is internal: refused for users, as newer proxies do).</summary>
    private static bool IsKnown(string indexType, MilvusVersion version) =>
        indexType == IndexFacts.AutoIndex || IndexFacts.Find(indexType) is { UserCreatable: true } f && version >= f.Since;

    private sealed class CheckFailure(string message) : Exception(message);

    // checkTrain: fill dim, CheckValidDataType, CheckTrain.
    private static void CheckTrain(FieldSchema field, Dictionary<string, string> map, MilvusVersion version)
    {
        var indexType = map[IndexFacts.IndexTypeKey];
        var fact = IndexFacts.Find(indexType) ?? throw new CheckFailure($"invalid index type: {indexType}");
        var isVector = SchemaValidator.IsVector(field.DataType);
        var dataType = WireName(field.DataType);

        if (isVector && field.DataType != DataType.SparseFloatVector)
        {
            var dim = field.TypeParams.FirstOrDefault(p => p.Key == "dim")?.Value;
            if (dim is null) throw new CheckFailure("dimension not found in schema"); // verified text (2.4 fillDimension)
            if (map.TryGetValue("dim", out var given) && given != dim)
                throw new CheckFailure($"dimension mismatch, dimension in schema: {dim}, dimension: {given}"); // verified text (2.4 fillDimension)
            map["dim"] = dim;
        }

        // CheckValidDataType.
        if (fact.IsVector)
        {
            if (!isVector) throw new CheckFailure($"index {indexType} only supports vector data type"); // verified text (vecIndexChecker)
            if (!fact.Supports(dataType, null, version))
                throw new CheckFailure($"index {indexType} do not support data type: {dataType}"); // verified text (vecIndexChecker)
        }
        else
        {
            CheckScalarDataType(fact, field, dataType, version);
        }

        // CheckTrain.
        if (fact.IsVector)
        {
            if (!map.ContainsKey(IndexFacts.MetricTypeKey))
                // SetDefaultMetricTypeIfNotExist (paramtable): COSINE dense, IP sparse, HAMMING binary.
                map[IndexFacts.MetricTypeKey] = IndexFacts.DefaultMetric(dataType) ?? string.Empty;
            var metric = map[IndexFacts.MetricTypeKey];
            var allowed = fact.MetricsFor(dataType, version);
            if (!allowed.Contains(metric))
                // Verified text shape (float/binary/int vector checkers); Milvus prints its per-data-type list, we print the index's. unverified list
                throw new CheckFailure(field.DataType == DataType.SparseFloatVector
                    ? $"metric type not found or not supported, supported: [{string.Join(' ', allowed)}]"
                    : $"metric type {metric} not found or not supported, supported: [{string.Join(' ', allowed)}]");
        }
        CheckParams(fact, field, map, version);
    }

    private static void CheckScalarDataType(IndexTypeFact fact, FieldSchema field, string dataType, MilvusVersion version)
    {
        var element = field.DataType == DataType.Array ? WireName(field.ElementType) : null;
        if (fact.Name == "BITMAP")
        {
            // Verified texts (bitmap_index_checker.go).
            if (field.IsPrimaryKey) throw new CheckFailure("create bitmap index on primary key not supported");
            if (field.DataType == DataType.Array && !fact.Supports(dataType, element, version))
                throw new CheckFailure("bitmap index are only supported on bool, int, string for array field");
            if (!fact.Supports(dataType, element, version)) throw new CheckFailure("bitmap index are only supported on bool, int, string and array field");
            return;
        }
        if (fact.Supports(dataType, element, version)) return;
        throw new CheckFailure(fact.Name switch
        {
            "Trie" => "TRIE are only supported on varchar field", // verified text (trie_checker.go)
            "STL_SORT" => version >= new MilvusVersion(2, 6, 0)
                ? $"STL_SORT are only supported on numeric, varchar, timestamptz, date or time field, got {dataType}" // master text; 2.6 wording unverified
                : "STL_SORT are only supported on numeric field", // unverified text
            "INVERTED" => $"INVERTED are not supported on {dataType} field", // unverified text
            "NGRAM" => "ngram index can only be created on VARCHAR or JSON field", // unverified text
            "RTREE" => "RTREE index can only be built on geometry field", // unverified text
            _ => $"index {fact.Name} do not support data type: {dataType}", // unverified text
        });
    }

    private static void CheckParams(IndexTypeFact fact, FieldSchema field, Dictionary<string, string> map, MilvusVersion version)
    {
        if (map.TryGetValue(IndexFacts.MmapKey, out var mmap))
        {
            if (!bool.TryParse(mmap, out var on)) throw new CheckFailure($"invalid mmap.enabled value: {mmap}, expected: true, false"); // unverified text
            if (on && !fact.SupportsMmap) throw new CheckFailure($"index type {fact.Name} does not support mmap"); // unverified text
        }

        if (fact.Name == "IVF_PQ")
        {
            // Verified texts (ivf_pq_checker.go), checked in its order: nlist, then m against dim.
            CheckRange(fact, map, "nlist");
            if (!map.TryGetValue("m", out var mText)) throw new CheckFailure("parameter `m` not found");
            if (!int.TryParse(mText, NumberStyles.Integer, CultureInfo.InvariantCulture, out var m) || m == 0) throw new CheckFailure($"invalid `m`: {mText}");
            var dim = int.Parse(map["dim"], CultureInfo.InvariantCulture);
            if (dim % m != 0) throw new CheckFailure($"dimension must be abled to be divided by `m`, dimension: {dim}, m: {m}");
            CheckRange(fact, map, "nbits");
            return;
        }
        if (fact.Name == "NGRAM")
        {
            if (!map.ContainsKey("min_gram") || !map.ContainsKey("max_gram"))
                throw new CheckFailure("Ngram index must specify both min_gram and max_gram"); // verified text (ngram_index_checker.go per facts)
            if (!int.TryParse(map["min_gram"], out var lo) || !int.TryParse(map["max_gram"], out var hi) || lo <= 0 || hi < lo)
                throw new CheckFailure($"invalid min_gram or max_gram value for Ngram index, min_gram: {map["min_gram"]}, max_gram: {map["max_gram"]}"); // unverified text
        }
        if (field.DataType == DataType.Json && fact.IsScalar)
        {
            // merr.WrapErrParameterMissing(key, msg) inside the checker (bitmap/stl_sort checkers, verified).
            if (!map.ContainsKey("json_cast_type"))
                throw new CheckFailure(MilvusError.Of("ParameterMissing", ("param", "json_cast_type")).Wrap("json index must specify cast type").Reason);
            if (!map.ContainsKey("json_path"))
                throw new CheckFailure(MilvusError.Of("ParameterMissing", ("param", "json_path")).Wrap("json index must specify json path").Reason);
        }

        foreach (var p in fact.BuildParams)
        {
            if (!map.TryGetValue(p.Name, out var value)) continue; // knowhere fills defaults (2.5+)
            if (p.Since is { } since && version < since) continue; // older servers ignore parameters they do not know
            switch (p.Type)
            {
                case IndexParamType.Int:
                case IndexParamType.Float:
                    CheckRange(fact, map, p.Name);
                    break;
                case IndexParamType.Bool when !bool.TryParse(value, out _):
                    throw new CheckFailure($"invalid {p.Name}: {value}, expected: true, false"); // unverified text
                case IndexParamType.Enum when p.Values.Count > 0 && !p.Values.Contains(value, StringComparer.OrdinalIgnoreCase):
                    throw new CheckFailure($"{p.Name} {value} not found or not supported, supported: [{string.Join(' ', p.Values)}]"); // unverified text
            }
            if (p.Rule == "divides_dim" && map.TryGetValue("dim", out var d) && int.TryParse(value, out var div) && div > 0
                && int.Parse(d, CultureInfo.InvariantCulture) % div != 0)
                throw new CheckFailure($"dimension must be abled to be divided by `{p.Name}`, dimension: {d}, {p.Name}: {div}"); // unverified text outside IVF_PQ
        }
    }

    // errOutOfRange (verified, utils.go): "<key> out of range: [lb, ub]". A non-number is out of range too (CheckIntByRange).
    private static void CheckRange(IndexTypeFact fact, Dictionary<string, string> map, string key)
    {
        var p = fact.Param(key);
        if (p?.Range is not { } range || !map.TryGetValue(key, out var text)) return;
        var ok = p.Type == IndexParamType.Int
            ? long.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var l) && range.Contains(l)
            : double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var f) && range.Contains(f);
        if (ok) return;
        string Bound(double? b) => b is { } v ? v.ToString("0.####", CultureInfo.InvariantCulture) : "inf";
        throw new CheckFailure($"{key} out of range: [{Bound(range.Min)}, {Bound(range.Max)}]");
    }

    /// <summary>extra_params as a map; a "params" entry holds JSON whose members are spread in (funcutil.JSONToMap).</summary>
    public static Dictionary<string, string> Flatten(IEnumerable<KeyValuePair<string, string>> extraParams)
    {
        var map = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (key, value) in extraParams)
        {
            if (key != IndexFacts.ParamsKey) { map[key] = value; continue; }
            try
            {
                using var doc = JsonDocument.Parse(value);
                if (doc.RootElement.ValueKind != JsonValueKind.Object) throw new JsonException("not an object");
                foreach (var member in doc.RootElement.EnumerateObject())
                    map[member.Name] = member.Value.ValueKind == JsonValueKind.String ? member.Value.GetString()! : member.Value.GetRawText();
            }
            catch (JsonException)
            {
                // unverified text: Go's json.Unmarshal error differs; the code (plain, 65535) matches.
                throw MilvusError.Plain($"invalid params: {value} is not a JSON object");
            }
        }
        return map;
    }

    /// <summary>schemapb.DataType names as Go prints them (JSON, not Json).</summary>
    public static string WireName(DataType type) => type == DataType.Json ? "JSON" : type.ToString();
}
