using Google.Protobuf;
using MilvusPS.Core.Connection;
using MilvusPS.Core.Errors;
using MilvusPS.Core.Resilience;
using MilvusPS.Core.Schema;
using MilvusPS.Protocol;

namespace MilvusPS.Core.Operations;

/// <summary>A collection as DescribeCollection (and, with detail, load state, partitions, indexes and row count) tells it.</summary>
public sealed class MilvusCollection
{
    public required string Name { get; init; }

    /// <summary>The name again, so collections bind by property name to the -Collection (alias CollectionName) of alias and flush cmdlets.</summary>
    public string CollectionName => Name;

    public required string Database { get; init; }
    public long CollectionId { get; init; }
    public string Description => Schema.Description;
    public required MilvusCollectionSchema Schema { get; init; }
    public IReadOnlyList<MilvusField> Fields => Schema.UserFields.ToList();
    public int ShardsNum { get; init; }
    public long NumPartitions { get; init; }
    public MilvusConsistencyLevel ConsistencyLevel { get; init; }
    public IReadOnlyList<string> Aliases { get; init; } = [];
    public IReadOnlyDictionary<string, string> Properties { get; init; } = new Dictionary<string, string>();
    public DateTimeOffset? CreatedAt { get; init; }
    public IReadOnlyList<string> VirtualChannels { get; init; } = [];

    /// <summary>The primary key field's name.</summary>
    public string? PrimaryKey => Schema.PrimaryKey?.Name;

    /// <summary>The vector fields with their type and dimension, e.g. "embedding FloatVector(768)".</summary>
    public IReadOnlyList<string> VectorFields => Schema.VectorFields.Select(f => f.ToString()).ToList();

    public bool EnableDynamicField => Schema.EnableDynamicField;

    /// <summary>The load state (NotLoad, Loading, Loaded), when asked for.</summary>
    public MilvusLoadState? LoadState { get; set; }

    /// <summary>Partition names, when asked for.</summary>
    public IReadOnlyList<string>? Partitions { get; set; }

    /// <summary>Indexes, when asked for.</summary>
    public IReadOnlyList<MilvusIndexSummary>? Indexes { get; set; }

    /// <summary>Row count from collection statistics (-Detailed).</summary>
    public long? RowCount { get; set; }

    public override string ToString() => Name;
}

/// <summary>A collection name as ShowCollections lists it.</summary>
public sealed record MilvusCollectionListing(string Name, string Database, long CollectionId, DateTimeOffset? CreatedAt);

/// <summary>Collection operations.</summary>
public static class Collections
{
    public static async Task<IReadOnlyList<MilvusCollectionListing>> ListCollectionsAsync(this MilvusConnection c, string? database, CancellationToken ct)
    {
        var db = database ?? c.Database;
        var r = await c.CallAsync("ShowCollections", db, (s, o) => s.ShowCollectionsAsync(new ShowCollectionsRequest { DbName = db }, o), x => x.Status, Idempotency.Idempotent, ct).ConfigureAwait(false);
        return r.CollectionNames.Select((n, i) => new MilvusCollectionListing(n, db,
            i < r.CollectionIds.Count ? r.CollectionIds[i] : 0,
            i < r.CreatedUtcTimestamps.Count ? WireHelpers.FromUnixMilliseconds(r.CreatedUtcTimestamps[i]) : null)).ToList();
    }

    public static async Task<bool> HasCollectionAsync(this MilvusConnection c, string? database, string name, CancellationToken ct)
    {
        var db = database ?? c.Database;
        var r = await c.CallAsync("HasCollection", name, (s, o) => s.HasCollectionAsync(new HasCollectionRequest { DbName = db, CollectionName = name }, o), x => x.Status, Idempotency.Idempotent, ct).ConfigureAwait(false);
        return r.Value;
    }

    /// <summary>DescribeCollection (a name or an alias).</summary>
    public static async Task<MilvusCollection> DescribeCollectionAsync(this MilvusConnection c, string? database, string name, CancellationToken ct)
    {
        var db = database ?? c.Database;
        var r = await c.CallAsync("DescribeCollection", name, (s, o) => s.DescribeCollectionAsync(new DescribeCollectionRequest { DbName = db, CollectionName = name }, o), x => x.Status, Idempotency.Idempotent, ct).ConfigureAwait(false);
        return new MilvusCollection
        {
            Name = string.IsNullOrEmpty(r.CollectionName) ? r.Schema?.Name ?? name : r.CollectionName,
            Database = string.IsNullOrEmpty(r.DbName) ? db : r.DbName,
            CollectionId = r.CollectionID,
            Schema = r.Schema is null ? new MilvusCollectionSchema() : SchemaWire.FromWire(r.Schema),
            ShardsNum = r.ShardsNum,
            NumPartitions = r.NumPartitions,
            ConsistencyLevel = (MilvusConsistencyLevel)(int)r.ConsistencyLevel,
            Aliases = r.Aliases.ToList(),
            Properties = WireHelpers.ToDictionary(r.Properties),
            CreatedAt = WireHelpers.FromUnixMilliseconds(r.CreatedUtcTimestamp) ?? WireHelpers.FromHybridTimestamp(r.CreatedTimestamp),
            VirtualChannels = r.VirtualChannelNames.ToList(),
        };
    }

