using System.Collections.Concurrent;
using MilvusPS.Emulator.Catalog;
using MilvusPS.Emulator.Persistence;

namespace MilvusPS.Emulator.Storage;

/// <summary>
/// All collections' rows, keyed by collection id. Wires itself to the catalogue's data hooks: dropping a collection
/// or partition and truncating remove rows; sealed segments start index builds; a new index picks up sealed segments.
/// With a journal (a data folder) every mutation is logged durably before it is acknowledged, and the rows are
/// restored on start, after the catalogue: snapshot, then log.
/// </summary>
public sealed class DataStore
{
    private readonly ConcurrentDictionary<long, CollectionData> _collections = new();
    private readonly MilvusCatalog _catalog;
    private readonly IDataJournal? _journal;

    /// <param name="catalog">The catalogue, already restored: rows of collections and partitions it no longer has are not brought back.</param>
    /// <param name="journal">Where mutations are logged, or null to keep rows in memory only.</param>
    /// <param name="sealRowCount">Rows after which a growing segment seals on its own (Milvus seals by size; flush seals at once).</param>
    public DataStore(MilvusCatalog catalog, IDataJournal? journal = null, int sealRowCount = 65536)
    {
        _catalog = catalog;
        _journal = journal;
        SealRowCount = sealRowCount;
        catalog.DataHooks = new Hooks(this);
        if (journal is null) return;
        var replayed = journal.Replay(Replay);
        FinishRestore();
        // A log left by a run that did not stop cleanly is folded into the snapshot now, so logs never pile up across runs.
        if (replayed > 0) WriteSnapshot();
    }

    /// <summary>Rows after which a growing segment seals on its own.</summary>
    public int SealRowCount { get; }

    internal CollectionData Of(CollectionEntry c) =>
        _collections.GetOrAdd(c.Id, id => new CollectionData(id, () => (long)_catalog.Tso.AllocOne()) { SealRowCount = SealRowCount });

    internal CollectionData? Find(long collectionId) => _collections.GetValueOrDefault(collectionId);

    /// <summary>Live rows of a collection (GetCollectionStatistics row_count).</summary>
    public long RowCount(CollectionEntry c) => Find(c.Id)?.LiveRows ?? 0;

    /// <summary>Live rows of one partition (GetPartitionStatistics row_count).</summary>
    public long RowCount(CollectionEntry c, PartitionEntry p) => Find(c.Id)?.LiveRowsIn(p.Id) ?? 0;

    /// <summary>Insert, or upsert with <paramref name="replace"/>: the rows are written (and durable with a journal) when this returns.</summary>
    internal void Write(CollectionEntry c, MutationBatch batch, ulong ts, bool replace) =>
        AfterWrite(c, Of(c).Write(c.Schema, batch, ts, replace, _journal));

    /// <summary>Deletes the live rows of the keys (in the given partitions, or all). Returns the rows deleted.</summary>
    internal int Delete(CollectionEntry c, IEnumerable<PrimaryKey> keys, ulong ts, IReadOnlySet<long>? partitions)
    {
        var deleted = Of(c).Delete(keys, ts, partitions, _journal);
        AfterWrite(c, []);
        return deleted;
    }

    /// <summary>Flush: seals every growing segment. Returns (newly sealed, already sealed) segments.</summary>
    internal (List<Segment> Sealed, List<Segment> AlreadySealed) Flush(CollectionEntry c)
    {
        var result = Of(c).SealAll(_journal);
        AfterWrite(c, result.Sealed);
        return result;
    }

    /// <summary>
    /// With a journal: replaces the snapshot with the live rows and empties the log (on start after a crash, and on clean
    /// shutdown). No write may be in flight.
    /// </summary>
    public void WriteSnapshot() => _journal?.WriteSnapshot(SnapshotRecords());

    private IEnumerable<DataRecord> SnapshotRecords()
    {
        yield return new TimestampWatermark(_catalog.Tso.AllocOne());
        foreach (var data in _collections.Values.OrderBy(d => d.CollectionId))
            foreach (var segment in data.Snapshot())
                yield return segment;
    }

