using MilvusPS.Emulator.Persistence;
using MilvusPS.Protocol;

namespace MilvusPS.Emulator.Storage;

/// <summary>What a validated Insert/Upsert writes: row count, keys, target partition per row, and one incoming column per field.</summary>
internal sealed class MutationBatch
{
    public required int Rows { get; init; }
    public required PrimaryKey[] Keys { get; init; }
    public required long[] PartitionIds { get; init; }
    public required List<IncomingColumn> Columns { get; init; }
    /// <summary>Upsert with partial_update: fields not sent keep the stored values of existing rows.</summary>
    public bool Partial { get; init; }

    /// <summary>A logged write as a batch again (replay): the record holds every value, so nothing is defaulted or kept.</summary>
    public static MutationBatch FromRecord(RowsWritten record, CollectionSchema schema)
    {
        var columns = new List<IncomingColumn>();
        foreach (var source in record.Columns)
        {
            // Fields are never removed from a schema; a column without one is skipped rather than failing the start.
            if (schema.Fields.FirstOrDefault(f => f.FieldID == source.FieldId) is not { } field) continue;
            var index = new int[record.Keys.Length];
            for (var r = 0; r < index.Length; r++) index[r] = OutputColumn.IsValid(source, r) ? r : IncomingColumn.Null;
            columns.Add(new IncomingColumn { Field = field, Source = source, Index = index });
        }
        return new MutationBatch { Rows = record.Keys.Length, Keys = record.Keys, PartitionIds = record.PartitionIds, Columns = columns };
    }
}

/// <summary>
/// One field of a batch. Per row, <see cref="Index"/> says where the value comes from: &gt;= 0 an index into the dense
/// (valid-only) <see cref="Source"/>; <see cref="Null"/>; <see cref="UseDefault"/> the schema default; <see cref="Keep"/>
/// the stored row's value (partial update).
/// </summary>
internal sealed class IncomingColumn
{
    public const int Null = -1;
    public const int UseDefault = -2;
    public const int Keep = -3;

    public required FieldSchema Field { get; init; }
    public FieldData? Source { get; set; }
    public required int[] Index { get; init; }
    public FieldData? Default { get; init; }
}