    /// <summary>DescribeCollection plus load state, partitions and indexes: what Get-MilvusCollection and every -PassThru write.</summary>
    public static async Task<MilvusCollection> DescribeCollectionWithDetailsAsync(this MilvusConnection c, string? database, string name, bool rowCount, CancellationToken ct)
    {
        var collection = await c.DescribeCollectionAsync(database, name, ct).ConfigureAwait(false);
        return await c.AddDetailsAsync(collection, rowCount, ct).ConfigureAwait(false);
    }

    /// <summary>Adds load state, partitions, indexes and (when <paramref name="rowCount"/>) the row count.</summary>
    public static async Task<MilvusCollection> AddDetailsAsync(this MilvusConnection c, MilvusCollection collection, bool rowCount, CancellationToken ct)
    {
        collection.LoadState = await c.GetLoadStateAsync(collection.Database, collection.Name, null, ct).ConfigureAwait(false);
        collection.Partitions = (await c.ListPartitionsAsync(collection.Database, collection.Name, ct).ConfigureAwait(false)).Select(p => p.Name).ToList();
        collection.Indexes = await c.ListIndexesAsync(collection.Database, collection.Name, ct).ConfigureAwait(false);
        if (rowCount) collection.RowCount = await c.GetRowCountAsync(collection.Database, collection.Name, null, ct).ConfigureAwait(false);
        return collection;
    }

    public static Task CreateCollectionAsync(this MilvusConnection c, string? database, string name, MilvusCollectionSchema schema,
        int shardsNum, MilvusConsistencyLevel consistency, IReadOnlyDictionary<string, string>? properties, long numPartitions, CancellationToken ct)
    {
        SchemaWire.RequireFeatures(schema, c.Capabilities, "CreateCollection", name);
        var request = new CreateCollectionRequest
        {
            DbName = database ?? c.Database,
            CollectionName = name,
            Schema = SchemaWire.ToWire(name, schema).ToByteString(),
            ShardsNum = shardsNum,
            ConsistencyLevel = (ConsistencyLevel)(int)consistency,
            NumPartitions = numPartitions,
        };
        request.Properties.AddRange(WireHelpers.ToPairs(properties));
        return c.CallAsync("CreateCollection", name, (s, o) => s.CreateCollectionAsync(request, o), x => x, Idempotency.Idempotent, ct);
    }

    public static Task DropCollectionAsync(this MilvusConnection c, string? database, string name, CancellationToken ct) =>
        c.CallAsync("DropCollection", name, (s, o) => s.DropCollectionAsync(new DropCollectionRequest { DbName = database ?? c.Database, CollectionName = name }, o), x => x, Idempotency.Idempotent, ct);

    public static Task RenameCollectionAsync(this MilvusConnection c, string? database, string name, string newName, string? newDatabase, CancellationToken ct) =>
        c.CallAsync("RenameCollection", name, (s, o) => s.RenameCollectionAsync(new RenameCollectionRequest
        {
            DbName = database ?? c.Database,
            OldName = name,
            NewName = newName,
            NewDBName = newDatabase ?? string.Empty,
        }, o), x => x, Idempotency.Idempotent, ct);

    /// <summary>Sets, then removes, collection properties (Milvus takes one or the other per call).</summary>
    public static async Task AlterCollectionAsync(this MilvusConnection c, string? database, string name, IReadOnlyDictionary<string, string>? set, IReadOnlyCollection<string>? remove, CancellationToken ct)
    {
        if (remove is { Count: > 0 }) c.Capabilities.Require("DeleteCollectionProperties", "AlterCollection", name);
        if (set is { Count: > 0 })
        {
            var request = new AlterCollectionRequest { DbName = database ?? c.Database, CollectionName = name };
            request.Properties.AddRange(WireHelpers.ToPairs(set));
            await c.CallAsync("AlterCollection", name, (s, o) => s.AlterCollectionAsync(request, o), x => x, Idempotency.Idempotent, ct).ConfigureAwait(false);
        }
        if (remove is { Count: > 0 })
        {
            var request = new AlterCollectionRequest { DbName = database ?? c.Database, CollectionName = name };
            request.DeleteKeys.AddRange(remove);
            await c.CallAsync("AlterCollection", name, (s, o) => s.AlterCollectionAsync(request, o), x => x, Idempotency.Idempotent, ct).ConfigureAwait(false);
        }
    }

