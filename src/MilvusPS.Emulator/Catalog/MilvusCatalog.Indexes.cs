using MilvusPS.Emulator.Errors;
using MilvusPS.Protocol;
using MilvusPS.Protocol.Facts;

namespace MilvusPS.Emulator.Catalog;

/// <summary>One segment's index build: how many rows, when it started, how long it takes, and why it failed (if it did).</summary>
public sealed record SegmentIndexBuild(long SegmentId, long Rows, long StartedAtUnixMs, long DurationMs, string? FailReason = null);

/// <summary>
/// The build state of one index: what it was built with and one build per sealed segment. Without segments (no data yet) an
/// index is Finished with zero rows, as datacoord reports it. The data issue adds segments through
/// <see cref="MilvusCatalog.TrackSegmentForIndexes"/>; in realistic mode each build takes time in proportion to its rows.
/// </summary>
public sealed class IndexBuildState
{
    internal IndexBuildState(IndexResolution resolution) => Resolution = resolution;

    public IndexResolution Resolution { get; }
    internal List<SegmentIndexBuild> Segments { get; } = [];
}

/// <summary>An index's progress at one moment, as DescribeIndex / GetIndexState / GetIndexBuildProgress report it.</summary>
public sealed record IndexProgress(IndexState State, long IndexedRows, long TotalRows, long PendingIndexRows, string FailReason);

// Indexes: create (validated like the proxy), describe, alter, drop, and build progress.
public sealed partial class MilvusCatalog
{
    /// <summary>Realistic mode: time before a segment's build task is picked up (state Unissued).</summary>
    public static readonly TimeSpan IndexQueueTime = TimeSpan.FromMilliseconds(200);

    private readonly Dictionary<long, IndexBuildState> _indexBuilds = [];

    public IndexEntry CreateIndex(string db, string collection, string fieldName, string indexName, IEnumerable<KeyValuePair<string, string>> parameters)
    {
        var given = parameters.ToList();
        lock (_gate)
        {
            var c = Require(db, collection);
            Names.ValidateIndexName(indexName);
            var field = c.FindField(fieldName);
            if (field is null || field.IsDynamic)
                // Verified text (2.4 proxy getIndexedField): plain error.
                throw MilvusError.Plain($"cannot create index on non-exist field: {fieldName}");
            var resolution = IndexValidator.Validate(field, given, Version);
            // Since 2.3 an unnamed index takes the field's name (datacoord CreateIndex); 2.2 used "_default_idx".
            var name = indexName.Trim().Length == 0 ? (c.Indexes.FirstOrDefault(i => i.FieldId == field.FieldID)?.Name ?? field.Name) : indexName.Trim();
            var onField = c.Indexes.FirstOrDefault(i => i.FieldId == field.FieldID);
            if (onField is not null)
            {
                if (onField.Name == name && SameParams(onField.Parameters, resolution.UserParams)) return onField; // same request again
                // Verified text (SDK tests and user reports); datacoord answers it as a plain error.
                throw MilvusError.Plain("at most one distinct index is allowed per field");
            }
            if (c.Indexes.Any(i => i.Name == name))
                // unverified text
                throw MilvusError.Plain($"CreateIndex failed: index already exist, but parameters are inconsistent, index name: {name}");
            var index = new IndexEntry(NewId(), name, field.FieldID, field.Name, resolution.UserParams, Tso.AllocOne());
            c.Indexes.Add(index);
            var build = new IndexBuildState(resolution);
            _indexBuilds[index.Id] = build;
            // Segments sealed before the index existed are built now.
            foreach (var (segmentId, rows) in DataHooks?.SealedSegments(c) ?? []) StartBuild(build, segmentId, rows);
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
                // Verified shape (2.4 proxy describeIndexTask): WrapErrIndexNotFoundForCollection without a name, datacoord's WrapErrIndexNotFound with one.
                throw string.IsNullOrEmpty(indexName)
                    ? MilvusError.Of("IndexNotFound", ("collection", c.Name))
                    : MilvusError.Of("IndexNotFound", ("indexName", indexName));
            return list;
        }
    }

