using MilvusPS.Protocol;

namespace MilvusPS.Emulator.Catalog;

/// <summary>An ordered key/value list with Milvus's upsert semantics for properties (new keys append, known keys update in place).</summary>
public sealed class PropertyList
{
    private readonly List<KeyValuePair<string, string>> _items = [];

    public IReadOnlyList<KeyValuePair<string, string>> Items => _items;

    public string? this[string key] => _items.FirstOrDefault(p => p.Key == key) is { Key: not null } kv ? kv.Value : null;

    public bool Contains(string key) => _items.Any(p => p.Key == key);

    public void Set(string key, string value)
    {
        var i = _items.FindIndex(p => p.Key == key);
        if (i >= 0) _items[i] = new(key, value);
        else _items.Add(new(key, value));
    }

    public void Remove(string key) => _items.RemoveAll(p => p.Key == key);

    public IEnumerable<MilvusPS.Protocol.KeyValuePair> ToWire() => _items.Select(p => new MilvusPS.Protocol.KeyValuePair { Key = p.Key, Value = p.Value });

    public static PropertyList From(IEnumerable<KeyValuePair<string, string>> items)
    {
        var list = new PropertyList();
        foreach (var (k, v) in items) list.Set(k, v);
        return list;
    }
}

/// <summary>A database in the catalogue: its properties and its aliases (alias name → collection id).</summary>
public sealed class DatabaseEntry
{
    internal DatabaseEntry(long id, string name, ulong createdTimestamp)
    {
        Id = id;
        Name = name;
        CreatedTimestamp = createdTimestamp;
    }

    public long Id { get; }
    public string Name { get; }
    /// <summary>Hybrid timestamp of creation.</summary>
    public ulong CreatedTimestamp { get; }
    public PropertyList Properties { get; internal set; } = new();
    /// <summary>Alias → collection id, in creation order.</summary>
    internal Dictionary<string, long> Aliases { get; } = new(StringComparer.Ordinal);
}

/// <summary>A partition (the automatic <c>_default</c>, a user partition, or a partition-key bucket <c>_default_N</c>).</summary>
public sealed class PartitionEntry
{
    internal PartitionEntry(long id, string name, ulong createdTimestamp)
    {
        Id = id;
        Name = name;
        CreatedTimestamp = createdTimestamp;
    }

    public long Id { get; }
    public string Name { get; }
    public ulong CreatedTimestamp { get; }
}

/// <summary>
/// An index on one field, with the user parameters CreateIndex accepted (checked by <see cref="IndexValidator"/>);
/// its build progress lives in the catalogue's per-segment build state.
/// </summary>
public sealed class IndexEntry
{
    internal IndexEntry(long id, string name, long fieldId, string fieldName, PropertyList parameters, ulong createdTimestamp)
    {
        Id = id;
        Name = name;
        FieldId = fieldId;
        FieldName = fieldName;
        Parameters = parameters;
        CreatedTimestamp = createdTimestamp;
    }

    public long Id { get; }
    public string Name { get; }
    public long FieldId { get; }
    public string FieldName { get; internal set; }
    public PropertyList Parameters { get; }
    public ulong CreatedTimestamp { get; }
}

/// <summary>How a collection is loaded: not at all, as a whole (LoadCollection) or partition by partition (LoadPartitions).</summary>
public enum LoadKind
{
    None,
    Collection,
    Partitions,
}

/// <summary>One loaded partition: when its load started and how long it takes to finish.</summary>
public sealed record PartitionLoad(long StartedAtUnixMs, long DurationMs);

/// <summary>A collection: schema (with field ids), shards, properties, partitions, indexes and load state.</summary>
public sealed class CollectionEntry
{
    internal CollectionEntry(long id, string name, long dbId, string dbName, CollectionSchema schema, ulong createdTimestamp)
    {
        Id = id;
        Name = name;
        DbId = dbId;
        DbName = dbName;
        Schema = schema;
        CreatedTimestamp = createdTimestamp;
        UpdateTimestamp = createdTimestamp;
    }

    public long Id { get; }
    public string Name { get; internal set; }
    public long DbId { get; internal set; }
    public string DbName { get; internal set; }
    /// <summary>The stored schema: user fields (ids from 100) plus the hidden <c>$meta</c> field when dynamic.</summary>
    public CollectionSchema Schema { get; internal set; }
    public int ShardsNum { get; internal set; } = 1;
    public ConsistencyLevel ConsistencyLevel { get; internal set; }
    public PropertyList Properties { get; internal set; } = new();
    public ulong CreatedTimestamp { get; }
    public ulong UpdateTimestamp { get; internal set; }
    /// <summary>Partition-key buckets; 0 without a partition key.</summary>
    public long NumPartitions { get; internal set; }
    internal List<PartitionEntry> Partitions { get; } = [];
    internal List<IndexEntry> Indexes { get; } = [];
    public long RowCount { get; internal set; }

    public LoadKind LoadKind { get; internal set; }
    public int ReplicaNumber { get; internal set; }
    internal List<string> LoadFields { get; } = [];
    /// <summary>Loaded partitions by id.</summary>
    internal Dictionary<long, PartitionLoad> LoadedPartitions { get; } = [];

    public bool HasPartitionKey => Schema.Fields.Any(f => f.IsPartitionKey);

    public FieldSchema? FindField(string name) => Schema.Fields.FirstOrDefault(f => f.Name == name);
}
