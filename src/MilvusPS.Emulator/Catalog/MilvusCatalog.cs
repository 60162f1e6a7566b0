using MilvusPS.Emulator.Errors;
using MilvusPS.Emulator.Persistence;
using MilvusPS.Protocol;
using MilvusPS.Protocol.Facts;

namespace MilvusPS.Emulator.Catalog;

/// <summary>How long loads take: immediately, or in proportion to rows like a real query node.</summary>
public enum LoadMode
{
    Fast,
    Realistic,
}

/// <summary>
/// The emulator's metadata: databases → collections → partitions, indexes, aliases and load state.
/// Every change goes through here (under one lock) and is journalled before the call returns.
/// Throws <see cref="MilvusError"/> with Milvus's code and text for every refused operation.
/// </summary>
public sealed partial class MilvusCatalog
{
    /// <summary>The database every server has and that requests without <c>dbname</c> use.</summary>
    public const string DefaultDatabaseName = "default";
    /// <summary>Milvus gives the default database id 1 (util.DefaultDBID).</summary>
    public const long DefaultDatabaseId = 1;
    /// <summary>rootCoord.maxDatabaseNum: user databases, the default one not counted.</summary>
    public const int MaxDatabaseNum = 64;
    /// <summary>rootCoord.maxPartitionNum (2.4+; 4096 in 2.3).</summary>
    public const int MaxPartitionNum = 1024;
    public const string DefaultPartitionName = "_default";

    private readonly object _gate = new();
    private readonly Dictionary<string, DatabaseEntry> _databases = new(StringComparer.Ordinal);
    private readonly Dictionary<long, CollectionEntry> _collections = [];
    private readonly ICatalogJournal _journal;
    private readonly TimeProvider _clock;

    public MilvusCatalog(TimestampOracle tso, ICatalogJournal? journal = null, MilvusVersion? version = null,
        LoadMode loadMode = LoadMode.Fast, TimeProvider? clock = null, TimeSpan? realisticLoadTime = null)
    {
        Tso = tso;
        _journal = journal ?? NullJournal.Instance;
        Version = version ?? MilvusVersion.Newest;
        LoadMode = loadMode;
        RealisticLoadTime = realisticLoadTime ?? TimeSpan.FromSeconds(2);
        _clock = clock ?? TimeProvider.System;

        foreach (var record in _journal.ReadAll()) Apply(record);
        if (!_databases.ContainsKey(DefaultDatabaseName))
        {
            var db = new DatabaseEntry(DefaultDatabaseId, DefaultDatabaseName, tso.AllocOne());
            _databases[db.Name] = db;
            _journal.Append(CatalogRecord.PutDatabase(db));
        }
    }

    public TimestampOracle Tso { get; }
    public MilvusVersion Version { get; }
    /// <summary>The data store's hooks (set by Storage.DataStore); null without a data store.</summary>
    public ICatalogDataHooks? DataHooks { get; set; }
    public LoadMode LoadMode { get; }
    /// <summary>In realistic mode: the base time a load takes (plus time per row once data exists).</summary>
    public TimeSpan RealisticLoadTime { get; }

    public int MaxPartitions => Version < new MilvusVersion(2, 4, 0) ? 4096 : MaxPartitionNum;

    /// <summary>Maps an empty or missing name to the default database, as Milvus does.</summary>
    public static string Normalize(string? name) => string.IsNullOrEmpty(name) ? DefaultDatabaseName : name;

    /// <summary>A snapshot of everything, for a clean-shutdown snapshot.</summary>
    public IReadOnlyList<CatalogRecord> Snapshot()
    {
        lock (_gate)
            return [.. _databases.Values.OrderBy(d => d.Id).Select(CatalogRecord.PutDatabase),
                .. _collections.Values.OrderBy(c => c.Id).Select(CatalogRecord.PutCollection)];
    }

    private void Apply(CatalogRecord record)
    {
        switch (record.Op)
        {
            case CatalogRecord.DatabasePut:
                var db = record.ToDatabase();
                _databases[db.Name] = db;
                Tso.Observe((ulong)db.Id);
                Tso.Observe(db.CreatedTimestamp);
                break;
            case CatalogRecord.DatabaseDelete:
                _databases.Remove(record.Name ?? string.Empty);
                break;
            case CatalogRecord.CollectionPut:
                var c = record.ToCollection();
                _collections[c.Id] = c;
                Tso.Observe((ulong)c.Id);
                Tso.Observe(c.UpdateTimestamp);
                foreach (var p in c.Partitions) Tso.Observe((ulong)p.Id);
                foreach (var i in c.Indexes) Tso.Observe((ulong)i.Id);
                break;
            case CatalogRecord.CollectionDelete:
                _collections.Remove(record.Id);
                break;
        }
    }

    private long NewId() => (long)Tso.AllocOne();

    private void Save(DatabaseEntry db) => _journal.Append(CatalogRecord.PutDatabase(db));

    private void Save(CollectionEntry c)
    {
        c.UpdateTimestamp = Tso.AllocOne();
        _journal.Append(CatalogRecord.PutCollection(c));
    }

    // ---- databases -------------------------------------------------------------------------

    public IReadOnlyCollection<DatabaseEntry> Databases
    {
        get { lock (_gate) return _databases.Values.OrderBy(d => d.Id).ToArray(); }
    }

    public bool TryGetDatabase(string name, out DatabaseEntry database)
    {
        lock (_gate) return _databases.TryGetValue(name, out database!);
    }

    /// <summary>The database, or the Milvus error <c>database not found[database=name]</c> (code 800).</summary>
    public DatabaseEntry GetDatabase(string name) =>
        TryGetDatabase(name, out var db) ? db : throw MilvusError.DatabaseNotFound(name);

