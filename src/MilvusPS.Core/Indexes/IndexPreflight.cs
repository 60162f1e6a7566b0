using System.Globalization;
using MilvusPS.Core.Errors;
using MilvusPS.Core.Schema;
using MilvusPS.Protocol.Facts;

namespace MilvusPS.Core.Indexes;

/// <summary>How serious an index finding is: an error blocks CreateIndex; a warning is advice (GPU build, local disk, deprecated).</summary>
public enum IndexFindingSeverity
{
    Error,
    Warning,
}

/// <summary>One problem with an index request, found without calling the server.</summary>
/// <param name="ErrorId">Stable id: IndexTypeUnknown, IndexTypeNotSupportedForField, IndexMetricNotAllowed, IndexMetricRequired,
/// IndexParamUnknown, IndexParamOutOfRange, IndexParamInvalid, IndexParamRequired, ServerVersionTooOld; warnings IndexNeedsGpu,
/// IndexNeedsLocalDisk, IndexTypeDeprecated.</param>
/// <param name="Suggestion">The nearest valid choice, when there is one (an index type, a metric, a parameter name or value).</param>
public sealed record IndexFinding(string ErrorId, IndexFindingSeverity Severity, MilvusErrorKind Kind, string Message, string? Parameter = null, string? Suggestion = null);

/// <summary>What the server will build: the effective index type and metric and the build parameters with defaults filled in.</summary>
/// <param name="RequestedIndexType">What the caller asked for ("" when nothing).</param>
/// <param name="IndexType">The effective type (AUTOINDEX resolved, e.g. HNSW).</param>
/// <param name="MetricType">The effective metric (the default when omitted), null for scalar indexes.</param>
/// <param name="BuildParams">Given build parameters plus the table's defaults for the ones left out (AUTOINDEX: the resolved ones).</param>
public sealed record IndexPlan(
    string RequestedIndexType, string IndexType, string? MetricType, bool MetricDefaulted, bool IsAutoIndex,
    IReadOnlyDictionary<string, string> BuildParams, IndexTypeFact? Fact);

/// <summary>
/// Client-side checks of a CreateIndex request against the index facts: index type applies to the field type and server
/// version, metric allowed, parameters known, typed and in range. Every message names the field and its type, the index
/// type, what is allowed and the nearest valid choice.
/// </summary>
public static class IndexPreflight
{
    public const string Operation = "CreateIndex";

    private static readonly HashSet<string> ReservedKeys = new(StringComparer.Ordinal)
    {
        IndexFacts.IndexTypeKey, IndexFacts.MetricTypeKey, IndexFacts.ParamsKey, "dim", "max_length",
    };

    /// <summary>Throws the first error <see cref="Evaluate"/> finds as a <see cref="MilvusException"/> (Operation CreateIndex, Target collection.field).</summary>
    public static void Check(MilvusField field, string indexType, string? metricType, IReadOnlyDictionary<string, string> parameters,
        MilvusVersion serverVersion, string? collectionName = null)
    {
        var error = Evaluate(field, indexType, metricType, parameters, serverVersion).FirstOrDefault(f => f.Severity == IndexFindingSeverity.Error);
        if (error is null) return;
        throw new MilvusException(error.Message, error.Kind, error.ErrorId)
        {
            MilvusCode = error.Kind == MilvusErrorKind.InvalidArgument ? ErrorCatalog.Get("ParameterInvalid").Code : 0,
            Reason = error.Message,
            Operation = Operation,
            Target = string.IsNullOrEmpty(collectionName) ? field.Name : collectionName + "." + field.Name,
        };
    }

