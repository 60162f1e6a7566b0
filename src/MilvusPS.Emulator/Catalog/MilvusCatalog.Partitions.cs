using MilvusPS.Emulator.Errors;
using MilvusPS.Emulator.Persistence;
using MilvusPS.Protocol;

namespace MilvusPS.Emulator.Catalog;

// Partitions and aliases.
public sealed partial class MilvusCatalog
{
    public PartitionEntry CreatePartition(string db, string collection, string partition)
    {
        Names.ValidatePartitionName(partition);
        lock (_gate)
        {
            var c = Require(db, collection);
            if (c.HasPartitionKey)
                // unverified text (operations.tsv: "from memory")
                throw MilvusError.Plain("disable create partition if partition key mode is used");
            // rootcoord: a partition that already exists is an idempotent success.
            if (c.Partitions.FirstOrDefault(p => p.Name == partition) is { } existing) return existing;
            if (c.Partitions.Count >= MaxPartitions)
                // unverified text (schema-limits.tsv)
                throw MilvusError.Plain($"partition number ({c.Partitions.Count}) exceeds max configuration ({MaxPartitions}), collection: {c.Name}");
            var p = new PartitionEntry(NewId(), partition, Tso.AllocOne());
            c.Partitions.Add(p);
            // A collection loaded as a whole loads its new partitions too (querycoord observes them).
            if (c.LoadKind == LoadKind.Collection) c.LoadedPartitions[p.Id] = NewLoad(c);
            Save(c);
            return p;
        }
    }

    public void DropPartition(string db, string collection, string partition)
    {
        Names.ValidatePartitionName(partition);
        // Verified: rootcoord checks the default partition before anything else (plain error).
        if (partition == DefaultPartitionName) throw MilvusError.Plain("default partition cannot be deleted");
        lock (_gate)
        {
            var c = Require(db, collection);
            if (c.HasPartitionKey)
                // unverified text
                throw MilvusError.Plain("disable drop partition if partition key mode is used");
            var p = c.Partitions.FirstOrDefault(x => x.Name == partition);
            if (p is null) return; // idempotent
            if (c.LoadedPartitions.ContainsKey(p.Id))
                // Verified text (Go client tests); proxy returns it as a plain error.
                throw MilvusError.Plain("partition cannot be dropped, partition is loaded, please release it first");
            c.Partitions.Remove(p);
            DataHooks?.PartitionDropped(c, p);
            Save(c);
        }
    }

    public bool HasPartition(string db, string collection, string partition)
    {
        lock (_gate) return Require(db, collection).Partitions.Any(p => p.Name == partition);
    }

    public PartitionEntry GetPartition(string db, string collection, string partition)
    {
        lock (_gate)
            return Require(db, collection).Partitions.FirstOrDefault(p => p.Name == partition)
                ?? throw MilvusError.Of("PartitionNotFound", ("partition", partition));
    }

    // ---- aliases ---------------------------------------------------------------------------

    public void CreateAlias(string db, string collection, string alias)
    {
        Names.ValidateAlias(alias);
        Names.ValidateCollectionName(collection);
        lock (_gate)
        {
            var database = GetDatabaseLocked(db);
            // Verified order and errors: rootcoord meta_table.go CheckIfAliasCreatable.
            if (FindByName(db, alias) is not null) throw MilvusError.Of("AliasCollectionNameConfilct", ("database", db), ("alias", alias));
            var target = FindByName(db, collection) ?? throw CollectionNotFound(db, collection);
            if (database.Aliases.TryGetValue(alias, out var boundTo))
            {
                if (boundTo == target.Id) return; // same binding: ignored
                var other = _collections.TryGetValue(boundTo, out var o) ? o.Name : boundTo.ToString(System.Globalization.CultureInfo.InvariantCulture);
                throw MilvusError.Of("AliasAlreadyExist", ("database", db), ("alias", alias)).Wrap($"{alias} is alias to another collection: {other}");
            }
            database.Aliases[alias] = target.Id;
            Save(database);
        }
    }

    public void DropAlias(string db, string alias)
    {
        Names.ValidateAlias(alias);
        lock (_gate)
        {
            var database = GetDatabaseLocked(db);
            if (!database.Aliases.Remove(alias)) throw MilvusError.Of("AliasNotFound", ("database", db), ("alias", alias));
            Save(database);
        }
    }

    public void AlterAlias(string db, string collection, string alias)
    {
        Names.ValidateAlias(alias);
        Names.ValidateCollectionName(collection);
        lock (_gate)
        {
            var database = GetDatabaseLocked(db);
            // Verified order and errors: CheckIfAliasAlterable.
            if (FindByName(db, alias) is not null) throw MilvusError.Of("AliasCollectionNameConfilct", ("database", db), ("alias", alias));
            var target = FindByName(db, collection) ?? throw MilvusError.Of("CollectionNotFound", ("collection", collection));
            if (!database.Aliases.TryGetValue(alias, out var current)) throw MilvusError.Of("AliasNotFound", ("database", db), ("alias", alias));
            if (current == target.Id) return;
            database.Aliases[alias] = target.Id;
            Save(database);
        }
    }

    /// <summary>The collection an alias points to.</summary>
    public string DescribeAlias(string db, string alias)
    {
        Names.ValidateAlias(alias);
        lock (_gate)
        {
            var database = GetDatabaseLocked(db);
            if (!database.Aliases.TryGetValue(alias, out var id)) throw MilvusError.Of("AliasNotFound", ("database", db), ("alias", alias));
            return _collections.TryGetValue(id, out var c) ? c.Name : throw MilvusError.Of("CollectionIDOfAliasNotFound", ("collectionID", id));
        }
    }

    /// <summary>All aliases in the database, or those of one collection (unknown collection: code 100 with the bare name, as rootcoord).</summary>
    public IReadOnlyList<string> ListAliases(string db, string? collection)
    {
        lock (_gate)
        {
            var database = GetDatabaseLocked(db);
            if (string.IsNullOrEmpty(collection)) return database.Aliases.Keys.ToArray();
            var c = FindByName(db, collection) ?? throw MilvusError.Of("CollectionNotFound", ("collection", collection));
            return database.Aliases.Where(a => a.Value == c.Id).Select(a => a.Key).ToArray();
        }
    }
}
