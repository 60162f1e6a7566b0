using System.Buffers;
using System.Globalization;
using MilvusPS.Core.Schema;
using Parquet;
using Parquet.Schema;

namespace MilvusPS.Core.Data.Files;

/// <summary>
/// Parquet with the column types Milvus's import expects for each field type (its ConvertToArrowSchema):
/// Bool → boolean; Int8/16/32/64 → int8/16/32/64; Float → float; Double → double; VarChar and JSON → UTF-8
/// string (JSON as its text); Array → list of the element type; FloatVector → list&lt;float&gt;;
/// BinaryVector, Float16Vector and BFloat16Vector → list&lt;uint8&gt; of the raw bytes; Int8Vector →
/// list&lt;int8&gt;; SparseFloatVector → JSON string; dynamic fields → a <c>$meta</c> JSON string column.
/// One row group per page written.
/// </summary>
internal sealed class ParquetEntityWriter : EntityFileWriter
{
    private readonly ParquetWriter _writer;
    private readonly List<(MilvusField? Field, DataField Data)> _columns;
    private readonly ArrayBufferWriter<byte> _scratch = new();

    private ParquetEntityWriter(Stream stream, EntityFileColumns columns, ParquetWriter writer, List<(MilvusField?, DataField)> parquetColumns)
        : base(stream, columns)
    {
        _writer = writer;
        _columns = parquetColumns;
    }

    public static async Task<ParquetEntityWriter> CreateAsync(Stream stream, EntityFileColumns columns, CancellationToken ct)
    {
        var fields = new List<Field>();
        var data = new List<(MilvusField?, DataField)>();
        foreach (var f in columns.Fields)
        {
            var (field, leaf) = ParquetField(f);
            fields.Add(field);
            data.Add((f, leaf));
        }
        if (columns.Dynamic)
        {
            var meta = new DataField<string>(EntityFileValues.MetaColumn, false);
            fields.Add(meta);
            data.Add((null, meta));
        }
        var writer = await ParquetWriter.CreateAsync(new ParquetSchema(fields), stream, new ParquetOptions(), append: false, ct).ConfigureAwait(false);
        return new ParquetEntityWriter(stream, columns, writer, data);
    }

    private static (Field Field, DataField Leaf) ParquetField(MilvusField f)
    {
        var nullable = f.Nullable || f.DefaultValue is not null;
        DataField Scalar(MilvusDataType type, string name, bool isNullable) => type switch
        {
            MilvusDataType.Bool => new DataField<bool>(name, isNullable),
            MilvusDataType.Int8 => new DataField<sbyte>(name, isNullable),
            MilvusDataType.Int16 => new DataField<short>(name, isNullable),
            MilvusDataType.Int32 => new DataField<int>(name, isNullable),
            MilvusDataType.Int64 => new DataField<long>(name, isNullable),
            MilvusDataType.Float => new DataField<float>(name, isNullable),
            MilvusDataType.Double => new DataField<double>(name, isNullable),
            MilvusDataType.VarChar or MilvusDataType.Json or MilvusDataType.SparseFloatVector => new DataField<string>(name, isNullable),
            _ => throw new NotSupportedException($"MilvusPS cannot write {type} fields to Parquet."),
        };
        ListField List(DataField item) => new(f.Name, item);
        switch (f.DataType)
        {
            case MilvusDataType.Array:
                var element = Scalar(f.ElementType ?? MilvusDataType.Int64, "element", false);
                return (List(element), element);
            case MilvusDataType.FloatVector:
                var floats = new DataField<float>("element", false);
                return (List(floats), floats);
            case MilvusDataType.BinaryVector or MilvusDataType.Float16Vector or MilvusDataType.BFloat16Vector:
                var bytes = new DataField<byte>("element", false);
                return (List(bytes), bytes);
            case MilvusDataType.Int8Vector:
                var int8 = new DataField<sbyte>("element", false);
                return (List(int8), int8);
            default:
                var scalar = Scalar(f.DataType, f.Name, nullable);
                return (scalar, scalar);
        }
    }

