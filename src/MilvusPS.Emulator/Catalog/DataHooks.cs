namespace MilvusPS.Emulator.Catalog;

/// <summary>
/// What the catalogue tells the data store (Storage) about changes that affect rows, and what it asks of it.
/// Called under the catalogue's lock; implementations take only their own locks.
/// </summary>
public interface ICatalogDataHooks
{
    void CollectionDropped(CollectionEntry c);
    void CollectionTruncated(CollectionEntry c);
    void PartitionDropped(CollectionEntry c, PartitionEntry p);
    /// <summary>Sealed segments (id, rows) a new index must build on.</summary>
    IReadOnlyList<(long SegmentId, long Rows)> SealedSegments(CollectionEntry c);
}
