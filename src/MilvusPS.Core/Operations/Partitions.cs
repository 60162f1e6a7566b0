using MilvusPS.Core.Connection;
using MilvusPS.Core.Resilience;
using MilvusPS.Protocol;

namespace MilvusPS.Core.Operations;

/// <summary>A partition of a collection.</summary>
public sealed class MilvusPartition
{
    public required string Name { get; init; }
    public required string Collection { get; init; }
    public required string Database { get; init; }
    public long PartitionId { get; init; }
    public DateTimeOffset? CreatedAt { get; init; }
    /// <summary>Loaded, Loading or NotLoad, when asked for.</summary>
    public MilvusLoadState? LoadState { get; set; }
    /// <summary>Row count from partition statistics, when asked for.</summary>
    public long? RowCount { get; set; }
    public override string ToString() => $"{Collection}/{Name}";
}

/// <summary>Partition operations.</summary>
public static class Partitions
{
    /// <summary>The partition every collection has; it cannot be dropped.</summary>
    public const string DefaultPartition = "_default";

    public static async Task<IReadOnlyList<MilvusPartition>> ListPartitionsAsync(this MilvusConnection c, string? database, string collection, CancellationToken ct)
    {
        var db = database ?? c.Database;
        var r = await c.CallAsync("ShowPartitions", collection, (s, o) => s.ShowPartitionsAsync(new ShowPartitionsRequest { DbName = db, CollectionName = collection }, o), x => x.Status, Idempotency.Idempotent, ct).ConfigureAwait(false);
        return r.PartitionNames.Select((n, i) => new MilvusPartition
        {
            Name = n,
            Collection = collection,
            Database = db,
            PartitionId = i < r.PartitionIDs.Count ? r.PartitionIDs[i] : 0,
            CreatedAt = i < r.CreatedUtcTimestamps.Count ? WireHelpers.FromUnixMilliseconds(r.CreatedUtcTimestamps[i]) : null,
        }).ToList();
    }

    public static Task CreatePartitionAsync(this MilvusConnection c, string? database, string collection, string partition, CancellationToken ct) =>
        c.CallAsync("CreatePartition", $"{collection}/{partition}", (s, o) => s.CreatePartitionAsync(new CreatePartitionRequest { DbName = database ?? c.Database, CollectionName = collection, PartitionName = partition }, o), x => x, Idempotency.Idempotent, ct);

    public static Task DropPartitionAsync(this MilvusConnection c, string? database, string collection, string partition, CancellationToken ct) =>
        c.CallAsync("DropPartition", $"{collection}/{partition}", (s, o) => s.DropPartitionAsync(new DropPartitionRequest { DbName = database ?? c.Database, CollectionName = collection, PartitionName = partition }, o), x => x, Idempotency.Idempotent, ct);
}