    public override async Task WriteAsync(IReadOnlyList<IReadOnlyDictionary<string, object?>> rows, CancellationToken ct)
    {
        if (rows.Count == 0) return;
        using var group = _writer.CreateRowGroup();
        foreach (var (field, data) in _columns)
        {
            if (field is null)
            {
                await group.WriteAsync(data, rows.Select(r => EntityFileValues.MetaText(r, Columns.Schema, _scratch)).ToList()).ConfigureAwait(false);
                continue;
            }
            var values = rows.Select(r => r.GetValueOrDefault(field.Name)).ToList();
            await WriteColumnAsync(group, field, data, values, ct).ConfigureAwait(false);
        }
        group.CompleteValidate();
        Rows += rows.Count;
    }

    private async Task WriteColumnAsync(ParquetRowGroupWriter group, MilvusField field, DataField data, List<object?> values, CancellationToken ct)
    {
        var dim = field.Dimension ?? 0;
        switch (field.DataType)
        {
            case MilvusDataType.Bool: await Flat(group, data, values, v => (bool)v, ct).ConfigureAwait(false); break;
            case MilvusDataType.Int8: await Flat(group, data, values, v => Convert.ToSByte(v, CultureInfo.InvariantCulture), ct).ConfigureAwait(false); break;
            case MilvusDataType.Int16: await Flat(group, data, values, v => Convert.ToInt16(v, CultureInfo.InvariantCulture), ct).ConfigureAwait(false); break;
            case MilvusDataType.Int32: await Flat(group, data, values, v => Convert.ToInt32(v, CultureInfo.InvariantCulture), ct).ConfigureAwait(false); break;
            case MilvusDataType.Int64: await Flat(group, data, values, v => Convert.ToInt64(v, CultureInfo.InvariantCulture), ct).ConfigureAwait(false); break;
            case MilvusDataType.Float: await Flat(group, data, values, v => Convert.ToSingle(v, CultureInfo.InvariantCulture), ct).ConfigureAwait(false); break;
            case MilvusDataType.Double: await Flat(group, data, values, v => Convert.ToDouble(v, CultureInfo.InvariantCulture), ct).ConfigureAwait(false); break;
            case MilvusDataType.VarChar:
                await group.WriteAsync(data, values.Select(v => (string?)v).ToList()).ConfigureAwait(false);
                break;
            case MilvusDataType.Json or MilvusDataType.SparseFloatVector:
                await group.WriteAsync(data, values.Select(v => v is System.Text.Json.JsonElement j ? j.GetRawText() : EntityFileValues.CsvText(field, v, _scratch)).ToList()).ConfigureAwait(false);
                break;
            case MilvusDataType.FloatVector: await List(group, data, values, v => (float[])v, ct).ConfigureAwait(false); break;
            case MilvusDataType.BinaryVector: await List(group, data, values, v => (byte[])v, ct).ConfigureAwait(false); break;
            // Milvus's Parquet form of half-precision vectors is their raw little-endian bytes.
            case MilvusDataType.Float16Vector: await List(group, data, values, v => EntityValues.ToFloat16Vector(v, dim), ct).ConfigureAwait(false); break;
            case MilvusDataType.BFloat16Vector: await List(group, data, values, v => EntityValues.ToBFloat16Vector(v, dim), ct).ConfigureAwait(false); break;
            case MilvusDataType.Int8Vector: await List(group, data, values, v => (sbyte[])v, ct).ConfigureAwait(false); break;
            case MilvusDataType.Array:
                switch (field.ElementType)
                {
                    case MilvusDataType.Bool: await List(group, data, values, v => Elements(v, x => (bool)x!), ct).ConfigureAwait(false); break;
                    case MilvusDataType.Int8: await List(group, data, values, v => Elements(v, x => Convert.ToSByte(x, CultureInfo.InvariantCulture)), ct).ConfigureAwait(false); break;
                    case MilvusDataType.Int16: await List(group, data, values, v => Elements(v, x => Convert.ToInt16(x, CultureInfo.InvariantCulture)), ct).ConfigureAwait(false); break;
                    case MilvusDataType.Int32: await List(group, data, values, v => Elements(v, x => Convert.ToInt32(x, CultureInfo.InvariantCulture)), ct).ConfigureAwait(false); break;
                    case MilvusDataType.Int64: await List(group, data, values, v => Elements(v, x => Convert.ToInt64(x, CultureInfo.InvariantCulture)), ct).ConfigureAwait(false); break;
                    case MilvusDataType.Float: await List(group, data, values, v => Elements(v, x => Convert.ToSingle(x, CultureInfo.InvariantCulture)), ct).ConfigureAwait(false); break;
                    case MilvusDataType.Double: await List(group, data, values, v => Elements(v, x => Convert.ToDouble(x, CultureInfo.InvariantCulture)), ct).ConfigureAwait(false); break;
                    case MilvusDataType.VarChar: await List(group, data, values, v => Elements(v, x => ((string)x!).AsMemory()), ct).ConfigureAwait(false); break;
                    default: throw new NotSupportedException($"MilvusPS cannot write arrays of {field.ElementType} to Parquet.");
                }
                break;
            default:
                throw new NotSupportedException($"MilvusPS cannot write {field.DataType} fields to Parquet.");
        }
    }