    /// <summary>Sets, then removes, field properties (VarChar max_length, mmap.enabled; 2.4.18+).</summary>
    public static async Task AlterCollectionFieldAsync(this MilvusConnection c, string? database, string name, string field, IReadOnlyDictionary<string, string>? set, IReadOnlyCollection<string>? remove, CancellationToken ct)
    {
        c.Capabilities.Require("AlterCollectionField", "AlterCollectionField", name);
        if (remove is { Count: > 0 }) c.Capabilities.Require("DeleteFieldProperties", "AlterCollectionField", name);
        if (set is { Count: > 0 })
        {
            var request = new AlterCollectionFieldRequest { DbName = database ?? c.Database, CollectionName = name, FieldName = field };
            request.Properties.AddRange(WireHelpers.ToPairs(set));
            await c.CallAsync("AlterCollectionField", $"{name}.{field}", (s, o) => s.AlterCollectionFieldAsync(request, o), x => x, Idempotency.Idempotent, ct).ConfigureAwait(false);
        }
        if (remove is { Count: > 0 })
        {
            var request = new AlterCollectionFieldRequest { DbName = database ?? c.Database, CollectionName = name, FieldName = field };
            request.DeleteKeys.AddRange(remove);
            await c.CallAsync("AlterCollectionField", $"{name}.{field}", (s, o) => s.AlterCollectionFieldAsync(request, o), x => x, Idempotency.Idempotent, ct).ConfigureAwait(false);
        }
    }

    public static Task AddCollectionFieldAsync(this MilvusConnection c, string? database, string name, MilvusField field, CancellationToken ct)
    {
        c.Capabilities.Require("AddCollectionField", "AddCollectionField", name);
        var request = new AddCollectionFieldRequest
        {
            DbName = database ?? c.Database,
            CollectionName = name,
            Schema = SchemaWire.ToWire(field).ToByteString(),
        };
        return c.CallAsync("AddCollectionField", $"{name}.{field.Name}", (s, o) => s.AddCollectionFieldAsync(request, o), x => x, Idempotency.Idempotent, ct);
    }

    public static Task TruncateCollectionAsync(this MilvusConnection c, string? database, string name, CancellationToken ct)
    {
        c.Capabilities.Require("TruncateCollection", "TruncateCollection", name);
        return c.CallAsync("TruncateCollection", name, (s, o) => s.TruncateCollectionAsync(new TruncateCollectionRequest { DbName = database ?? c.Database, CollectionName = name }, o), x => x.Status, Idempotency.Idempotent, ct);
    }

    /// <summary>The row count from GetCollectionStatistics or GetPartitionStatistics.</summary>
    public static async Task<long> GetRowCountAsync(this MilvusConnection c, string? database, string name, string? partition, CancellationToken ct)
    {
        var db = database ?? c.Database;
        var stats = partition is null
            ? (await c.CallAsync("GetCollectionStatistics", name, (s, o) => s.GetCollectionStatisticsAsync(new GetCollectionStatisticsRequest { DbName = db, CollectionName = name }, o), x => x.Status, Idempotency.Idempotent, ct).ConfigureAwait(false)).Stats
            : (await c.CallAsync("GetPartitionStatistics", $"{name}/{partition}", (s, o) => s.GetPartitionStatisticsAsync(new GetPartitionStatisticsRequest { DbName = db, CollectionName = name, PartitionName = partition }, o), x => x.Status, Idempotency.Idempotent, ct).ConfigureAwait(false)).Stats;
        var rows = stats.FirstOrDefault(kv => kv.Key == "row_count")?.Value;
        return long.TryParse(rows, System.Globalization.NumberStyles.Integer, System.Globalization.CultureInfo.InvariantCulture, out var n) ? n : 0;
    }

    /// <summary>Names that exist, when a wildcard pattern is given; the name itself otherwise.</summary>
    public static MilvusException CollectionNotFound(string name, string database) =>
        MilvusErrors.NotFound("DescribeCollection", name, "CollectionNotFound", $"collection not found[database={database}][collection={name}]", 100);
}
