using MilvusPS.Core.Connection;
using MilvusPS.Core.Resilience;
using MilvusPS.Protocol;

namespace MilvusPS.Core.Operations;

/// <summary>An index as DescribeIndex reports it.</summary>
public sealed class MilvusIndexSummary
{
    public required string IndexName { get; init; }
    public required string FieldName { get; init; }
    public long IndexId { get; init; }
    /// <summary>index_type from the params (e.g. HNSW, AUTOINDEX, INVERTED).</summary>
    public string? IndexType => Parameters.GetValueOrDefault("index_type");
    /// <summary>metric_type from the params (vector indexes).</summary>
    public string? MetricType => Parameters.GetValueOrDefault("metric_type");
    public IReadOnlyDictionary<string, string> Parameters { get; init; } = new Dictionary<string, string>();
    /// <summary>None, Unissued, InProgress, Finished, Failed, Retry.</summary>
    public string State { get; init; } = "None";
    public long IndexedRows { get; init; }
    public long TotalRows { get; init; }
    public long PendingIndexRows { get; init; }
    public string? FailReason { get; init; }
    public override string ToString() => $"{IndexName} ({IndexType} on {FieldName})";
}

/// <summary>Index operations the schema slice needs (listing, and creating one so a collection can load); the index issue adds the rest.</summary>
public static class Indexes
{
    public static async Task<IReadOnlyList<MilvusIndexSummary>> ListIndexesAsync(this MilvusConnection c, string? database, string collection, CancellationToken ct)
    {
        var request = new DescribeIndexRequest { DbName = database ?? c.Database, CollectionName = collection };
        try
        {
            var r = await c.CallAsync("DescribeIndex", collection, (s, o) => s.DescribeIndexAsync(request, o), x => x.Status, Idempotency.Idempotent, ct).ConfigureAwait(false);
            return r.IndexDescriptions.Select(d => new MilvusIndexSummary
            {
                IndexName = d.IndexName,
                FieldName = d.FieldName,
                IndexId = d.IndexID,
                Parameters = WireHelpers.ToDictionary(d.Params),
                State = d.State.ToString(),
                IndexedRows = d.IndexedRows,
                TotalRows = d.TotalRows,
                PendingIndexRows = d.PendingIndexRows,
                FailReason = string.IsNullOrEmpty(d.IndexStateFailReason) ? null : d.IndexStateFailReason,
            }).ToList();
        }
        catch (Errors.MilvusException e) when (e.ErrorId == "IndexNotFound")
        {
            // Milvus answers "index not found" for a collection without indexes.
            return [];
        }
    }

    /// <summary>CreateIndex with the given build parameters (index_type, metric_type, params...).</summary>
    public static Task CreateIndexAsync(this MilvusConnection c, string? database, string collection, string field, string? indexName, IReadOnlyDictionary<string, string> parameters, CancellationToken ct)
    {
        var request = new CreateIndexRequest { DbName = database ?? c.Database, CollectionName = collection, FieldName = field, IndexName = indexName ?? string.Empty };
        request.ExtraParams.AddRange(WireHelpers.ToPairs(parameters));
        return c.CallAsync("CreateIndex", $"{collection}.{field}", (s, o) => s.CreateIndexAsync(request, o), x => x, Idempotency.Idempotent, ct);
    }
}