    private static T[] Elements<T>(object value, Func<object?, T> convert) =>
        ((System.Collections.IEnumerable)value).Cast<object?>().Select(convert).ToArray();

    private static Task Flat<T>(ParquetRowGroupWriter group, DataField data, List<object?> values, Func<object, T> convert, CancellationToken ct) where T : struct
    {
        if (data.IsNullable)
        {
            var nullable = values.Select(v => v is null ? (T?)null : convert(v)).ToArray();
            return group.WriteAsync<T>(data, nullable.AsMemory(), null, null, ct);
        }
        var plain = values.Select(v => convert(v ?? throw new InvalidDataException($"the non-nullable field '{data.Name}' returned a null."))).ToArray();
        return group.WriteAsync<T>(data, plain.AsMemory(), null, null, ct);
    }

    /// <summary>
    /// A list column from its rows: the elements in one buffer, with definition levels (0 null list, 1 empty
    /// list, 2 an element) and repetition levels (0 starts a row, 1 continues it), as the Dremel encoding has them.
    /// </summary>
    private static Task List<T>(ParquetRowGroupWriter group, DataField item, List<object?> values, Func<object, T[]> convert, CancellationToken ct)
        where T : struct
    {
        var elements = new List<T>();
        var definition = new List<int>(values.Count);
        var repetition = new List<int>(values.Count);
        foreach (var value in values)
        {
            if (value is null)
            {
                definition.Add(item.MaxDefinitionLevel - 2);
                repetition.Add(0);
                continue;
            }
            var array = convert(value);
            if (array.Length == 0)
            {
                definition.Add(item.MaxDefinitionLevel - 1);
                repetition.Add(0);
                continue;
            }
            for (var i = 0; i < array.Length; i++)
            {
                definition.Add(item.MaxDefinitionLevel);
                repetition.Add(i == 0 ? 0 : 1);
            }
            elements.AddRange(array);
        }
        return group.WriteAllPartsAsync<T>(item, elements.ToArray().AsMemory(), definition.ToArray().AsMemory(), repetition.ToArray().AsMemory(), ct);
    }

    private bool _closed;

    // Disposing the Parquet writer writes the footer: once, at the end.
    public override async Task CompleteAsync(CancellationToken ct)
    {
        _closed = true;
        await _writer.DisposeAsync().ConfigureAwait(false);
        await Stream.FlushAsync(ct).ConfigureAwait(false);
    }

    public override ValueTask DisposeAsync() => _closed ? ValueTask.CompletedTask : _writer.DisposeAsync();
}
