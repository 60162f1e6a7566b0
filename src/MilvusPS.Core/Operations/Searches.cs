using System.Buffers.Binary;
using System.Collections;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Google.Protobuf;
using MilvusPS.Core.Connection;
using MilvusPS.Core.Data;
using MilvusPS.Core.Errors;
using MilvusPS.Core.Resilience;
using MilvusPS.Core.Schema;
using MilvusPS.Protocol;

namespace MilvusPS.Core.Operations;

/// <summary>One ANN search: query vectors (or BM25 query texts) against one vector field.</summary>
public sealed class MilvusSearchRequest
{
    /// <summary>The vector field; may be omitted when the collection has only one.</summary>
    public string? AnnsField { get; set; }

    /// <summary>Query vectors in any form EntityValues accepts for the field's type (numbers, bytes, bits, index→value), or query texts for a BM25 field.</summary>
    public List<object> Vectors { get; } = [];

    public int Limit { get; set; } = 10;
    public int Offset { get; set; }
    public string? Filter { get; set; }

    /// <summary>Must match the field's index metric when given.</summary>
    public string? MetricType { get; set; }

    /// <summary>Search parameters such as ef, nprobe, radius, range_filter.</summary>
    public Dictionary<string, object?> Parameters { get; } = new(StringComparer.Ordinal);

    public string? GroupByField { get; set; }
    public int? GroupSize { get; set; }
    public bool? StrictGroupSize { get; set; }

    /// <summary>Values for {name} placeholders in the filter (Milvus 2.4.16+).</summary>
    public Dictionary<string, object?> FilterParameters { get; } = new(StringComparer.Ordinal);

    /// <summary>Decimal places of the returned distances; -1 keeps them as they are.</summary>
    public int RoundDecimal { get; set; } = -1;

    public override string ToString() => $"{Vectors.Count} quer{(Vectors.Count == 1 ? "y" : "ies")} on {AnnsField ?? "(the vector field)"}, limit {Limit}";
}

/// <summary>How a hybrid search fuses its searches' results.</summary>
public sealed record MilvusReranker(string Strategy, int RrfK = 60, IReadOnlyList<double>? Weights = null, bool NormalizeScore = true)
{
    public static MilvusReranker Rrf(int k = 60) => new("rrf", k);
    public static MilvusReranker Weighted(IReadOnlyList<double> weights, bool normalize = true) => new("weighted", Weights: weights, NormalizeScore: normalize);
}

/// <summary>One search result: which query, its rank, the entity's key, the distance or score, and the output fields.</summary>
public sealed class MilvusSearchHit
{
    public int QueryIndex { get; init; }
    public int Rank { get; init; }
    public required object Id { get; init; }
    /// <summary>Distance or score, as the metric defines it (L2 squared distance: smaller is closer; IP, COSINE, BM25: larger is closer).</summary>
    public float Distance { get; init; }
    public IReadOnlyDictionary<string, object?> Fields { get; init; } = new Dictionary<string, object?>();
    /// <summary>The group-by field's value, for grouping searches.</summary>
    public object? GroupValue { get; init; }
    public override string ToString() => $"#{QueryIndex}.{Rank} {Id} ({Distance})";
}

/// <summary>Search and hybrid search.</summary>
public static class Searches
{
    public static async Task<IReadOnlyList<MilvusSearchHit>> SearchAsync(this MilvusConnection c, string? database, string collection, MilvusSearchRequest search,
        IReadOnlyList<string>? outputFields, IReadOnlyList<string>? partitions, MilvusConsistencyLevel? consistency, CancellationToken ct)
    {
        CheckWindow("Search", collection, search.Limit, search.Offset);
        var described = await c.DescribeCollectionAsync(database, collection, ct).ConfigureAwait(false);
        var request = BuildRequest(described, search);
        await CheckSearchParamsAsync(c, database, collection, "Search", request, search, search.Limit + search.Offset, ct).ConfigureAwait(false);
        Entities.AddTemplates(c, request.ExprTemplateValues, search.FilterParameters, "Search", collection);
        request.DbName = database ?? c.Database;
        request.CollectionName = collection;
        if (outputFields is not null) request.OutputFields.AddRange(outputFields);
        if (partitions is not null) request.PartitionNames.AddRange(partitions);
        SetConsistency(request, consistency);
        var r = await c.CallAsync("Search", collection, (s, o) => s.SearchAsync(request, o), x => x.Status, Idempotency.Idempotent, ct).ConfigureAwait(false);
        return Hits(r.Results, outputFields);
    }

