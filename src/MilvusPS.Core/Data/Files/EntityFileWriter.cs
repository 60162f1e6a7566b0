using System.Buffers;
using System.Text;
using System.Text.Json;
using MilvusPS.Core.Schema;

namespace MilvusPS.Core.Data.Files;

/// <summary>
/// Which fields an export writes: every field but function outputs (which Milvus fills and will not take
/// back), or the ones asked for; and whether dynamic fields go along (as extra keys, or a <c>$meta</c> column).
/// </summary>
public sealed class EntityFileColumns
{
    private EntityFileColumns(MilvusCollectionSchema schema, IReadOnlyList<MilvusField> fields, bool dynamic, IReadOnlyList<string> queryFields)
    {
        Schema = new FileSchema(schema);
        Fields = fields;
        Dynamic = dynamic;
        QueryFields = queryFields;
    }

    public IReadOnlyList<MilvusField> Fields { get; }
    public bool Dynamic { get; }

    /// <summary>The output fields to ask the query for.</summary>
    public IReadOnlyList<string> QueryFields { get; }

    internal FileSchema Schema { get; }

    /// <param name="outputFields">Null or "*" for all; else field names and dynamic field names. A primary key left out is left out of the file (so it can go into a collection that generates keys).</param>
    public static EntityFileColumns For(MilvusCollectionSchema schema, IReadOnlyList<string>? outputFields)
    {
        var all = outputFields is null || outputFields.Count == 0 || outputFields.Contains("*");
        var fields = schema.UserFields.Where(f => !f.IsFunctionOutput && (all || outputFields!.Contains(f.Name))).ToList();
        var dynamic = schema.EnableDynamicField && (all || outputFields!.Any(n => n == EntityFileValues.MetaColumn || schema.Fields.All(f => f.Name != n)));
        return new EntityFileColumns(schema, fields, dynamic, all ? ["*"] : outputFields!);
    }
}

/// <summary>
/// Writes pages of query results (FieldDataReader's values) to an entity file, in the shape Milvus's bulk
/// import takes, so an exported file can be imported by Import-MilvusEntity or by Milvus itself.
/// </summary>
public abstract class EntityFileWriter : IAsyncDisposable
{
    private protected EntityFileWriter(Stream stream, EntityFileColumns columns)
    {
        Stream = stream;
        Columns = columns;
    }

    private protected Stream Stream { get; }
    private protected EntityFileColumns Columns { get; }

    public long Rows { get; private protected set; }

    public static async Task<EntityFileWriter> CreateAsync(Stream stream, EntityFileFormat format, EntityFileColumns columns, CancellationToken ct = default) => format switch
    {
        EntityFileFormat.Csv => new CsvEntityWriter(stream, columns),
        EntityFileFormat.JsonLines => new JsonEntityWriter(stream, columns, array: false),
        EntityFileFormat.Json => new JsonEntityWriter(stream, columns, array: true),
        EntityFileFormat.Parquet => await ParquetEntityWriter.CreateAsync(stream, columns, ct).ConfigureAwait(false),
        _ => throw new ArgumentOutOfRangeException(nameof(format)),
    };

    /// <summary>Writes one page of rows (a Parquet row group).</summary>
    public abstract Task WriteAsync(IReadOnlyList<IReadOnlyDictionary<string, object?>> rows, CancellationToken ct);

    /// <summary>Ends the file (the closing bracket, the Parquet footer) and flushes it.</summary>
    public abstract Task CompleteAsync(CancellationToken ct);

    public virtual ValueTask DisposeAsync() => ValueTask.CompletedTask;
}

/// <summary>A header of field names (then <c>$meta</c> when dynamic fields go along), one RFC 4180 record per row.</summary>
internal sealed class CsvEntityWriter : EntityFileWriter
{
    private readonly StreamWriter _text;
    private readonly CsvRecordWriter _csv;
    private readonly ArrayBufferWriter<byte> _scratch = new();
    private readonly string?[] _cells;

