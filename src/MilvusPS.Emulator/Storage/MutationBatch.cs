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