    public static async Task<IReadOnlyList<MilvusSearchHit>> HybridSearchAsync(this MilvusConnection c, string? database, string collection, IReadOnlyList<MilvusSearchRequest> searches,
        MilvusReranker reranker, int limit, int offset, int roundDecimal, IReadOnlyList<string>? outputFields, IReadOnlyList<string>? partitions, MilvusConsistencyLevel? consistency, CancellationToken ct)
    {
        c.Capabilities.Require("HybridSearch", "HybridSearch", collection);
        if (searches.Count == 0) throw MilvusErrors.Invalid("HybridSearch", collection, "A hybrid search needs at least one search request.");
        CheckWindow("HybridSearch", collection, limit, offset);
        if (reranker.Strategy == "weighted") CheckWeights(collection, reranker.Weights ?? [], searches.Count);
        var described = await c.DescribeCollectionAsync(database, collection, ct).ConfigureAwait(false);
        var request = new HybridSearchRequest { DbName = database ?? c.Database, CollectionName = collection };
        foreach (var s in searches)
        {
            var sub = BuildRequest(described, s);
            await CheckSearchParamsAsync(c, database, collection, "HybridSearch", sub, s, s.Limit, ct).ConfigureAwait(false);
            Entities.AddTemplates(c, sub.ExprTemplateValues, s.FilterParameters, "HybridSearch", collection);
            request.Requests.Add(sub);
        }
        var rankParams = reranker.Strategy == "rrf"
            ? JsonSerializer.Serialize(new Dictionary<string, object> { ["k"] = reranker.RrfK })
            : JsonSerializer.Serialize(new Dictionary<string, object> { ["weights"] = reranker.Weights ?? [], ["norm_score"] = reranker.NormalizeScore });
        Add(request.RankParams, "strategy", reranker.Strategy);
        Add(request.RankParams, "params", rankParams);
        Add(request.RankParams, "limit", limit.ToString(CultureInfo.InvariantCulture));
        Add(request.RankParams, "offset", offset.ToString(CultureInfo.InvariantCulture));
        Add(request.RankParams, "round_decimal", roundDecimal.ToString(CultureInfo.InvariantCulture));
        if (outputFields is not null) request.OutputFields.AddRange(outputFields);
        if (partitions is not null) request.PartitionNames.AddRange(partitions);
        if (consistency is { } level) request.ConsistencyLevel = (ConsistencyLevel)(int)level;
        else request.UseDefaultConsistency = true;
        var r = await c.CallAsync("HybridSearch", collection, (s, o) => s.HybridSearchAsync(request, o), x => x.Status, Idempotency.Idempotent, ct).ConfigureAwait(false);
        return Hits(r.Results, outputFields);
    }

    /// <summary>
    /// Index search parameters (ef, nprobe, ...) against the facts of the searched field's index, before sending. Costs a
    /// DescribeIndex, so only when a parameter is one an index type checks; a field without an index is left to the server.
    /// </summary>
    private static async Task CheckSearchParamsAsync(MilvusConnection c, string? database, string collection, string operation,
        SearchRequest request, MilvusSearchRequest search, long k, CancellationToken ct)
    {
        if (!MilvusPS.Core.Indexes.SearchParamPreflight.Concerns(search.Parameters)) return;
        var field = request.SearchParams.First(p => p.Key == "anns_field").Value;
        IReadOnlyList<MilvusIndexSummary> indexes;
        try
        {
            indexes = await c.ListIndexesAsync(database, collection, ct, fieldName: field).ConfigureAwait(false);
        }
        catch (MilvusException e) when (e.ErrorId == "IndexNotFound")
        {
            return;
        }
        if (indexes.Count == 1) MilvusPS.Core.Indexes.SearchParamPreflight.Check(operation, collection, indexes[0], search.Parameters, k);
    }