    public CsvEntityWriter(Stream stream, EntityFileColumns columns) : base(stream, columns)
    {
        _text = new StreamWriter(stream, new UTF8Encoding(false), 64 * 1024, leaveOpen: true);
        _csv = new CsvRecordWriter(_text);
        var header = columns.Fields.Select(f => f.Name).ToList();
        if (columns.Dynamic) header.Add(EntityFileValues.MetaColumn);
        _cells = new string?[header.Count];
        _csv.Write(header);
    }

    public override async Task WriteAsync(IReadOnlyList<IReadOnlyDictionary<string, object?>> rows, CancellationToken ct)
    {
        foreach (var row in rows)
        {
            for (var i = 0; i < Columns.Fields.Count; i++)
            {
                var field = Columns.Fields[i];
                _cells[i] = EntityFileValues.CsvText(field, row.GetValueOrDefault(field.Name), _scratch);
            }
            // Milvus's CSV import parses $meta as JSON whenever the column is there: an empty object, never an empty cell.
            if (Columns.Dynamic) _cells[^1] = EntityFileValues.MetaText(row, Columns.Schema, _scratch);
            _csv.Write(_cells);
            Rows++;
        }
        await _text.FlushAsync(ct).ConfigureAwait(false);
    }

    public override async Task CompleteAsync(CancellationToken ct)
    {
        await _text.FlushAsync(ct).ConfigureAwait(false);
        await Stream.FlushAsync(ct).ConfigureAwait(false);
    }

    public override ValueTask DisposeAsync() => _text.DisposeAsync();
}

/// <summary>
/// JSON rows: fields as keys, dynamic fields as keys of their own (as Milvus's import spreads them back);
/// a JSON array with one row per line, or JSON lines.
/// </summary>
internal sealed class JsonEntityWriter : EntityFileWriter
{
    private static readonly byte[] Open = "[\n"u8.ToArray();
    private static readonly byte[] Separator = ",\n"u8.ToArray();
    private static readonly byte[] Close = "\n]\n"u8.ToArray();
    private static readonly byte[] NewLine = "\n"u8.ToArray();
    private readonly bool _array;
    private readonly ArrayBufferWriter<byte> _buffer = new(64 * 1024);
    private readonly Utf8JsonWriter _json;

    public JsonEntityWriter(Stream stream, EntityFileColumns columns, bool array) : base(stream, columns)
    {
        _array = array;
        // Unicode as it is (not \u escapes), so text stays readable; JSON stays valid either way.
        _json = new Utf8JsonWriter(_buffer, new JsonWriterOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping });
        if (array) _buffer.Write(Open);
    }

    public override async Task WriteAsync(IReadOnlyList<IReadOnlyDictionary<string, object?>> rows, CancellationToken ct)
    {
        foreach (var row in rows)
        {
            if (_array && Rows > 0) _buffer.Write(Separator);
            _json.Reset(_buffer);
            _json.WriteStartObject();
            foreach (var field in Columns.Fields)
            {
                if (!row.TryGetValue(field.Name, out var value)) continue;
                _json.WritePropertyName(field.Name);
                EntityFileValues.WriteJson(_json, field, value);
            }
            if (Columns.Dynamic)
                foreach (var (key, value) in row)
                {
                    if (Columns.Schema.Has(key)) continue;
                    _json.WritePropertyName(key);
                    EntityFileValues.WriteJson(_json, null, value);
                }
            _json.WriteEndObject();
            _json.Flush();
            if (!_array) _buffer.Write(NewLine);
            Rows++;
            if (_buffer.WrittenCount >= 1024 * 1024) await FlushAsync(ct).ConfigureAwait(false);
        }
        await FlushAsync(ct).ConfigureAwait(false);
    }

    private async Task FlushAsync(CancellationToken ct)
    {
        await Stream.WriteAsync(_buffer.WrittenMemory, ct).ConfigureAwait(false);
        _buffer.Clear();
    }

    public override async Task CompleteAsync(CancellationToken ct)
    {
        if (_array)
        {
            _buffer.Write(Rows == 0 ? "]\n"u8 : Close);
        }
        await FlushAsync(ct).ConfigureAwait(false);
        await Stream.FlushAsync(ct).ConfigureAwait(false);
    }

    public override ValueTask DisposeAsync()
    {
        _json.Dispose();
        return ValueTask.CompletedTask;
    }
}
