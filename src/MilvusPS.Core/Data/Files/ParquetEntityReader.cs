using System.Text.Json;
using MilvusPS.Core.Schema;
using Parquet;
using Parquet.Data;
using Parquet.Schema;

namespace MilvusPS.Core.Data.Files;

/// <summary>
/// Parquet as Milvus's import reads it, row group by row group: one column per field (integers, floats,
/// booleans, UTF-8 strings; lists for vectors and arrays; JSON and sparse vectors as JSON text), a
/// <c>$meta</c> string column of dynamic fields. Float16/BFloat16 vectors may be lists of their raw bytes
/// (Milvus's form) or of numbers. Only one row group is in memory at a time.
/// </summary>
internal sealed class ParquetEntityReader : EntityFileReader
{
    private sealed record Column(string Name, DataField Data, MilvusField? Field, bool IsList, int EmptyListLevel, bool ElementNullable);

    private readonly FileStream _stream;
    private readonly ParquetReader _reader;
    private readonly List<Column> _columns;
    private int _group;
    private List<EntityFileRow> _pending = [];
    private int _next;

    private ParquetEntityReader(string path, FileSchema schema, EntityFileReadOptions options, FileStream stream, ParquetReader reader, List<Column> columns)
        : base(path, schema, options)
    {
        _stream = stream;
        _reader = reader;
        _columns = columns;
        Length = stream.Length;
    }

    public override EntityFileFormat Format => EntityFileFormat.Parquet;

    /// <summary>Progress by row groups read (a row group is read whole).</summary>
    public override long Position => _reader.RowGroupCount == 0 ? Length : Length * _group / _reader.RowGroupCount;

