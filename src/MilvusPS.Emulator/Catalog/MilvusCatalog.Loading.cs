using MilvusPS.Emulator.Errors;
using MilvusPS.Emulator.Persistence;
using MilvusPS.Protocol;
using MilvusPS.Protocol.Facts;

namespace MilvusPS.Emulator.Catalog;

// Load and release. Indexes live in MilvusCatalog.Indexes.cs.
public sealed partial class MilvusCatalog
{
    // ---- load / release --------------------------------------------------------------------

    private PartitionLoad NewLoad(CollectionEntry c)
    {
        var now = _clock.GetUtcNow().ToUnixTimeMilliseconds();
        if (LoadMode == LoadMode.Fast) return new PartitionLoad(now, 0);
        // Realistic: a base time plus 1 ms per 1000 rows per partition.
        var ms = (long)RealisticLoadTime.TotalMilliseconds + c.RowCount / 1000;
        return new PartitionLoad(now, ms);
    }

    private int Progress(PartitionLoad load)
    {
        if (load.DurationMs <= 0) return 100;
        var elapsed = _clock.GetUtcNow().ToUnixTimeMilliseconds() - load.StartedAtUnixMs;
        return (int)Math.Clamp(elapsed * 100 / load.DurationMs, 0, 100);
    }

    private void CheckVectorIndexes(CollectionEntry c, IReadOnlyCollection<string> loadFields)
    {
        var unindexed = c.Schema.Fields
            .Where(f => SchemaValidator.IsVector(f.DataType))
            .Where(f => loadFields.Count == 0 || loadFields.Contains(f.Name))
            .Where(f => c.Indexes.All(i => i.FieldId != f.FieldID))
            .Select(f => f.Name)
            .ToArray();
        if (unindexed.Length == 0) return;
        // Verified text. 2.3–2.5 proxy: errors.New (code 65535); 2.6 querycoord: WrapErrParameterInvalidMsg (1100).
        var text = $"there is no vector index on field: [{string.Join(' ', unindexed)}], please create index firstly";
        throw Version >= new MilvusVersion(2, 6, 0) ? MilvusError.ParameterInvalidMsg(text) : MilvusError.Plain(text);
    }

    private static void CheckReplicas(CollectionEntry c, int replicas)
    {
        if (c.LoadKind != LoadKind.None && c.ReplicaNumber != replicas)
            // unverified text
            throw MilvusError.ParameterInvalidMsg($"can't change the replica number for loaded collection: expected={c.ReplicaNumber}, actual={replicas}");
    }

    public void LoadCollection(string db, string collection, int replicaNumber, IEnumerable<string> loadFields, bool refresh)
    {
        var fields = loadFields.ToList();
        var replicas = replicaNumber <= 0 ? 1 : replicaNumber;
        lock (_gate)
        {
            var c = Require(db, collection);
            CheckVectorIndexes(c, fields);
            if (refresh && c.LoadKind == LoadKind.None)
                // unverified text
                throw MilvusError.Of("CollectionNotLoaded", ("collection", c.Name));
            CheckReplicas(c, replicas);
            var changed = c.LoadKind != LoadKind.Collection || c.Partitions.Any(p => !c.LoadedPartitions.ContainsKey(p.Id));
            c.LoadKind = LoadKind.Collection;
            c.ReplicaNumber = replicas;
            if (fields.Count > 0) { c.LoadFields.Clear(); c.LoadFields.AddRange(fields); }
            foreach (var p in c.Partitions)
                if (!c.LoadedPartitions.ContainsKey(p.Id)) c.LoadedPartitions[p.Id] = NewLoad(c);
            if (changed) Save(c);
        }
    }

    public void LoadPartitions(string db, string collection, IReadOnlyCollection<string> partitions, int replicaNumber, IEnumerable<string> loadFields)
    {
        var replicas = replicaNumber <= 0 ? 1 : replicaNumber;
        var fields = loadFields.ToList();
        lock (_gate)
        {
            var c = Require(db, collection);
            if (partitions.Count == 0)
                // unverified text
                throw MilvusError.ParameterInvalidMsg("partition names should not be empty");
            var targets = partitions.Select(n => c.Partitions.FirstOrDefault(p => p.Name == n) ?? throw MilvusError.Of("PartitionNotFound", ("partition", n))).ToList();
            CheckVectorIndexes(c, fields);
            CheckReplicas(c, replicas);
            if (c.LoadKind == LoadKind.None) c.LoadKind = LoadKind.Partitions;
            c.ReplicaNumber = replicas;
            foreach (var p in targets)
                if (!c.LoadedPartitions.ContainsKey(p.Id)) c.LoadedPartitions[p.Id] = NewLoad(c);
            Save(c);
        }
    }