    /// <summary>The effective index: AUTOINDEX (or no type) resolved as the server resolves it, the default metric when omitted, defaults filled in.</summary>
    public static IndexPlan Resolve(MilvusField field, string? indexType, string? metricType, IReadOnlyDictionary<string, string>? parameters, MilvusVersion serverVersion)
    {
        ArgumentNullException.ThrowIfNull(field);
        var given = parameters ?? new Dictionary<string, string>();
        var requested = indexType?.Trim() ?? string.Empty;
        var dataType = field.DataType.WireName();
        var isAuto = requested.Length == 0 || requested == IndexFacts.AutoIndex;
        var effective = requested;
        var build = new Dictionary<string, string>(StringComparer.Ordinal);
        string? metric = string.IsNullOrWhiteSpace(metricType) ? null : metricType.Trim().ToUpperInvariant();
        var defaulted = false;

        if (isAuto)
        {
            var rule = IndexFacts.ResolveAuto(dataType, serverVersion);
            effective = rule?.IndexType ?? IndexFacts.AutoIndex;
            if (rule is not null) foreach (var (k, v) in rule.Params) build[k] = v;
            if (field.IsVector && metric is null) { metric = rule?.Metric ?? IndexFacts.DefaultMetric(dataType); defaulted = true; }
        }
        else if (field.IsVector && metric is null)
        {
            metric = IndexFacts.DefaultMetric(dataType);
            defaulted = metric is not null;
        }

        var fact = IndexFacts.Find(effective);
        if (!isAuto)
        {
            foreach (var (k, v) in given)
                if (!ReservedKeys.Contains(k)) build[k] = v;
            if (fact is not null)
                foreach (var p in fact.BuildParams)
                    if (p.Default is not null && !build.ContainsKey(p.Name) && (p.Since is not { } s || serverVersion >= s)
                        && (p.Rule is not ("json_only" or "metric:BM25") || (p.Rule == "metric:BM25" && metric == "BM25")))
                        build[p.Name] = p.Default;
        }
        else if (given.TryGetValue(IndexFacts.MmapKey, out var mmap)) build[IndexFacts.MmapKey] = mmap;

        return new IndexPlan(requested, effective, field.IsVector ? metric : null, defaulted, isAuto, build, fact);
    }