    public DatabaseEntry CreateDatabase(string name, IEnumerable<KeyValuePair<string, string>> properties)
    {
        Names.ValidateDatabaseName(name);
        lock (_gate)
        {
            // Verified (rootcoord meta_table.go CheckIfDatabaseCreatable): plain errors.
            if (_databases.ContainsKey(name)) throw MilvusError.Plain($"database already exist: {name}");
            if (_databases.Count > MaxDatabaseNum) throw MilvusError.Of("DatabaseNumLimitExceeded", ("limit", MaxDatabaseNum));
            var db = new DatabaseEntry(NewId(), name, Tso.AllocOne()) { Properties = PropertyList.From(properties) };
            _databases[name] = db;
            Save(db);
            return db;
        }
    }

    public void DropDatabase(string name)
    {
        Names.ValidateDatabaseName(name);
        lock (_gate)
        {
            // Verified (CheckIfDatabaseDroppable, 2.4–2.6 streaming source).
            if (name == DefaultDatabaseName) throw MilvusError.Plain("can not drop default database");
            if (!_databases.ContainsKey(name)) throw MilvusError.DatabaseNotFound(name);
            if (_collections.Values.Any(c => c.DbName == name))
                throw MilvusError.Plain($"database:{name} not empty, must drop all collections before drop database");
            _databases.Remove(name);
            _journal.Append(CatalogRecord.DeleteDatabase(name));
        }
    }

    public DatabaseEntry AlterDatabase(string name, IEnumerable<KeyValuePair<string, string>> properties, IEnumerable<string> deleteKeys)
    {
        var props = properties.ToList();
        var keys = deleteKeys.ToList();
        if (props.Count > 0 && keys.Count > 0)
            // unverified text
            throw MilvusError.ParameterInvalidMsg("cannot provide both DeleteKeys and ExtraParams");
        lock (_gate)
        {
            var db = GetDatabaseLocked(name);
            foreach (var (k, v) in props) db.Properties.Set(k, v);
            foreach (var k in keys) db.Properties.Remove(k);
            Save(db);
            return db;
        }
    }

    private DatabaseEntry GetDatabaseLocked(string name) =>
        _databases.TryGetValue(name, out var db) ? db : throw MilvusError.DatabaseNotFound(name);

    // ---- lookups ---------------------------------------------------------------------------

    private CollectionEntry? FindByName(string db, string name) =>
        _collections.Values.FirstOrDefault(c => c.DbName == db && c.Name == name);

    /// <summary>By name or alias (as the proxy's meta cache resolves), or null.</summary>
    private CollectionEntry? Resolve(string db, string nameOrAlias)
    {
        if (_databases.TryGetValue(db, out var d) && d.Aliases.TryGetValue(nameOrAlias, out var id) && _collections.TryGetValue(id, out var aliased))
            return aliased;
        return FindByName(db, nameOrAlias);
    }

    private static MilvusError CollectionNotFound(string db, string name) =>
        MilvusError.Of("CollectionNotFound", ("database", db), ("collection", name));

    private CollectionEntry Require(string db, string nameOrAlias)
    {
        GetDatabaseLocked(db);
        return Resolve(db, nameOrAlias) ?? throw CollectionNotFound(db, nameOrAlias);
    }

    /// <summary>A collection by name or alias; code 800 for an unknown database, 100 for an unknown collection.</summary>
    public CollectionEntry GetCollection(string db, string nameOrAlias)
    {
        lock (_gate) return Require(db, nameOrAlias);
    }

    public CollectionEntry GetCollectionById(string db, long id)
    {
        lock (_gate)
        {
            GetDatabaseLocked(db);
            return _collections.TryGetValue(id, out var c) ? c : throw MilvusError.Of("CollectionNotFound", ("collection", id));
        }
    }

    /// <summary>A collection by id in any database, or null (the data store restoring rows on start).</summary>
    internal CollectionEntry? FindCollection(long id)
    {
        lock (_gate) return _collections.GetValueOrDefault(id);
    }

    public bool HasCollection(string db, string nameOrAlias)
    {
        lock (_gate)
        {
            GetDatabaseLocked(db);
            return Resolve(db, nameOrAlias) is not null;
        }
    }

    public IReadOnlyList<CollectionEntry> ListCollections(string db)
    {
        lock (_gate)
        {
            GetDatabaseLocked(db);
            return _collections.Values.Where(c => c.DbName == db).OrderBy(c => c.Id).ToArray();
        }
    }

    public IReadOnlyList<string> AliasesOf(CollectionEntry c)
    {
        lock (_gate)
            return _databases.TryGetValue(c.DbName, out var db)
                ? db.Aliases.Where(a => a.Value == c.Id).Select(a => a.Key).ToArray()
                : [];
    }

    public IReadOnlyList<PartitionEntry> PartitionsOf(CollectionEntry c)
    {
        lock (_gate) return c.Partitions.ToArray();
    }

    /// <summary>The partitions that are loaded (or loading), whether the collection was loaded whole or by partition.</summary>
    public IReadOnlyList<PartitionEntry> LoadedPartitionsOf(CollectionEntry c) =>
        PartitionsOf(c).Where(p => InMemoryPercentage(c, p) is not null).ToArray();

    public IReadOnlyList<IndexEntry> IndexesOf(CollectionEntry c)
    {
        lock (_gate) return c.Indexes.ToArray();
    }

    private sealed class NullJournal : ICatalogJournal
    {
        public static readonly NullJournal Instance = new();
        public IEnumerable<CatalogRecord> ReadAll() => [];
        public void Append(CatalogRecord record) { }
    }
}