    /// <summary>After a write: row count for the catalogue, index builds for segments that sealed. Call without holding data locks.</summary>
    private void AfterWrite(CollectionEntry c, IEnumerable<Segment> sealedNow)
    {
        if (Find(c.Id) is { } data) c.RowCount = data.LiveRows;
        foreach (var s in sealedNow) _catalog.TrackSegmentForIndexes(c, s.Id, s.RowCount);
    }

    /// <summary>
    /// Applies one record on start, without logging it again. Records of collections the catalogue no longer has are
    /// skipped. Timestamps are observed so none is issued twice; auto ids come from the same oracle, each batch's before
    /// its write timestamp, so they keep increasing too.
    /// </summary>
    private void Replay(DataRecord record)
    {
        switch (record)
        {
            case TimestampWatermark mark:
                _catalog.Tso.Observe(mark.Timestamp);
                break;
            case RowsWritten write when _catalog.FindCollection(write.CollectionId) is { } c:
                _catalog.Tso.Observe(write.Timestamp);
                Of(c).Write(c.Schema, MutationBatch.FromRecord(write, c.Schema), write.Timestamp, write.Replace, journal: null);
                break;
            case RowsDeleted delete when _catalog.FindCollection(delete.CollectionId) is { } c:
                _catalog.Tso.Observe(delete.Timestamp);
                Of(c).Delete(delete.Keys, delete.Timestamp, delete.PartitionIds?.ToHashSet(), journal: null);
                break;
            case SegmentsSealed flush when _catalog.FindCollection(flush.CollectionId) is { } c:
                Of(c).SealAll(journal: null);
                break;
            case CollectionTruncated truncate when _catalog.FindCollection(truncate.CollectionId) is { } c:
                Of(c).Clear(journal: null);
                break;
            case SegmentSnapshot segment when _catalog.FindCollection(segment.CollectionId) is { } c:
                _catalog.Tso.Observe((ulong)segment.SegmentId);
                if (segment.InsertTimestamps.Length > 0) _catalog.Tso.Observe(segment.InsertTimestamps.Max());
                Of(c).Restore(segment, c.Schema);
                break;
        }
    }

    /// <summary>
    /// After replay: rows of partitions dropped since they were written go (replay keeps them until now so later records
    /// apply exactly as they did); row counts and index builds follow the restored segments.
    /// </summary>
    private void FinishRestore()
    {
        foreach (var (id, data) in _collections)
        {
            var c = _catalog.FindCollection(id)!; // replay creates data only for collections the catalogue has
            var partitions = _catalog.PartitionsOf(c).Select(p => p.Id).ToHashSet();
            foreach (var dropped in data.SegmentInfo().Select(s => s.PartitionId).Distinct().Where(p => !partitions.Contains(p)).ToList())
                data.DropPartition(dropped);
            c.RowCount = data.LiveRows;
            foreach (var (segmentId, rows) in data.Sealed()) _catalog.RestoreSegmentForIndexes(c, segmentId, rows);
        }
    }

    private sealed class Hooks(DataStore store) : ICatalogDataHooks
    {
        // Dropped collections and partitions need no record: on start, rows the catalogue no longer has are not restored.
        public void CollectionDropped(CollectionEntry c) => store._collections.TryRemove(c.Id, out _);

        public void CollectionTruncated(CollectionEntry c)
        {
            if (store.Find(c.Id) is not { } data) return;
            foreach (var id in data.Clear(store._journal)) store._catalog.ForgetSegmentForIndexes(c, id);
        }

        public void PartitionDropped(CollectionEntry c, PartitionEntry p)
        {
            if (store.Find(c.Id) is not { } data) return;
            foreach (var id in data.DropPartition(p.Id)) store._catalog.ForgetSegmentForIndexes(c, id);
            c.RowCount = data.LiveRows;
        }

        public IReadOnlyList<(long SegmentId, long Rows)> SealedSegments(CollectionEntry c) =>
            store.Find(c.Id)?.Sealed() ?? [];
    }
}