    public static async Task<ParquetEntityReader> OpenAsync(string path, FileSchema schema, EntityFileReadOptions options, CancellationToken ct)
    {
        var stream = OpenFile(path);
        ParquetReader reader;
        try
        {
            reader = await ParquetReader.CreateAsync(stream, new ParquetOptions { TreatByteArrayAsString = false }, leaveStreamOpen: true, ct).ConfigureAwait(false);
        }
        catch (Exception e) when (e is IOException or InvalidDataException or NotSupportedException or ArgumentException)
        {
            await stream.DisposeAsync().ConfigureAwait(false);
            throw new EntityFileException(path, $"the file is not a Parquet file ({e.Message}).", inner: e);
        }
        try
        {
            var columns = new List<Column>();
            foreach (var f in reader.Schema.Fields)
            {
                var milvus = schema.Field(f.Name);
                switch (f)
                {
                    case DataField d when d.MaxRepetitionLevel == 0:
                        columns.Add(new Column(f.Name, d, milvus, false, 0, false));
                        break;
                    case ListField { Item: DataField item } list when item.MaxRepetitionLevel == 1:
                        // Definition levels: below EmptyListLevel the list is null, at it the list is empty.
                        var empty = item.MaxDefinitionLevel - (item.IsNullable ? 1 : 0) - 1;
                        columns.Add(new Column(f.Name, item, milvus, true, empty, item.IsNullable));
                        break;
                    default:
                        throw new EntityFileException(path, $"the column '{f.Name}' is a {f.SchemaType} that MilvusPS cannot read; use flat columns, lists of numbers or strings, and JSON text.");
                }
            }
            var result = new ParquetEntityReader(path, schema, options, stream, reader, columns);
            result.CheckColumns(columns.Select(c => c.Name).ToList());
            return result;
        }
        catch
        {
            await reader.DisposeAsync().ConfigureAwait(false);
            await stream.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    public override async Task<IReadOnlyList<EntityFileRow>> ReadAsync(int maxRows, CancellationToken ct)
    {
        while (_next >= _pending.Count)
        {
            if (_group >= _reader.RowGroupCount) return [];
            _pending = await ReadGroupAsync(_group, ct).ConfigureAwait(false);
            _next = 0;
            _group++;
        }
        var take = Math.Min(maxRows, _pending.Count - _next);
        var rows = _pending.GetRange(_next, take);
        _next += take;
        if (_next >= _pending.Count) _pending = [];
        return rows;
    }

    private async Task<List<EntityFileRow>> ReadGroupAsync(int index, CancellationToken ct)
    {
        using var group = _reader.OpenRowGroupReader(index);
        var count = checked((int)group.RowCount);
        var values = new object?[_columns.Count][];
        for (var c = 0; c < _columns.Count; c++)
        {
            ct.ThrowIfCancellationRequested();
            try
            {
                using var raw = await group.ReadRawColumnDataBaseAsync(_columns[c].Data, ct).ConfigureAwait(false);
                values[c] = Assemble(raw, _columns[c], count);
            }
            catch (Exception e) when (e is not (OperationCanceledException or EntityFileException))
            {
                throw new EntityFileException(Path, $"the column '{_columns[c].Name}' of row group {index + 1} cannot be read ({e.Message}).", inner: e);
            }
        }
        var rows = new List<EntityFileRow>(count);
        for (var r = 0; r < count; r++)
        {
            var number = ++RowsRead;
            var location = $"row {number}";
            var row = new Dictionary<string, object?>(StringComparer.Ordinal);
            string? problem = null, problemField = null;
            for (var c = 0; c < _columns.Count && problem is null; c++)
            {
                var column = _columns[c];
                var value = values[c][r];
                try
                {
                    if (column.Field is null)
                    {
                        if (column.Name == EntityFileValues.MetaColumn)
                        {
                            if (value is string text && text.Length > 0)
                            {
                                using var doc = JsonDocument.Parse(text);
                                if (!EntityFileValues.MergeMeta(row, doc.RootElement, Schema, out problem)) problemField = column.Name;
                            }
                        }
                        else if (value is not null)
                        {
                            row[column.Name] = value;
                        }
                        continue;
                    }
                    row[column.Name] = column.Field.DataType == MilvusDataType.SparseFloatVector && value is string s ? EntityFileValues.ParseText(s, column.Field) : value;
                }
                catch (Exception e) when (e is JsonException or EntityValueException)
                {
                    problem = e is JsonException ? $"{column.Name} is not valid JSON." : e.Message;
                    problemField = column.Name;
                }
            }
            rows.Add(problem is null
                ? new EntityFileRow { Number = number, Location = location, Values = row }
                : new EntityFileRow { Number = number, Location = location, Problem = problem, ProblemField = problemField });
        }
        return rows;
    }

    private static object?[] Assemble(RawColumnData raw, Column column, int rows) => raw switch
    {
        RawColumnData<bool> r => Assemble(r, column, rows, x => x),
        RawColumnData<sbyte> r => Assemble(r, column, rows, x => (long)x),
        RawColumnData<byte> r => Assemble(r, column, rows, x => (long)x),
        RawColumnData<short> r => Assemble(r, column, rows, x => (long)x),
        RawColumnData<ushort> r => Assemble(r, column, rows, x => (long)x),
        RawColumnData<int> r => Assemble(r, column, rows, x => (long)x),
        RawColumnData<uint> r => Assemble(r, column, rows, x => (long)x),
        RawColumnData<long> r => Assemble(r, column, rows, x => x),
        RawColumnData<float> r => Assemble(r, column, rows, x => x),
        RawColumnData<double> r => Assemble(r, column, rows, x => x),
        RawColumnData<Half> r => Assemble(r, column, rows, x => (float)x, list => Array.ConvertAll(list, x => (float)x)),
        RawColumnData<ReadOnlyMemory<char>> r => Assemble(r, column, rows, x => x.ToString(), list => Array.ConvertAll(list, x => x.ToString())),
        RawColumnData<ReadOnlyMemory<byte>> r => Assemble(r, column, rows, x => x.ToArray(), list => Array.ConvertAll(list, x => x.ToArray())),
        _ => throw new InvalidDataException($"the Parquet type {raw.GetType().GenericTypeArguments.FirstOrDefault()?.Name} is not one MilvusPS reads"),
    };

    /// <summary>
    /// One value per row from a column's packed values and its definition/repetition levels. A list becomes
    /// a typed array (float[] for a float vector, byte[] for uint8 bytes...) so vectors need no boxing; a
    /// list holding a null element becomes an object list, for the batch builder to reject with a reason.
    /// </summary>
    private static object?[] Assemble<T>(RawColumnData<T> raw, Column column, int rows, Func<T, object> box, Func<T[], object>? list = null)
        where T : struct
    {
        var result = new object?[rows];
        var values = raw.Values;
        var maxDef = column.Data.MaxDefinitionLevel;
        if (!column.IsList)
        {
            if (maxDef == 0)
            {
                for (var i = 0; i < rows; i++) result[i] = box(values[i]);
                return result;
            }
            var defs = raw.DefinitionLevels;
            var v = 0;
            for (var i = 0; i < rows; i++) result[i] = defs[i] == maxDef ? box(values[v++]) : null;
            return result;
        }
        var definition = raw.DefinitionLevels;
        var repetition = raw.RepetitionLevels;
        var row = -1;
        var next = 0;
        var items = new List<T>();
        var nullAt = new List<int>();
        var isNull = false;
        void Close()
        {
            if (row < 0 || row >= rows) return;
            if (isNull) return;
            if (nullAt.Count == 0)
            {
                var array = items.ToArray();
                result[row] = list is null ? array : list(array);
                return;
            }
            var withNulls = items.Select(x => (object?)box(x)).ToList();
            foreach (var at in nullAt) withNulls.Insert(at, null);
            result[row] = withNulls;
        }
        for (var i = 0; i < definition.Length; i++)
        {
            if (repetition[i] == 0)
            {
                Close();
                row++;
                items.Clear();
                nullAt.Clear();
                isNull = definition[i] < column.EmptyListLevel;
            }
            if (definition[i] == maxDef) items.Add(values[next++]);
            else if (column.ElementNullable && definition[i] == maxDef - 1) nullAt.Add(items.Count + nullAt.Count);
        }
        Close();
        return result;
    }

    public override async ValueTask DisposeAsync()
    {
        await _reader.DisposeAsync().ConfigureAwait(false);
        await _stream.DisposeAsync().ConfigureAwait(false);
    }
}
