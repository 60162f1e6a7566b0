using System.Text.Json;
using System.Text.Json.Serialization;
using Google.Protobuf;
using MilvusPS.Emulator.Catalog;
using MilvusPS.Protocol;

namespace MilvusPS.Emulator.Persistence;

/// <summary>Where the catalogue writes its mutations and reads them back on start.</summary>
public interface ICatalogJournal
{
    /// <summary>Everything recorded so far (snapshot, then log), oldest first.</summary>
    IEnumerable<CatalogRecord> ReadAll();

    /// <summary>Records one mutation durably before returning.</summary>
    void Append(CatalogRecord record);
}

/// <summary>
/// One catalogue mutation, one JSON line: a whole database or collection as it is after the change
/// ("put"), or its removal ("del"). Replay applies them in order; a snapshot is just the puts of everything.
/// </summary>
public sealed class CatalogRecord
{
    public const string DatabasePut = "db.put";
    public const string DatabaseDelete = "db.del";
    public const string CollectionPut = "coll.put";
    public const string CollectionDelete = "coll.del";

    [JsonPropertyName("op")] public string Op { get; set; } = string.Empty;
    [JsonPropertyName("name")] public string? Name { get; set; }
    [JsonPropertyName("id")] public long Id { get; set; }
    [JsonPropertyName("db")] public DatabaseDto? Database { get; set; }
    [JsonPropertyName("coll")] public CollectionDto? Collection { get; set; }

    private static readonly JsonSerializerOptions Json = new() { DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull };

    public string ToJson() => JsonSerializer.Serialize(this, Json);

    public static CatalogRecord? FromJson(string line) => JsonSerializer.Deserialize<CatalogRecord>(line, Json);

    public static CatalogRecord PutDatabase(DatabaseEntry db) => new()
    {
        Op = DatabasePut,
        Database = new DatabaseDto
        {
            Id = db.Id,
            Name = db.Name,
            Created = db.CreatedTimestamp,
            Properties = db.Properties.Items.Select(p => new[] { p.Key, p.Value }).ToList(),
            Aliases = db.Aliases.Select(a => new AliasDto { Name = a.Key, CollectionId = a.Value }).ToList(),
        },
    };

    public static CatalogRecord DeleteDatabase(string name) => new() { Op = DatabaseDelete, Name = name };

    public static CatalogRecord PutCollection(CollectionEntry c) => new()
    {
        Op = CollectionPut,
        Collection = new CollectionDto
        {
            Id = c.Id,
            Name = c.Name,
            DbId = c.DbId,
            DbName = c.DbName,
            Schema = Convert.ToBase64String(c.Schema.ToByteArray()),
            ShardsNum = c.ShardsNum,
            Consistency = (int)c.ConsistencyLevel,
            Properties = c.Properties.Items.Select(p => new[] { p.Key, p.Value }).ToList(),
            Created = c.CreatedTimestamp,
            Updated = c.UpdateTimestamp,
            NumPartitions = c.NumPartitions,
            RowCount = c.RowCount,
            Partitions = c.Partitions.Select(p => new PartitionDto { Id = p.Id, Name = p.Name, Created = p.CreatedTimestamp }).ToList(),
            Indexes = c.Indexes.Select(i => new IndexDto
            {
                Id = i.Id, Name = i.Name, FieldId = i.FieldId, FieldName = i.FieldName, Created = i.CreatedTimestamp,
                Params = i.Parameters.Items.Select(p => new[] { p.Key, p.Value }).ToList(),
            }).ToList(),
            LoadKind = c.LoadKind.ToString(),
            Replicas = c.ReplicaNumber,
            LoadFields = [.. c.LoadFields],
            Loaded = c.LoadedPartitions.Select(l => new LoadDto { PartitionId = l.Key, Started = l.Value.StartedAtUnixMs, Duration = l.Value.DurationMs }).ToList(),
        },
    };

    public static CatalogRecord DeleteCollection(long id) => new() { Op = CollectionDelete, Id = id };