    /// <summary>Idempotent, like Milvus.</summary>
    public void ReleaseCollection(string db, string collection)
    {
        lock (_gate)
        {
            var c = Require(db, collection);
            if (c.LoadKind == LoadKind.None) return;
            c.LoadKind = LoadKind.None;
            c.ReplicaNumber = 0;
            c.LoadFields.Clear();
            c.LoadedPartitions.Clear();
            Save(c);
        }
    }

    public void ReleasePartitions(string db, string collection, IReadOnlyCollection<string> partitions)
    {
        lock (_gate)
        {
            var c = Require(db, collection);
            if (partitions.Count == 0)
                // unverified text
                throw MilvusError.ParameterInvalidMsg("partition names should not be empty");
            var targets = partitions.Select(n => c.Partitions.FirstOrDefault(p => p.Name == n) ?? throw MilvusError.Of("PartitionNotFound", ("partition", n))).ToList();
            foreach (var p in targets) c.LoadedPartitions.Remove(p.Id);
            if (c.LoadedPartitions.Count == 0) { c.LoadKind = LoadKind.None; c.ReplicaNumber = 0; }
            else if (c.LoadKind == LoadKind.Collection) c.LoadKind = LoadKind.Partitions;
            Save(c);
        }
    }

    /// <summary>NotLoad / Loading / Loaded for the collection, or for the named partitions.</summary>
    public LoadState GetLoadState(string db, string collection, IReadOnlyCollection<string> partitions)
    {
        lock (_gate)
        {
            var c = Require(db, collection);
            var loads = LoadsFor(c, partitions, out var anyMissing);
            if (anyMissing || loads.Count == 0) return LoadState.NotLoad;
            return loads.All(l => Progress(l) >= 100) ? LoadState.Loaded : LoadState.Loading;
        }
    }

    private List<PartitionLoad> LoadsFor(CollectionEntry c, IReadOnlyCollection<string> partitions, out bool anyMissing)
    {
        anyMissing = false;
        if (partitions.Count == 0) return c.LoadedPartitions.Values.ToList();
        var loads = new List<PartitionLoad>();
        foreach (var n in partitions)
        {
            var p = c.Partitions.FirstOrDefault(x => x.Name == n) ?? throw MilvusError.Of("PartitionNotFound", ("partition", n));
            if (c.LoadedPartitions.TryGetValue(p.Id, out var l)) loads.Add(l);
            else anyMissing = true;
        }
        return loads;
    }

    /// <summary>Loading progress 0..100; a collection (or partition) that is not loaded is an error, as in Milvus.</summary>
    public int GetLoadingProgress(string db, string collection, IReadOnlyCollection<string> partitions)
    {
        lock (_gate)
        {
            var c = Require(db, collection);
            if (c.LoadKind == LoadKind.None)
                // unverified field value: querycoord reports the collection id.
                throw MilvusError.Of("CollectionNotLoaded", ("collection", c.Id));
            var loads = LoadsFor(c, partitions, out var anyMissing);
            if (anyMissing)
            {
                var missing = partitions.First(n => !c.LoadedPartitions.ContainsKey(c.Partitions.First(p => p.Name == n).Id));
                throw MilvusError.Of("PartitionNotLoaded", ("partition", missing));
            }
            return loads.Count == 0 ? 0 : loads.Min(Progress);
        }
    }

    /// <summary>In-memory percentage of a collection (ShowCollections InMemory), null when not loaded.</summary>
    public int? InMemoryPercentage(CollectionEntry c)
    {
        lock (_gate) return c.LoadKind == LoadKind.None || c.LoadedPartitions.Count == 0 ? null : c.LoadedPartitions.Values.Min(Progress);
    }

    public int? InMemoryPercentage(CollectionEntry c, PartitionEntry p)
    {
        lock (_gate) return c.LoadedPartitions.TryGetValue(p.Id, out var l) ? Progress(l) : null;
    }
}
