using MilvusPS.Core.Connection;
using MilvusPS.Core.Errors;
using MilvusPS.Core.Resilience;
using MilvusPS.Protocol;

namespace MilvusPS.Core.Operations;

/// <summary>Whether a collection (or partitions) is in query memory.</summary>
public enum MilvusLoadState
{
    NotExist = 0,
    NotLoad = 1,
    Loading = 2,
    Loaded = 3,
}

/// <summary>The load state of a collection or of some partitions, with loading progress (Get-MilvusLoadState).</summary>
public sealed record MilvusLoadStatus(string Collection, string Database, IReadOnlyList<string> Partitions, MilvusLoadState State, long Progress);

/// <summary>What to load.</summary>
public sealed record LoadRequest
{
    /// <summary>Partitions to load; the whole collection when empty.</summary>
    public IReadOnlyList<string> Partitions { get; init; } = [];
    /// <summary>In-memory replicas (0: the server's default).</summary>
    public int ReplicaNumber { get; init; }
    /// <summary>Load only these fields (2.4+ partial load).</summary>
    public IReadOnlyList<string> LoadFields { get; init; } = [];
    /// <summary>Reload segments after a bulk import into a loaded collection.</summary>
    public bool Refresh { get; init; }
}

/// <summary>Load, release and their progress.</summary>
public static class Loading
{
    public static Task LoadAsync(this MilvusConnection c, string? database, string collection, LoadRequest load, CancellationToken ct)
    {
        var db = database ?? c.Database;
        if (load.Partitions.Count == 0)
        {
            var request = new LoadCollectionRequest { DbName = db, CollectionName = collection, ReplicaNumber = load.ReplicaNumber, Refresh = load.Refresh };
            request.LoadFields.AddRange(load.LoadFields);
            return c.CallAsync("LoadCollection", collection, (s, o) => s.LoadCollectionAsync(request, o), x => x, Idempotency.Idempotent, ct);
        }
        var partitions = new LoadPartitionsRequest { DbName = db, CollectionName = collection, ReplicaNumber = load.ReplicaNumber, Refresh = load.Refresh };
        partitions.PartitionNames.AddRange(load.Partitions);
        partitions.LoadFields.AddRange(load.LoadFields);
        return c.CallAsync("LoadPartitions", $"{collection}/{string.Join(",", load.Partitions)}", (s, o) => s.LoadPartitionsAsync(partitions, o), x => x, Idempotency.Idempotent, ct);
    }

    public static Task ReleaseAsync(this MilvusConnection c, string? database, string collection, IReadOnlyList<string>? partitions, CancellationToken ct)
    {
        var db = database ?? c.Database;
        if (partitions is not { Count: > 0 })
            return c.CallAsync("ReleaseCollection", collection, (s, o) => s.ReleaseCollectionAsync(new ReleaseCollectionRequest { DbName = db, CollectionName = collection }, o), x => x, Idempotency.Idempotent, ct);
        var request = new ReleasePartitionsRequest { DbName = db, CollectionName = collection };
        request.PartitionNames.AddRange(partitions);
        return c.CallAsync("ReleasePartitions", $"{collection}/{string.Join(",", partitions)}", (s, o) => s.ReleasePartitionsAsync(request, o), x => x, Idempotency.Idempotent, ct);
    }

    public static async Task<MilvusLoadState> GetLoadStateAsync(this MilvusConnection c, string? database, string collection, IReadOnlyList<string>? partitions, CancellationToken ct)
    {
        var request = new GetLoadStateRequest { DbName = database ?? c.Database, CollectionName = collection };
        if (partitions is not null) request.PartitionNames.AddRange(partitions);
        var r = await c.CallAsync("GetLoadState", collection, (s, o) => s.GetLoadStateAsync(request, o), x => x.Status, Idempotency.Idempotent, ct).ConfigureAwait(false);
        return (MilvusLoadState)(int)r.State;
    }

    /// <summary>Loading progress in percent (and the refresh progress).</summary>
    public static async Task<(long Progress, long RefreshProgress)> GetLoadingProgressAsync(this MilvusConnection c, string? database, string collection, IReadOnlyList<string>? partitions, CancellationToken ct)
    {
        var request = new GetLoadingProgressRequest { DbName = database ?? c.Database, CollectionName = collection };
        if (partitions is not null) request.PartitionNames.AddRange(partitions);
        var r = await c.CallAsync("GetLoadingProgress", collection, (s, o) => s.GetLoadingProgressAsync(request, o), x => x.Status, Idempotency.Idempotent, ct).ConfigureAwait(false);
        return (r.Progress, r.RefreshProgress);
    }

    /// <summary>Polls GetLoadingProgress until 100% (or the refresh finishes), reporting each step; a time limit ends it with WaitTimeout.</summary>
    public static async Task WaitForLoadAsync(this MilvusConnection c, string? database, string collection, IReadOnlyList<string>? partitions, bool refresh,
        TimeSpan timeout, IProgress<long>? progress, CancellationToken ct, TimeSpan? pollInterval = null)
    {
        var until = DateTime.UtcNow + timeout;
        var delay = pollInterval ?? TimeSpan.FromMilliseconds(250);
        while (true)
        {
            var (loaded, refreshed) = await c.GetLoadingProgressAsync(database, collection, partitions, ct).ConfigureAwait(false);
            var percent = refresh ? refreshed : loaded;
            progress?.Report(percent);
            if (percent >= 100) return;
            if (DateTime.UtcNow >= until) throw MilvusErrors.WaitTimedOut("LoadCollection", collection, timeout, "loading");
            await Task.Delay(delay, ct).ConfigureAwait(false);
        }
    }
}
