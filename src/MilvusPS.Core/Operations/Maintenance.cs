using MilvusPS.Core.Connection;
using MilvusPS.Core.Errors;
using MilvusPS.Core.Resilience;
using MilvusPS.Protocol;

namespace MilvusPS.Core.Operations;

/// <summary>What a flush did for one collection.</summary>
public sealed class MilvusFlushResult
{
    public required string Collection { get; init; }
    public required string Database { get; init; }
    /// <summary>Segments sealed by this flush.</summary>
    public IReadOnlyList<long> SealedSegments { get; init; } = [];
    /// <summary>Segments already flushed.</summary>
    public IReadOnlyList<long> FlushedSegments { get; init; } = [];
    /// <summary>The flush timestamp the server gave; GetFlushState waits for it.</summary>
    public ulong FlushTimestamp { get; init; }
    /// <summary>Whether the flush had completed when the cmdlet returned (with -Wait).</summary>
    public bool? Flushed { get; set; }
}

/// <summary>A compaction job.</summary>
public sealed class MilvusCompaction
{
    public required long CompactionId { get; init; }
    public string? Collection { get; init; }
    /// <summary>Executing or Completed.</summary>
    public string State { get; set; } = "Executing";
    public long ExecutingPlans { get; set; }
    public long CompletedPlans { get; set; }
    public long FailedPlans { get; set; }
    public long TimeoutPlans { get; set; }
    public override string ToString() => $"{CompactionId} ({State})";
}

/// <summary>Flush and compaction.</summary>
public static class Maintenance
{
    public static async Task<IReadOnlyList<MilvusFlushResult>> FlushAsync(this MilvusConnection c, string? database, IReadOnlyList<string> collections, CancellationToken ct)
    {
        var db = database ?? c.Database;
        var request = new FlushRequest { DbName = db };
        request.CollectionNames.AddRange(collections);
        var r = await c.CallAsync("Flush", string.Join(",", collections), (s, o) => s.FlushAsync(request, o), x => x.Status, Idempotency.Idempotent, ct).ConfigureAwait(false);
        return collections.Select(name => new MilvusFlushResult
        {
            Collection = name,
            Database = db,
            SealedSegments = r.CollSegIDs.TryGetValue(name, out var sealedIds) ? sealedIds.Data.ToList() : [],
            FlushedSegments = r.FlushCollSegIDs.TryGetValue(name, out var flushed) ? flushed.Data.ToList() : [],
            FlushTimestamp = r.CollFlushTs.TryGetValue(name, out var ts) ? ts : 0,
        }).ToList();
    }

    public static async Task<bool> GetFlushStateAsync(this MilvusConnection c, MilvusFlushResult flush, CancellationToken ct)
    {
        var request = new GetFlushStateRequest { DbName = flush.Database, CollectionName = flush.Collection, FlushTs = flush.FlushTimestamp };
        request.SegmentIDs.AddRange(flush.SealedSegments);
        var r = await c.CallAsync("GetFlushState", flush.Collection, (s, o) => s.GetFlushStateAsync(request, o), x => x.Status, Idempotency.Idempotent, ct).ConfigureAwait(false);
        return r.Flushed;
    }

    public static async Task WaitForFlushAsync(this MilvusConnection c, MilvusFlushResult flush, TimeSpan timeout, CancellationToken ct, TimeSpan? pollInterval = null)
    {
        var until = DateTime.UtcNow + timeout;
        while (!await c.GetFlushStateAsync(flush, ct).ConfigureAwait(false))
        {
            if (DateTime.UtcNow >= until) throw MilvusErrors.WaitTimedOut("Flush", flush.Collection, timeout, "the flush");
            await Task.Delay(pollInterval ?? TimeSpan.FromMilliseconds(250), ct).ConfigureAwait(false);
        }
        flush.Flushed = true;
    }

    /// <summary>Starts a compaction (a major one for clustering compaction).</summary>
    public static async Task<MilvusCompaction> CompactAsync(this MilvusConnection c, string? database, string collection, bool clustering, CancellationToken ct)
    {
        var described = await c.DescribeCollectionAsync(database, collection, ct).ConfigureAwait(false);
        var request = new ManualCompactionRequest { DbName = described.Database, CollectionName = described.Name, CollectionID = described.CollectionId, MajorCompaction = clustering };
        var r = await c.CallAsync("ManualCompaction", collection, (s, o) => s.ManualCompactionAsync(request, o), x => x.Status, Idempotency.Idempotent, ct).ConfigureAwait(false);
        return new MilvusCompaction { CompactionId = r.CompactionID, Collection = described.Name };
    }

    public static async Task<MilvusCompaction> GetCompactionAsync(this MilvusConnection c, long compactionId, string? collection, CancellationToken ct)
    {
        var r = await c.CallAsync("GetCompactionState", compactionId.ToString(System.Globalization.CultureInfo.InvariantCulture),
            (s, o) => s.GetCompactionStateAsync(new GetCompactionStateRequest { CompactionID = compactionId }, o), x => x.Status, Idempotency.Idempotent, ct).ConfigureAwait(false);
        return new MilvusCompaction
        {
            CompactionId = compactionId,
            Collection = collection,
            State = r.State == CompactionState.Completed ? "Completed" : r.State == CompactionState.Executing ? "Executing" : "Undefined",
            ExecutingPlans = r.ExecutingPlanNo,
            CompletedPlans = r.CompletedPlanNo,
            FailedPlans = r.FailedPlanNo,
            TimeoutPlans = r.TimeoutPlanNo,
        };
    }

    public static async Task<MilvusCompaction> WaitForCompactionAsync(this MilvusConnection c, MilvusCompaction compaction, TimeSpan timeout, CancellationToken ct, TimeSpan? pollInterval = null)
    {
        var until = DateTime.UtcNow + timeout;
        while (true)
        {
            var state = await c.GetCompactionAsync(compaction.CompactionId, compaction.Collection, ct).ConfigureAwait(false);
            if (state.State == "Completed") return state;
            if (DateTime.UtcNow >= until) throw MilvusErrors.WaitTimedOut("ManualCompaction", compaction.Collection ?? compaction.CompactionId.ToString(System.Globalization.CultureInfo.InvariantCulture), timeout, "the compaction");
            await Task.Delay(pollInterval ?? TimeSpan.FromMilliseconds(250), ct).ConfigureAwait(false);
        }
    }
}
