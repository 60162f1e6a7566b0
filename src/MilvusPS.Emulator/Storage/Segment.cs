using MilvusPS.Protocol;

namespace MilvusPS.Emulator.Storage;

/// <summary>Growing segments take inserts; sealed ones are immutable except for delete tombstones (and are indexed).</summary>
public enum SegmentState
{
    Growing,
    Sealed,
}

/// <summary>
/// A segment: one column per field (created on first use; a field added later reads as null for older rows),
/// the primary key, insert timestamp and delete tombstone (0 = live) of every row.
/// </summary>
internal sealed class Segment
{
    public Segment(long id, long partitionId)
    {
        Id = id;
        PartitionId = partitionId;
    }

    public long Id { get; }
    public long PartitionId { get; }
    public SegmentState State { get; set; }
    public Dictionary<long, Column> Columns { get; } = [];
    public List<PrimaryKey> Keys { get; } = [];
    public List<ulong> InsertTs { get; } = [];
    public List<ulong> DeleteTs { get; } = [];
    public int RowCount => Keys.Count;
    public int LiveCount { get; set; }

    public bool IsLive(int row) => DeleteTs[row] == 0;

    /// <summary>The field's column; a field this segment has not seen yet gets nulls for the rows it already has.</summary>
    public Column ColumnFor(FieldSchema field)
    {
        if (Columns.TryGetValue(field.FieldID, out var column)) return column;
        column = Column.Create(field);
        for (var i = 0; i < RowCount; i++) column.AppendNull();
        Columns[field.FieldID] = column;
        return column;
    }

    public Column? Find(long fieldId) => Columns.GetValueOrDefault(fieldId);
}

/// <summary>Where a row lives.</summary>
internal readonly record struct RowRef(Segment Segment, int Row);
