using System.Collections.Concurrent;
using MilvusPS.Emulator.Catalog;

namespace MilvusPS.Emulator.Storage;

/// <summary>
/// Where a data mutation would be journalled, so a data folder can replay inserts and deletes after the catalogue.
/// Memory only for now (<see cref="NullDataJournal"/>); the data folder implementation appends to a fsync'd log
/// like <see cref="Persistence.CatalogLog"/> and replays through <see cref="DataStore"/> on start.
/// </summary>
public interface IDataJournal
{
    void AppendInsert(long collectionId, ulong timestamp, Google.Protobuf.IMessage batch);
    void AppendDelete(long collectionId, ulong timestamp, IReadOnlyList<PrimaryKey> keys);
}

public sealed class NullDataJournal : IDataJournal
{
    public static NullDataJournal Instance { get; } = new();
    public void AppendInsert(long collectionId, ulong timestamp, Google.Protobuf.IMessage batch) { }
    public void AppendDelete(long collectionId, ulong timestamp, IReadOnlyList<PrimaryKey> keys) { }
}

/// <summary>
/// All collections' rows, keyed by collection id. Wires itself to the catalogue's data hooks: dropping a collection
/// or partition and truncating remove rows; sealed segments start index builds; a new index picks up sealed segments.
/// </summary>
public sealed class DataStore
{
    private readonly ConcurrentDictionary<long, CollectionData> _collections = new();
    private readonly MilvusCatalog _catalog;

    public DataStore(MilvusCatalog catalog, IDataJournal? journal = null)
    {
        _catalog = catalog;
        Journal = journal ?? NullDataJournal.Instance;
        catalog.DataHooks = new Hooks(this);
    }

    public IDataJournal Journal { get; }

    /// <summary>Rows after which a growing segment seals on its own (Milvus seals by size; flush seals at once).</summary>
    public int SealRowCount { get; set; } = 65536;

    internal CollectionData Of(CollectionEntry c) =>
        _collections.GetOrAdd(c.Id, id => new CollectionData(id, () => (long)_catalog.Tso.AllocOne()) { SealRowCount = SealRowCount });

    internal CollectionData? Find(long collectionId) => _collections.GetValueOrDefault(collectionId);

    /// <summary>Live rows of a collection (GetCollectionStatistics row_count).</summary>
    public long RowCount(CollectionEntry c) => Find(c.Id)?.LiveRows ?? 0;

    /// <summary>Live rows of one partition (GetPartitionStatistics row_count).</summary>
    public long RowCount(CollectionEntry c, PartitionEntry p) => Find(c.Id)?.LiveRowsIn(p.Id) ?? 0;

    /// <summary>After a write: row count for the catalogue, index builds for segments that sealed. Call without holding data locks.</summary>
    internal void AfterWrite(CollectionEntry c, IEnumerable<Segment> sealedNow)
    {
        if (Find(c.Id) is { } data) c.RowCount = data.LiveRows;
        foreach (var s in sealedNow) _catalog.TrackSegmentForIndexes(c, s.Id, s.RowCount);
    }

    private sealed class Hooks(DataStore store) : ICatalogDataHooks
    {
        public void CollectionDropped(CollectionEntry c) => store._collections.TryRemove(c.Id, out _);

        public void CollectionTruncated(CollectionEntry c)
        {
            if (store.Find(c.Id) is not { } data) return;
            foreach (var id in data.Clear()) store._catalog.ForgetSegmentForIndexes(c, id);
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
