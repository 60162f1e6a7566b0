using System.Collections.Concurrent;
using MilvusPS.Emulator.Errors;

namespace MilvusPS.Emulator.Catalog;

/// <summary>A database in the catalogue. Collections join it in a later issue.</summary>
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
    public IDictionary<string, string> Properties { get; } = new ConcurrentDictionary<string, string>(StringComparer.Ordinal);
}

/// <summary>
/// The emulator's metadata: databases (and, later, collections, partitions, indexes, aliases).
/// Every change goes through here so persistence can log it in one place.
/// </summary>
public sealed class MilvusCatalog
{
    /// <summary>The database every server has and that requests without <c>dbname</c> use.</summary>
    public const string DefaultDatabaseName = "default";
    /// <summary>Milvus gives the default database id 1 (util.DefaultDBID).</summary>
    public const long DefaultDatabaseId = 1;

    private readonly ConcurrentDictionary<string, DatabaseEntry> _databases = new(StringComparer.Ordinal);

    public MilvusCatalog(TimestampOracle tso)
    {
        Tso = tso;
        var created = tso.AllocOne();
        _databases[DefaultDatabaseName] = new DatabaseEntry(DefaultDatabaseId, DefaultDatabaseName, created);
    }

    public TimestampOracle Tso { get; }

    public IReadOnlyCollection<DatabaseEntry> Databases => _databases.Values.OrderBy(d => d.Id).ToArray();

    public bool TryGetDatabase(string name, out DatabaseEntry database) => _databases.TryGetValue(name, out database!);

    /// <summary>The database, or the Milvus error <c>database not found[database=name]</c> (code 800).</summary>
    public DatabaseEntry GetDatabase(string name) =>
        TryGetDatabase(name, out var db) ? db : throw MilvusError.DatabaseNotFound(name);

    /// <summary>Maps an empty or missing name to the default database, as Milvus does.</summary>
    public static string Normalize(string? name) => string.IsNullOrEmpty(name) ? DefaultDatabaseName : name;
}