    /// <summary>The index's build progress now.</summary>
    public IndexProgress GetIndexProgress(IndexEntry index)
    {
        lock (_gate)
        {
            var build = BuildOf(index);
            var now = _clock.GetUtcNow().ToUnixTimeMilliseconds();
            long total = 0, indexed = 0;
            var anyUnissued = false;
            string? failure = null;
            foreach (var s in build.Segments)
            {
                total += s.Rows;
                var elapsed = now - s.StartedAtUnixMs;
                if (s.FailReason is not null && elapsed >= s.DurationMs) { failure ??= s.FailReason; continue; }
                if (s.DurationMs <= 0 || elapsed >= s.DurationMs) { indexed += s.Rows; continue; }
                var queue = (long)Math.Min(IndexQueueTime.TotalMilliseconds, s.DurationMs / 10.0);
                if (elapsed < queue) { anyUnissued = true; continue; }
                indexed += s.Rows * (elapsed - queue) / Math.Max(1, s.DurationMs - queue);
            }
            var state = failure is not null ? IndexState.Failed
                : indexed >= total ? IndexState.Finished
                : indexed == 0 && anyUnissued ? IndexState.Unissued
                : IndexState.InProgress;
            return new IndexProgress(state, indexed, total, total - indexed, failure ?? string.Empty);
        }
    }

    /// <summary>What the index was built with (resolved type, metric, parameters).</summary>
    public IndexResolution GetIndexResolution(IndexEntry index)
    {
        lock (_gate) return BuildOf(index).Resolution;
    }

    // Indexes restored from the journal have no build record: rebuild it from the stored parameters (no segments yet).
    private IndexBuildState BuildOf(IndexEntry index)
    {
        if (_indexBuilds.TryGetValue(index.Id, out var build)) return build;
        var c = _collections.Values.First(x => x.Indexes.Contains(index));
        var field = c.Schema.Fields.First(f => f.FieldID == index.FieldId);
        IndexResolution resolution;
        try { resolution = IndexValidator.Validate(field, index.Parameters.Items.Where(p => p.Key != IndexFacts.MmapKey), Version); }
        catch (MilvusError)
        {
            var type = index.Parameters[IndexFacts.IndexTypeKey] ?? string.Empty;
            resolution = new IndexResolution(type, index.Parameters[IndexFacts.MetricTypeKey], type == IndexFacts.AutoIndex, index.Parameters, index.Parameters, IndexFacts.Find(type));
        }
        build = new IndexBuildState(resolution);
        _indexBuilds[index.Id] = build;
        return build;
    }

    /// <summary>
    /// For the data issue: a sealed segment of <paramref name="rows"/> rows starts an index build on every index of the
    /// collection. Fast mode builds at once; realistic mode takes the queue time plus 1 ms per 100 rows. A GPU index type
    /// fails to build on this CPU-only server.
    /// </summary>
    internal void TrackSegmentForIndexes(CollectionEntry c, long segmentId, long rows)
    {
        lock (_gate)
            foreach (var index in c.Indexes) StartBuild(BuildOf(index), segmentId, rows);
    }

    /// <summary>On start: a sealed segment restored from the data folder. Its builds count as done: a restart does not build again.</summary>
    internal void RestoreSegmentForIndexes(CollectionEntry c, long segmentId, long rows)
    {
        lock (_gate)
            foreach (var index in c.Indexes) StartBuild(BuildOf(index), segmentId, rows, alreadyBuilt: true);
    }

    private void StartBuild(IndexBuildState build, long segmentId, long rows, bool alreadyBuilt = false)
    {
        var now = _clock.GetUtcNow().ToUnixTimeMilliseconds();
        var duration = alreadyBuilt || LoadMode == LoadMode.Fast || rows == 0 ? 0 : (long)IndexQueueTime.TotalMilliseconds + rows / 100;
        build.Segments.RemoveAll(s => s.SegmentId == segmentId);
        var fail = build.Resolution.Fact is { NeedsGpu: true }
            // unverified text: the index node's failure for a GPU index on a CPU build.
            ? $"index type {build.Resolution.IndexType} is not supported: this server has no GPU"
            : null;
        build.Segments.Add(new SegmentIndexBuild(segmentId, rows, now, duration, fail));
    }