    /// <summary>Milvus's result window: offset + limit at most 16384 (quotaAndLimits.limits.topK), checked before sending.</summary>
    public const int ResultWindow = 16384;

    internal static void CheckWindow(string operation, string collection, long limit, long offset)
    {
        if (limit + offset > ResultWindow)
            throw MilvusErrors.Invalid(operation, collection,
                $"Limit + Offset is {limit + offset}, but Milvus returns at most {ResultWindow} results per call. Page through more with an iterator.", "ResultWindowExceeded");
    }

    /// <summary>The weighted reranker's rules (one weight per search, each in [0, 1]), checked before sending.</summary>
    private static void CheckWeights(string collection, IReadOnlyList<double> weights, int searches)
    {
        if (weights.Count != searches)
            throw MilvusErrors.Invalid("HybridSearch", collection, $"Weighted fusion needs one weight per search request: {searches} requests, {weights.Count} weights.", "HybridWeightInvalid");
        foreach (var w in weights)
            if (double.IsNaN(w) || w < 0 || w > 1)
                throw MilvusErrors.Invalid("HybridSearch", collection, $"Each weight must be in [0, 1]; {w.ToString(CultureInfo.InvariantCulture)} is not.", "HybridWeightInvalid");
    }

    /// <summary>The wire request for one search: placeholder group of encoded vectors plus search_params, as Milvus's SDKs send it.</summary>
    public static SearchRequest BuildRequest(MilvusCollection collection, MilvusSearchRequest search)
    {
        var vectorFields = collection.Schema.Fields.Where(f => f.IsVector).ToList();
        var field = search.AnnsField is not null
            ? collection.Schema.Fields.FirstOrDefault(f => f.Name == search.AnnsField)
                ?? throw MilvusErrors.NotFound("Search", $"{collection.Name}.{search.AnnsField}", "FieldNotFound", $"field not found[field={search.AnnsField}]", 1700)
            : vectorFields.Count == 1 ? vectorFields[0]
            : throw MilvusErrors.Invalid("Search", collection.Name, $"The collection has {vectorFields.Count} vector fields ({string.Join(", ", vectorFields.Select(f => f.Name))}); name one with -AnnsField.", "AnnsFieldRequired");
        if (!field.IsVector) throw MilvusErrors.Invalid("Search", $"{collection.Name}.{field.Name}", $"'{field.Name}' is {field.DataType}, not a vector field.", "AnnsFieldNotVector");
        if (search.Vectors.Count == 0) throw MilvusErrors.Invalid("Search", collection.Name, "No query vectors were given.", "SearchVectorMissing");

        var placeholder = new PlaceholderValue { Tag = "$0" };
        var bm25 = field.IsFunctionOutput && search.Vectors.All(v => v is string);
        placeholder.Type = bm25 ? PlaceholderType.VarChar : (PlaceholderType)(int)field.DataType;
        for (var i = 0; i < search.Vectors.Count; i++)
        {
            try
            {
                placeholder.Values.Add(ByteString.CopyFrom(bm25 ? Encoding.UTF8.GetBytes((string)search.Vectors[i]) : Encode(field, search.Vectors[i])));
            }
            catch (EntityValueException e)
            {
                throw MilvusErrors.Invalid("Search", $"{collection.Name}.{field.Name}", $"Query vector {i}: {e.Message}", "SearchVectorInvalid");
            }
        }
        var group = new PlaceholderGroup();
        group.Placeholders.Add(placeholder);

        var request = new SearchRequest
        {
            PlaceholderGroup = group.ToByteString(),
            Dsl = search.Filter ?? string.Empty,
            DslType = DslType.BoolExprV1,
            Nq = search.Vectors.Count,
        };
        Add(request.SearchParams, "anns_field", field.Name);
        Add(request.SearchParams, "topk", search.Limit.ToString(CultureInfo.InvariantCulture));
        if (search.MetricType is not null) Add(request.SearchParams, "metric_type", search.MetricType);
        Add(request.SearchParams, "params", JsonSerializer.Serialize(search.Parameters.ToDictionary(p => p.Key, p => EntityValues.Plain(p.Value))));
        Add(request.SearchParams, "round_decimal", search.RoundDecimal.ToString(CultureInfo.InvariantCulture));
        if (search.Offset > 0) Add(request.SearchParams, "offset", search.Offset.ToString(CultureInfo.InvariantCulture));
        if (search.GroupByField is not null) Add(request.SearchParams, "group_by_field", search.GroupByField);
        if (search.GroupSize is { } size) Add(request.SearchParams, "group_size", size.ToString(CultureInfo.InvariantCulture));
        if (search.StrictGroupSize is { } strict) Add(request.SearchParams, "strict_group_size", strict ? "true" : "false");
        return request;
    }

