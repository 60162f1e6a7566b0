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

    /// <summary>The collection the index belongs to (set by the cmdlets).</summary>
    public string? Collection { get; set; }

    /// <summary>The collection's database (set by the cmdlets), so indexes pipe into other index cmdlets across databases.</summary>
    public string? Database { get; set; }

    /// <summary>Percent of rows indexed (100 for an empty collection).</summary>
    public int PercentIndexed => TotalRows <= 0 ? (State == "Finished" ? 100 : 0) : (int)Math.Min(100, IndexedRows * 100 / TotalRows);

    /// <summary>Built for every row: the state is Finished and the row counts agree (nothing pending).</summary>
    public bool IsComplete => State == "Finished" && PendingIndexRows == 0 && IndexedRows >= TotalRows;

    public override string ToString() => $"{IndexName} ({IndexType} on {FieldName})";
}

/// <summary>Index operations the schema slice needs (listing, and creating one so a collection can load); the index issue adds the rest.</summary>
public static class Indexes
{
    /// <summary>DescribeIndex for a collection: all its indexes, or those of one field or one index name.</summary>
    public static async Task<IReadOnlyList<MilvusIndexSummary>> ListIndexesAsync(this MilvusConnection c, string? database, string collection, CancellationToken ct,
        string? fieldName = null, string? indexName = null)
    {
        var request = new DescribeIndexRequest { DbName = database ?? c.Database, CollectionName = collection, FieldName = fieldName ?? string.Empty, IndexName = indexName ?? string.Empty };
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
        catch (Errors.MilvusException e) when (e.ErrorId == "IndexNotFound" && fieldName is null && indexName is null)
        {
            // Milvus answers "index not found" for a collection without indexes.
            return [];
        }
    }

    /// <summary>The index types a user can create (for completion), from the index facts.</summary>
    public static IReadOnlyList<string> CreatableIndexTypes =>
        Protocol.Facts.IndexFacts.All.Where(t => t.UserCreatable).Select(t => t.Name).ToList();

    /// <summary>The pre-flight check of an index for this connection's server version (throws MilvusException).</summary>
    public static void CheckIndex(this MilvusConnection c, string collection, Schema.MilvusField field, string indexType, string? metricType, IReadOnlyDictionary<string, string> parameters) =>
        MilvusPS.Core.Indexes.IndexPreflight.Check(field, indexType, metricType, parameters, c.EffectiveVersion, collection);

    /// <summary>CreateIndex with the given build parameters (index_type, metric_type, params...).</summary>
    public static Task CreateIndexAsync(this MilvusConnection c, string? database, string collection, string field, string? indexName, IReadOnlyDictionary<string, string> parameters, CancellationToken ct)
    {
        var request = new CreateIndexRequest { DbName = database ?? c.Database, CollectionName = collection, FieldName = field, IndexName = indexName ?? string.Empty };
        request.ExtraParams.AddRange(WireHelpers.ToPairs(parameters));
        return c.CallAsync("CreateIndex", $"{collection}.{field}", (s, o) => s.CreateIndexAsync(request, o), x => x, Idempotency.Idempotent, ct);
    }

    /// <summary>Sets, then removes, index properties (mmap.enabled); Milvus takes one or the other per call.</summary>
    public static async Task AlterIndexAsync(this MilvusConnection c, string? database, string collection, string indexName,
        IReadOnlyDictionary<string, string>? set, IReadOnlyCollection<string>? remove, CancellationToken ct)
    {
        c.Capabilities.Require("AlterIndex", "AlterIndex", $"{collection}.{indexName}");
        if (remove is { Count: > 0 }) c.Capabilities.Require("DeleteIndexProperties", "AlterIndex", $"{collection}.{indexName}");
        if (set is { Count: > 0 })
        {
            var request = new AlterIndexRequest { DbName = database ?? c.Database, CollectionName = collection, IndexName = indexName };
            request.ExtraParams.AddRange(WireHelpers.ToPairs(set));
            await c.CallAsync("AlterIndex", $"{collection}.{indexName}", (s, o) => s.AlterIndexAsync(request, o), x => x, Idempotency.Idempotent, ct).ConfigureAwait(false);
        }
        if (remove is { Count: > 0 })
        {
            var request = new AlterIndexRequest { DbName = database ?? c.Database, CollectionName = collection, IndexName = indexName };
            request.DeleteKeys.AddRange(remove);
            await c.CallAsync("AlterIndex", $"{collection}.{indexName}", (s, o) => s.AlterIndexAsync(request, o), x => x, Idempotency.Idempotent, ct).ConfigureAwait(false);
        }
    }

    public static Task DropIndexAsync(this MilvusConnection c, string? database, string collection, string fieldName, string indexName, CancellationToken ct) =>
        c.CallAsync("DropIndex", $"{collection}.{indexName}", (s, o) => s.DropIndexAsync(new DropIndexRequest
        {
            DbName = database ?? c.Database, CollectionName = collection, FieldName = fieldName, IndexName = indexName,
        }, o), x => x, Idempotency.Idempotent, ct);

    /// <summary>
    /// Polls DescribeIndex until the index has built every row. Completion is judged from the row counts
    /// (indexed = total, nothing pending), because a server can report Finished while rows are pending;
    /// a Failed state ends the wait with the server's reason.
    /// </summary>
    public static async Task<MilvusIndexSummary> WaitForIndexAsync(this MilvusConnection c, string? database, string collection, string indexName,
        TimeSpan timeout, IProgress<MilvusIndexSummary>? progress, CancellationToken ct, TimeSpan? pollInterval = null)
    {
        var until = DateTime.UtcNow + timeout;
        while (true)
        {
            var index = (await c.ListIndexesAsync(database, collection, ct, indexName: indexName).ConfigureAwait(false)).Single(i => i.IndexName == indexName);
            progress?.Report(index);
            if (index.State == "Failed")
                throw new Errors.MilvusException($"Building index '{indexName}' on '{collection}' failed: {index.FailReason}", Errors.MilvusErrorKind.Internal, "IndexBuildFailed")
                {
                    Operation = "CreateIndex",
                    Target = $"{collection}.{indexName}",
                    Reason = index.FailReason,
                };
            if (index.IsComplete) return index;
            if (DateTime.UtcNow >= until) throw Errors.MilvusErrors.WaitTimedOut("CreateIndex", $"{collection}.{indexName}", timeout, "the index build");
            await Task.Delay(pollInterval ?? TimeSpan.FromMilliseconds(250), ct).ConfigureAwait(false);
        }
    }
}
