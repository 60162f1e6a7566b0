using MilvusPS.Emulator.Errors;
using MilvusPS.Emulator.Persistence;
using MilvusPS.Protocol;
using MilvusPS.Protocol.Facts;

namespace MilvusPS.Emulator.Catalog;

// The minimal index catalogue and load/release. Full index validation (types, metrics, parameters,
// build progress) is the next issue; here an index only needs to exist so loading can be checked.
public sealed partial class MilvusCatalog
{
    public IndexEntry CreateIndex(string db, string collection, string fieldName, string indexName, IEnumerable<KeyValuePair<string, string>> parameters)
    {
        Names.ValidateIndexName(indexName);
        var given = PropertyList.From(parameters);
        lock (_gate)
        {
            var c = Require(db, collection);
            var field = c.FindField(fieldName);
            if (field is null || field.IsDynamic)
                // unverified text (proxy createIndexTask, from memory)
                throw MilvusError.Plain($"cannot create index on non-exist field: {fieldName}");
            // Since 2.3 an unnamed index takes the field's name (datacoord CreateIndex); 2.2 used "_default_idx".
            var name = indexName.Trim().Length == 0 ? (c.Indexes.FirstOrDefault(i => i.FieldId == field.FieldID)?.Name ?? field.Name) : indexName.Trim();
            var onField = c.Indexes.FirstOrDefault(i => i.FieldId == field.FieldID);
            if (onField is not null)
            {
                if (onField.Name == name && SameParams(onField.Parameters, given)) return onField; // same request again
                // Verified text (SDK tests and user reports); datacoord answers it as a plain error.
                throw MilvusError.Plain("at most one distinct index is allowed per field");
            }
            if (c.Indexes.Any(i => i.Name == name))
                // unverified text
                throw MilvusError.Plain($"CreateIndex failed: index already exist, but parameters are inconsistent, index name: {name}");
            var index = new IndexEntry(NewId(), name, field.FieldID, field.Name, given, Tso.AllocOne());
            c.Indexes.Add(index);
            Save(c);
            return index;
        }
    }

    private static bool SameParams(PropertyList a, PropertyList b) =>
        a.Items.Count == b.Items.Count && a.Items.All(p => b[p.Key] == p.Value);

    /// <summary>Indexes filtered like DescribeIndex: by index name, else by field name, else all. None: code 700.</summary>
    public IReadOnlyList<IndexEntry> DescribeIndexes(string db, string collection, string? fieldName, string? indexName)
    {
        lock (_gate)
        {
            var c = Require(db, collection);
            IEnumerable<IndexEntry> found = c.Indexes;
            if (!string.IsNullOrEmpty(indexName)) found = found.Where(i => i.Name == indexName);
            else if (!string.IsNullOrEmpty(fieldName)) found = found.Where(i => i.FieldName == fieldName);
            var list = found.ToArray();
            if (list.Length == 0)
                // unverified text shape (merr.WrapErrIndexNotFound*, from memory)
                throw string.IsNullOrEmpty(indexName)
                    ? MilvusError.Of("IndexNotFound", ("collection", c.Name))
                    : MilvusError.Of("IndexNotFound", ("indexName", indexName));
            return list;
        }
    }

    public void DropIndex(string db, string collection, string? fieldName, string? indexName)
    {
        lock (_gate)
        {
            var c = Require(db, collection);
            if (c.LoadKind != LoadKind.None)
                // Verified text and code (65535): proxy dropIndexTask.PreExecute.
                throw MilvusError.Plain("index cannot be dropped, collection is loaded, please release it first");
            var targets = c.Indexes.Where(i => !string.IsNullOrEmpty(indexName) ? i.Name == indexName : string.IsNullOrEmpty(fieldName) || i.FieldName == fieldName).ToList();
            if (targets.Count > 1 && string.IsNullOrEmpty(indexName))
                // unverified text (operations.tsv rule)
                throw MilvusError.Plain("there are multiple indexes, please specify the index_name");
            if (targets.Count == 0) return; // datacoord: nothing to drop is a success
            foreach (var t in targets) c.Indexes.Remove(t);
            Save(c);
        }
    }

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