    private static byte[] Encode(MilvusField field, object vector)
    {
        var dim = field.Dimension ?? 0;
        return field.DataType switch
        {
            MilvusDataType.FloatVector => FloatBytes(EntityValues.ToFloatVector(vector, dim)),
            MilvusDataType.Float16Vector => EntityValues.ToFloat16Vector(vector, dim),
            MilvusDataType.BFloat16Vector => EntityValues.ToBFloat16Vector(vector, dim),
            MilvusDataType.Int8Vector => EntityValues.ToInt8Vector(vector, dim),
            MilvusDataType.BinaryVector => EntityValues.ToBinaryVector(vector, dim),
            MilvusDataType.SparseFloatVector => EntityValues.ToSparseVector(vector),
            _ => throw new EntityValueException($"{field.DataType} cannot be searched."),
        };
    }

    private static byte[] FloatBytes(float[] v)
    {
        var bytes = new byte[v.Length * 4];
        for (var i = 0; i < v.Length; i++) BinaryPrimitives.WriteSingleLittleEndian(bytes.AsSpan(i * 4), v[i]);
        return bytes;
    }

    internal static IReadOnlyList<MilvusSearchHit> Hits(SearchResultData? data, IReadOnlyList<string>? outputFields)
    {
        if (data is null) return [];
        var ids = data.Ids is null ? new List<object>() : data.Ids.IdFieldCase == IDs.IdFieldOneofCase.IntId ? data.Ids.IntId.Data.Cast<object>().ToList() : data.Ids.StrId.Data.Cast<object>().ToList();
        var rows = FieldDataReader.ToRows(data.FieldsData, outputFields?.ToList());
        var groups = data.GroupByFieldValue is null ? null : FieldDataReader.Values(data.GroupByFieldValue);
        var hits = new List<MilvusSearchHit>(ids.Count);
        var position = 0;
        for (var q = 0; q < data.NumQueries; q++)
        {
            var count = q < data.Topks.Count ? (int)data.Topks[q] : 0;
            for (var rank = 0; rank < count && position < ids.Count; rank++, position++)
            {
                hits.Add(new MilvusSearchHit
                {
                    QueryIndex = q,
                    Rank = rank + 1,
                    Id = ids[position],
                    Distance = position < data.Scores.Count ? data.Scores[position] : float.NaN,
                    Fields = position < rows.Count ? rows[position] : new Dictionary<string, object?>(),
                    GroupValue = groups is not null && position < groups.Count ? groups[position] : null,
                });
            }
        }
        return hits;
    }

    internal static void SetConsistency(SearchRequest request, MilvusConsistencyLevel? consistency)
    {
        if (consistency is { } level) request.ConsistencyLevel = (ConsistencyLevel)(int)level;
        else request.UseDefaultConsistency = true;
    }

    internal static void Add(Google.Protobuf.Collections.RepeatedField<Protocol.KeyValuePair> pairs, string key, string value) =>
        pairs.Add(new Protocol.KeyValuePair { Key = key, Value = value });
}