    /// <summary>For the data issue: a segment dropped (compaction, drop partition) no longer counts.</summary>
    internal void ForgetSegmentForIndexes(CollectionEntry c, long segmentId)
    {
        lock (_gate)
            foreach (var index in c.Indexes) BuildOf(index).Segments.RemoveAll(s => s.SegmentId == segmentId);
    }

    /// <summary>
    /// AlterIndex: sets configurable properties (mmap.enabled) or deletes keys; DescribeIndex then shows them with the params.
    /// Checks in the proxy's order (alterIndexTask.PreExecute), then datacoord's.
    /// </summary>
    public IndexEntry AlterIndex(string db, string collection, string indexName, IEnumerable<KeyValuePair<string, string>> properties, IEnumerable<string> deleteKeys)
    {
        var props = properties.ToList();
        // delete_keys arrived in 2.4.18; an older server does not know the field and ignores it.
        var keys = Version >= new MilvusVersion(2, 4, 18) ? deleteKeys.ToList() : [];
        if (props.Count > 0 && keys.Count > 0)
            // unverified text
            throw MilvusError.ParameterInvalidMsg("cannot provide both DeleteKeys and ExtraParams");
        foreach (var (key, _) in props)
            if (!IndexValidator.ConfigurableKeys.Contains(key))
                // Verified text (2.4 proxy alterIndexTask): WrapErrParameterInvalidMsg("%s is not configable index param").
                throw MilvusError.ParameterInvalidMsg($"{key} is not configable index param");
        foreach (var key in keys)
            if (!IndexValidator.ConfigurableKeys.Contains(key))
                // unverified text (mirrors the set case)
                throw MilvusError.ParameterInvalidMsg($"{key} is not configable index param");
        lock (_gate)
        {
            var c = Require(db, collection);
            if (indexName.Length == 0)
                // Verified text (2.4 proxy alterIndexTask).
                throw MilvusError.ParameterInvalidMsg("index name is empty");
            Names.ValidateIndexName(indexName);
            if (c.LoadKind != LoadKind.None)
                // Verified (2.4 proxy): merr.WrapErrCollectionLoaded(name, msg), code 104.
                throw MilvusError.Of("CollectionLoaded", ("collection", c.Name)).Wrap("can't alter index on loaded collection, please release the collection first");
            var index = c.Indexes.FirstOrDefault(i => i.Name == indexName)
                // datacoord's WrapErrIndexNotFound, re-raised by the proxy as errors.New(reason): code 65535 (verified 2.4 proxy Execute).
                ?? throw MilvusError.Plain(MilvusError.Of("IndexNotFound", ("indexName", indexName)).Reason);
            var fact = BuildOf(index).Resolution.Fact;
            foreach (var (key, value) in props)
            {
                if (key == IndexFacts.MmapKey)
                {
                    if (!bool.TryParse(value, out var on))
                        // unverified text
                        throw MilvusError.Plain($"invalid mmap.enabled value: {value}, expected: true, false");
                    if (on && fact is { SupportsMmap: false })
                        // unverified text
                        throw MilvusError.Plain($"index type {fact.Name} does not support mmap");
                }
                index.Parameters.Set(key, value);
            }
            foreach (var key in keys) index.Parameters.Remove(key);
            Save(c);
            return index;
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
            foreach (var t in targets)
            {
                c.Indexes.Remove(t);
                _indexBuilds.Remove(t.Id);
            }
            Save(c);
        }
    }

    /// <summary>
    /// The one index GetIndexState / GetIndexBuildProgress look at: datacoord takes the index name only (all indexes when empty)
    /// and refuses none (700, indexName field) or several (702).
    /// </summary>
    public IndexEntry FindSingleIndex(string db, string collection, string? indexName)
    {
        lock (_gate)
        {
            var c = Require(db, collection);
            var found = c.Indexes.Where(i => string.IsNullOrEmpty(indexName) || i.Name == indexName).ToList();
            if (found.Count == 0) throw MilvusError.Of("IndexNotFound", ("indexName", indexName ?? string.Empty));
            // unverified field shape: merr.WrapErrIndexDuplicate(indexName)
            if (found.Count > 1) throw MilvusError.Of("IndexDuplicate", ("indexName", indexName ?? string.Empty));
            return found[0];
        }
    }
}