    private static IEnumerable<KeyValuePair<string, string>> Pairs(List<string[]>? list) =>
        (list ?? []).Where(p => p.Length == 2).Select(p => new KeyValuePair<string, string>(p[0], p[1]));

    internal DatabaseEntry ToDatabase()
    {
        var d = Database ?? throw new InvalidDataException("db.put without a database");
        var db = new DatabaseEntry(d.Id, d.Name, d.Created) { Properties = PropertyList.From(Pairs(d.Properties)) };
        foreach (var a in d.Aliases ?? []) db.Aliases[a.Name] = a.CollectionId;
        return db;
    }

    internal CollectionEntry ToCollection()
    {
        var d = Collection ?? throw new InvalidDataException("coll.put without a collection");
        var schema = CollectionSchema.Parser.ParseFrom(Convert.FromBase64String(d.Schema));
        var c = new CollectionEntry(d.Id, d.Name, d.DbId, d.DbName, schema, d.Created)
        {
            ShardsNum = d.ShardsNum,
            ConsistencyLevel = (ConsistencyLevel)d.Consistency,
            Properties = PropertyList.From(Pairs(d.Properties)),
            UpdateTimestamp = d.Updated,
            NumPartitions = d.NumPartitions,
            RowCount = d.RowCount,
            LoadKind = Enum.TryParse<LoadKind>(d.LoadKind, out var k) ? k : LoadKind.None,
            ReplicaNumber = d.Replicas,
        };
        foreach (var p in d.Partitions ?? []) c.Partitions.Add(new PartitionEntry(p.Id, p.Name, p.Created));
        foreach (var i in d.Indexes ?? []) c.Indexes.Add(new IndexEntry(i.Id, i.Name, i.FieldId, i.FieldName, PropertyList.From(Pairs(i.Params)), i.Created));
        c.LoadFields.AddRange(d.LoadFields ?? []);
        foreach (var l in d.Loaded ?? []) c.LoadedPartitions[l.PartitionId] = new PartitionLoad(l.Started, l.Duration);
        return c;
    }

    public sealed class DatabaseDto
    {
        public long Id { get; set; }
        public string Name { get; set; } = string.Empty;
        public ulong Created { get; set; }
        public List<string[]>? Properties { get; set; }
        public List<AliasDto>? Aliases { get; set; }
    }

    public sealed class AliasDto
    {
        public string Name { get; set; } = string.Empty;
        public long CollectionId { get; set; }
    }

    public sealed class CollectionDto
    {
        public long Id { get; set; }
        public string Name { get; set; } = string.Empty;
        public long DbId { get; set; }
        public string DbName { get; set; } = string.Empty;
        /// <summary>The stored schema.CollectionSchema, protobuf bytes in base64.</summary>
        public string Schema { get; set; } = string.Empty;
        public int ShardsNum { get; set; }
        public int Consistency { get; set; }
        public List<string[]>? Properties { get; set; }
        public ulong Created { get; set; }
        public ulong Updated { get; set; }
        public long NumPartitions { get; set; }
        public long RowCount { get; set; }
        public List<PartitionDto>? Partitions { get; set; }
        public List<IndexDto>? Indexes { get; set; }
        public string LoadKind { get; set; } = "None";
        public int Replicas { get; set; }
        public List<string>? LoadFields { get; set; }
        public List<LoadDto>? Loaded { get; set; }
    }

    public sealed class PartitionDto
    {
        public long Id { get; set; }
        public string Name { get; set; } = string.Empty;
        public ulong Created { get; set; }
    }

    public sealed class IndexDto
    {
        public long Id { get; set; }
        public string Name { get; set; } = string.Empty;
        public long FieldId { get; set; }
        public string FieldName { get; set; } = string.Empty;
        public ulong Created { get; set; }
        public List<string[]>? Params { get; set; }
    }

    public sealed class LoadDto
    {
        public long PartitionId { get; set; }
        public long Started { get; set; }
        public long Duration { get; set; }
    }
}