    /// <summary>All problems with the request (errors first, then warnings); empty when the server should accept it.</summary>
    public static IReadOnlyList<IndexFinding> Evaluate(MilvusField field, string indexType, string? metricType, IReadOnlyDictionary<string, string> parameters, MilvusVersion serverVersion)
    {
        ArgumentNullException.ThrowIfNull(field);
        parameters ??= new Dictionary<string, string>();
        var findings = new List<IndexFinding>();
        var dataType = field.DataType.WireName();
        var element = field.ElementType?.WireName();
        var what = $"{field.TypeText} field '{field.Name}'";
        var requested = indexType?.Trim() ?? string.Empty;
        var isAuto = requested.Length == 0 || requested == IndexFacts.AutoIndex;
        var applicable = IndexFacts.ApplicableTo(dataType, element, serverVersion, field.IsPrimaryKey);
        var applicableNames = applicable.Select(t => t.Name).ToArray();

        // 1. The index type itself.
        var fact = isAuto ? IndexFacts.Find(IndexFacts.AutoIndex) : IndexFacts.Find(requested);
        if (fact is null || !fact.UserCreatable)
        {
            var near = IndexFacts.FindIgnoreCase(requested) is { UserCreatable: true } ci ? ci.Name : Nearest(requested, applicableNames.Length > 0 ? applicableNames : IndexFacts.All.Where(t => t.UserCreatable).Select(t => t.Name));
            var why = fact is { UserCreatable: false } ? $"{requested} is chosen by the server internally and cannot be requested" : $"unknown index type '{requested}'";
            findings.Add(Error("IndexTypeUnknown", $"{why} for {what}; allowed: {List(applicableNames)}{Hint(near)}", near: near));
            return findings;
        }

        if (serverVersion < fact.Since)
        {
            var alternative = Nearest(fact.Name, applicableNames);
            findings.Add(new IndexFinding("ServerVersionTooOld", IndexFindingSeverity.Error, MilvusErrorKind.Unsupported,
                $"{fact.Name} needs Milvus {fact.Since} or later; the server is {serverVersion}{Hint(alternative, "use")} for {what}", Suggestion: alternative));
            return findings;
        }

        // 2. Does it apply to the field?
        if (!isAuto && !fact.Supports(dataType, element, serverVersion))
        {
            var support = fact.FieldSupport(dataType);
            var elementOk = support is null || support.ElementTypes.Count == 0 || element is null || support.ElementTypes.Any(e => string.Equals(e, element, StringComparison.OrdinalIgnoreCase));
            if (support?.Since is { } since && serverVersion < since && elementOk)
            {
                var alt = Nearest(fact.Name, applicableNames);
                findings.Add(new IndexFinding("ServerVersionTooOld", IndexFindingSeverity.Error, MilvusErrorKind.Unsupported,
                    $"{fact.Name} on {dataType} needs Milvus {since} or later; the server is {serverVersion}{Hint(alt, "use")} for {what}", Suggestion: alt));
            }
            else
            {
                var alt = Nearest(fact.Name, applicableNames);
                var target = support is not null && support.ElementTypes.Count > 0 ? $"Array<{element}> field '{field.Name}'" : $"{dataType} field '{field.Name}'";
                findings.Add(Error("IndexTypeNotSupportedForField",
                    $"{fact.Name} does not apply to {target}; {(applicableNames.Length == 0 ? "no index type applies to it" : "use " + Or(applicableNames))}", near: alt));
            }
            return findings;
        }
        if (isAuto && !field.IsVector && IndexFacts.ResolveAuto(dataType, serverVersion) is null)
        {
            findings.Add(Error("IndexTypeNotSupportedForField", $"AUTOINDEX does not apply to {dataType} field '{field.Name}' on Milvus {serverVersion}; {(applicableNames.Length == 0 ? "no index type applies to it" : "use " + Or(applicableNames))}", near: applicableNames.FirstOrDefault()));
            return findings;
        }
        if (field.IsPrimaryKey && !fact.PrimaryKeyAllowed)
        {
            var alt = Nearest(fact.Name, applicableNames);
            findings.Add(Error("IndexTypeNotSupportedForField", $"{fact.Name} cannot index the primary key {what}; use {Or(applicableNames)}", near: alt));
            return findings;
        }

        // 3. Metric.
        var metric = string.IsNullOrWhiteSpace(metricType) ? null : metricType.Trim();
        if (field.IsVector)
        {
            var allowed = fact.MetricsFor(dataType, serverVersion);
            if (metric is null)
            {
                var def = isAuto ? IndexFacts.ResolveAuto(dataType, serverVersion)?.Metric ?? IndexFacts.DefaultMetric(dataType) : IndexFacts.DefaultMetric(dataType);
                if (def is null || !allowed.Contains(def))
                    findings.Add(Error("IndexMetricRequired",
                        $"{fact.Name} on {what} needs metric_type: the default {def ?? "(none)"} is not allowed; allowed: {List(allowed)}; use {allowed.FirstOrDefault()}", "metric_type", allowed.FirstOrDefault()));
            }
            else if (!allowed.Contains(metric, StringComparer.OrdinalIgnoreCase))
            {
                var later = fact.AllMetricsFor(dataType).FirstOrDefault(m => string.Equals(m.Metric, metric, StringComparison.OrdinalIgnoreCase) && m.Since is { } s && serverVersion < s);
                if (later is not null)
                    findings.Add(new IndexFinding("ServerVersionTooOld", IndexFindingSeverity.Error, MilvusErrorKind.Unsupported,
                        $"metric {later.Metric} for {fact.Name} on {dataType} needs Milvus {later.Since} or later; the server is {serverVersion}; allowed: {List(allowed)}", "metric_type", allowed.FirstOrDefault()));
                else
                {
                    var near = Nearest(metric, allowed) ?? allowed.FirstOrDefault();
                    findings.Add(Error("IndexMetricNotAllowed",
                        $"metric {metric} is not allowed for {fact.Name} on {dataType} field '{field.Name}'; allowed: {List(allowed)}{Hint(near)}", "metric_type", near));
                }
            }
        }

        // 4. Parameters.
        if (isAuto)
        {
            foreach (var key in parameters.Keys.Where(k => !ReservedKeys.Contains(k) && k != IndexFacts.MmapKey))
                findings.Add(Error("IndexParamInvalid",
                    $"AUTOINDEX on {what} takes only metric_type (and mmap.enabled); remove '{key}' or name an index type such as {Resolve(field, null, metric, null, serverVersion).IndexType}", key));
        }
        else
        {
            CheckParams(findings, field, fact, metric, parameters, serverVersion, what);
        }
        if (parameters.TryGetValue(IndexFacts.MmapKey, out var mmapValue))
        {
            if (!bool.TryParse(mmapValue, out _))
                findings.Add(Error("IndexParamInvalid", $"mmap.enabled must be true or false, got '{mmapValue}'", IndexFacts.MmapKey, "true"));
            else if (!fact.SupportsMmap && string.Equals(mmapValue, "true", StringComparison.OrdinalIgnoreCase))
                findings.Add(Error("IndexParamInvalid", $"{fact.Name} does not support mmap.enabled=true (index on {what}); leave it out or use HNSW", IndexFacts.MmapKey, "false"));
        }

        // 5. Advice.
        if (fact.NeedsGpu)
            findings.Add(new IndexFinding("IndexNeedsGpu", IndexFindingSeverity.Warning, MilvusErrorKind.Unsupported,
                $"{fact.Name} is built only by a GPU build of Milvus; on a CPU server the index build fails. For {what} a CPU choice is {Nearest(fact.Name.Replace("GPU_", string.Empty, StringComparison.Ordinal), applicable.Where(t => !t.NeedsGpu).Select(t => t.Name)) ?? "HNSW"}"));
        if (fact.Name == "DISKANN")
            findings.Add(new IndexFinding("IndexNeedsLocalDisk", IndexFindingSeverity.Warning, MilvusErrorKind.Unsupported,
                "DISKANN needs queryNode.enableDisk=true and a local NVMe disk on the query nodes"));
        if (fact.Name == "SPARSE_WAND" && serverVersion >= new MilvusVersion(2, 5, 0))
            findings.Add(new IndexFinding("IndexTypeDeprecated", IndexFindingSeverity.Warning, MilvusErrorKind.InvalidArgument,
                "SPARSE_WAND is deprecated from Milvus 2.5; use SPARSE_INVERTED_INDEX with inverted_index_algo=DAAT_WAND", Suggestion: "SPARSE_INVERTED_INDEX"));

        return findings.OrderBy(f => f.Severity).ToArray();
    }

    private static void CheckParams(List<IndexFinding> findings, MilvusField field, IndexTypeFact fact, string? metric,
        IReadOnlyDictionary<string, string> parameters, MilvusVersion version, string what)
    {
        var isJson = field.DataType == MilvusDataType.Json;
        var values = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (var (key, value) in parameters)
        {
            if (ReservedKeys.Contains(key) || key == IndexFacts.MmapKey) continue;
            var p = fact.Param(key);
            if (p is null)
            {
                var search = fact.Param(key, IndexParamStage.Search);
                if (search is not null)
                {
                    findings.Add(Error("IndexParamUnknown", $"{key} is a search parameter of {fact.Name}, not a build parameter (index on {what}); pass it when searching", key));
                    continue;
                }
                var names = fact.BuildParams.Select(b => b.Name).ToArray();
                var near = names.FirstOrDefault(n => string.Equals(n, key, StringComparison.OrdinalIgnoreCase)) ?? Nearest(key, names);
                findings.Add(Error("IndexParamUnknown",
                    $"{fact.Name} has no build parameter '{key}' (index on {what}); {(names.Length == 0 ? $"{fact.Name} takes no build parameters" : "known: " + List(names))}{(near is null ? string.Empty : $"; did you mean {near}?")}", key, near));
                continue;
            }
            if (p.Since is { } since && version < since)
            {
                findings.Add(new IndexFinding("ServerVersionTooOld", IndexFindingSeverity.Error, MilvusErrorKind.Unsupported,
                    $"{fact.Name} parameter {key} needs Milvus {since} or later; the server is {version} (index on {what})", key));
                continue;
            }
            if (p.Rule == "json_only" && !isJson)
            {
                findings.Add(Error("IndexParamInvalid", $"{key} applies only to JSON fields, not to {what}; leave it out", key));
                continue;
            }
            switch (p.Type)
            {
                case IndexParamType.Int:
                case IndexParamType.Float:
                    var integer = p.Type == IndexParamType.Int;
                    if (!(integer
                            ? long.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var l) && (values[key] = l) == l
                            : double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) && !double.IsNaN(d) && (values[key] = d) == d))
                    {
                        findings.Add(Error("IndexParamInvalid", $"{key} of {fact.Name} must be {(integer ? "an integer" : "a number")}, got '{value}' (index on {what}){RangeText(p)}", key, p.Default));
                        continue;
                    }
                    if (p.Range is { } range && !range.Contains(values[key]))
                    {
                        var nearest = Format(range.Nearest(values[key], integer));
                        findings.Add(Error("IndexParamOutOfRange", $"{key}={value} is out of range {range} for {fact.Name} on {what}; nearest valid: {nearest}", key, nearest));
                    }
                    break;
                case IndexParamType.Bool:
                    if (!bool.TryParse(value, out _))
                        findings.Add(Error("IndexParamInvalid", $"{key} of {fact.Name} must be true or false, got '{value}' (index on {what})", key, p.Default ?? "true"));
                    break;
                case IndexParamType.Enum:
                    if (!p.Values.Contains(value, StringComparer.OrdinalIgnoreCase))
                    {
                        var near = Nearest(value, p.Values) ?? p.Default;
                        findings.Add(Error("IndexParamInvalid", $"{key}='{value}' is not valid for {fact.Name} on {what}; allowed: {List(p.Values)}{Hint(near)}", key, near));
                    }
                    break;
            }
        }

        // Required parameters and cross-parameter rules.
        foreach (var p in fact.BuildParams)
        {
            var jsonRequired = p.Rule == "json_only" && isJson && p.Name is "json_path" or "json_cast_type";
            if ((p.Required || jsonRequired) && !parameters.ContainsKey(p.Name) && (p.Since is not { } s || version >= s))
                findings.Add(Error("IndexParamRequired", $"{fact.Name} on {what} needs {p.Name}{RangeText(p)}", p.Name, p.Default));
            if (!values.TryGetValue(p.Name, out var v) || p.Rule is null) continue;
            if (p.Rule == "divides_dim" && field.Dimension is { } dim && v > 0 && dim % (long)v != 0)
            {
                var divisor = NearestDivisor(dim, (long)v);
                findings.Add(Error("IndexParamInvalid", $"{p.Name}={Format(v)} must divide the dimension {dim} of {what} ({fact.Name}); nearest valid: {divisor}", p.Name, divisor.ToString(CultureInfo.InvariantCulture)));
            }
            else if (p.Rule.StartsWith("ge:", StringComparison.Ordinal) && values.TryGetValue(p.Rule[3..], out var other) && v < other)
                findings.Add(Error("IndexParamInvalid", $"{p.Name}={Format(v)} must be at least {p.Rule[3..]}={Format(other)} for {fact.Name} on {what}; nearest valid: {Format(other)}", p.Name, Format(other)));
        }
    }

    private static long NearestDivisor(int dim, long m)
    {
        long best = 1;
        for (long d = 1; d <= dim; d++)
            if (dim % d == 0 && Math.Abs(d - m) < Math.Abs(best - m)) best = d;
        return best;
    }

    private static IndexFinding Error(string id, string message, string? parameter = null, string? near = null) =>
        new(id, IndexFindingSeverity.Error, MilvusErrorKind.InvalidArgument, message, parameter, near);

    private static string RangeText(IndexParamFact p) =>
        (p.Range is { } r ? $"; range {r}" : string.Empty) + (p.Values.Count > 0 ? $"; allowed: {List(p.Values)}" : string.Empty) + (p.Default is { } d ? $"; default {d}" : string.Empty);

    private static string Hint(string? near, string verb = "did you mean") =>
        near is null ? string.Empty : verb == "did you mean" ? $"; did you mean {near}?" : $"; {verb} {near}";

    private static string List(IEnumerable<string> items)
    {
        var a = items.ToArray();
        return a.Length == 0 ? "(none)" : string.Join(", ", a);
    }

    private static string Or(IReadOnlyList<string> items) =>
        items.Count <= 1 ? List(items) : string.Join(", ", items.Take(items.Count - 1)) + " or " + items[^1];

    private static string Format(double v) => v.ToString("0.####", CultureInfo.InvariantCulture);

    /// <summary>The candidate closest to <paramref name="text"/> by case-insensitive edit distance, when it is close enough to be a likely typo or relative.</summary>
    internal static string? Nearest(string? text, IEnumerable<string> candidates)
    {
        var list = candidates.ToArray();
        if (list.Length == 0) return null;
        if (string.IsNullOrEmpty(text)) return list[0];
        var scored = list.Select(c => (c, d: EditDistance(text.ToUpperInvariant(), c.ToUpperInvariant()))).OrderBy(x => x.d).ThenBy(x => x.c.Length).First();
        // Prefix/substring relatives (IVF_PQ → IVF_FLAT) count as close too.
        var limit = Math.Max(2, Math.Max(text.Length, scored.c.Length) / 2);
        return scored.d <= limit ? scored.c : list[0];
    }

    internal static int EditDistance(string a, string b)
    {
        var prev = new int[b.Length + 1];
        var cur = new int[b.Length + 1];
        for (var j = 0; j <= b.Length; j++) prev[j] = j;
        for (var i = 1; i <= a.Length; i++)
        {
            cur[0] = i;
            for (var j = 1; j <= b.Length; j++)
                cur[j] = Math.Min(Math.Min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1));
            (prev, cur) = (cur, prev);
        }
        return prev[b.Length];
    }
}
