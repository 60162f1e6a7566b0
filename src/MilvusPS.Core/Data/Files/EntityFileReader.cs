using System.Text;
using System.Text.Json;
using MilvusPS.Core.Schema;

namespace MilvusPS.Core.Data.Files;

/// <summary>
/// Reads the rows of an entity file a chunk at a time (never the whole file): CSV and JSON lines line by
/// line, a JSON array element by element, Parquet row group by row group. Rows come out as field name →
/// plain value for EntityBatchBuilder, which checks and converts them as it does for Add-MilvusEntity.
/// A row that cannot be read is returned with its problem; a file that cannot be read throws
/// <see cref="EntityFileException"/> naming the line or row.
/// </summary>
public abstract class EntityFileReader : IAsyncDisposable
{
    private protected EntityFileReader(string path, FileSchema schema, EntityFileReadOptions options)
    {
        Path = path;
        Schema = schema;
        Options = options;
    }

    public string Path { get; }
    public abstract EntityFileFormat Format { get; }

    /// <summary>The file's size in bytes.</summary>
    public long Length { get; private protected set; }

    /// <summary>How far into the file reading has got, in bytes (for progress).</summary>
    public abstract long Position { get; }

    /// <summary>Rows returned so far.</summary>
    public long RowsRead { get; private protected set; }

    private protected FileSchema Schema { get; }
    private protected EntityFileReadOptions Options { get; }

    /// <summary>Up to <paramref name="maxRows"/> more rows; an empty list at the end of the file.</summary>
    public abstract Task<IReadOnlyList<EntityFileRow>> ReadAsync(int maxRows, CancellationToken ct);

    public abstract ValueTask DisposeAsync();

    /// <summary>Opens a file for a collection. Throws FileNotFoundException, or EntityFileException when its header or Parquet schema does not fit the collection.</summary>
    public static async Task<EntityFileReader> OpenAsync(string path, EntityFileFormat format, MilvusCollectionSchema schema, EntityFileReadOptions? options = null, CancellationToken ct = default)
    {
        var fileSchema = new FileSchema(schema);
        options ??= new EntityFileReadOptions();
        return format switch
        {
            EntityFileFormat.Csv => new CsvEntityReader(path, fileSchema, options),
            EntityFileFormat.JsonLines => new JsonLinesEntityReader(path, fileSchema, options),
            EntityFileFormat.Json => new JsonArrayEntityReader(path, fileSchema, options),
            EntityFileFormat.Parquet => await ParquetEntityReader.OpenAsync(path, fileSchema, options, ct).ConfigureAwait(false),
            _ => throw new ArgumentOutOfRangeException(nameof(format)),
        };
    }

    private protected static FileStream OpenFile(string path) =>
        new(path, FileMode.Open, FileAccess.Read, FileShare.Read, 64 * 1024, FileOptions.SequentialScan);

    /// <summary>
    /// A header (CSV) or Parquet schema against the collection: every column is a field, $meta or (with a
    /// dynamic field) a dynamic field; every required field has a column. Checked once, so a file that
    /// cannot fit fails at once rather than row by row.
    /// </summary>
    private protected void CheckColumns(IReadOnlyList<string> columns)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var c in columns)
        {
            if (!seen.Add(c)) throw new EntityFileException(Path, $"the column '{c}' appears twice.", line: Format == EntityFileFormat.Csv ? 1 : null);
            var field = Schema.Field(c);
            if (field is null && c != EntityFileValues.MetaColumn && !Schema.Dynamic)
                throw new EntityFileException(Path, $"the column '{c}' is not a field of the collection, and the collection has no dynamic field to keep it in.", line: Format == EntityFileFormat.Csv ? 1 : null);
            if (field is { IsFunctionOutput: true })
                throw new EntityFileException(Path, $"the column '{c}' is filled by a function; leave it out of the file.", line: Format == EntityFileFormat.Csv ? 1 : null);
        }
        var missing = Schema.Required(Options.Upsert).Where(f => !seen.Contains(f.Name)).Select(f => f.Name).ToList();
        if (missing.Count > 0)
            throw new EntityFileException(Path, $"the file has no column for the required field{(missing.Count == 1 ? "" : "s")} {string.Join(", ", missing.Select(m => $"'{m}'"))}.", line: Format == EntityFileFormat.Csv ? 1 : null);
    }
}

/// <summary>
/// CSV as Milvus's import reads it: a header row of field names; scalars as text; JSON fields as JSON text;
/// vectors, arrays and sparse vectors as JSON text; <c>$meta</c> as a JSON object of dynamic fields; other
/// columns as dynamic fields (their text, as Milvus keeps them). An empty cell is null where the field is
/// nullable or has a default (Milvus's default null key is the empty string); a quoted empty cell ("") is an
/// empty string.
/// </summary>
internal sealed class CsvEntityReader : EntityFileReader
{
    private readonly FileStream _stream;
    private readonly StreamReader _text;
    private readonly CsvRecordReader _records;
    private List<string>? _header;
    private MilvusField?[] _fields = [];

    public CsvEntityReader(string path, FileSchema schema, EntityFileReadOptions options) : base(path, schema, options)
    {
        _stream = OpenFile(path);
        Length = _stream.Length;
        _text = new StreamReader(_stream, new UTF8Encoding(false, throwOnInvalidBytes: true), detectEncodingFromByteOrderMarks: true, 64 * 1024);
        _records = new CsvRecordReader(_text, path);
    }

    public override EntityFileFormat Format => EntityFileFormat.Csv;
    public override long Position => _stream.Position;

    public override Task<IReadOnlyList<EntityFileRow>> ReadAsync(int maxRows, CancellationToken ct)
    {
        var rows = new List<EntityFileRow>();
        try
        {
            if (_header is null)
            {
                var header = _records.Read() ?? throw new EntityFileException(Path, "the file is empty; a CSV file starts with a header row of field names.", 1);
                _header = header.Select(h => h.Text).ToList();
                CheckColumns(_header);
                _fields = _header.Select(Schema.Field).ToArray();
            }
            while (rows.Count < maxRows && !ct.IsCancellationRequested)
            {
                var cells = _records.Read();
                if (cells is null) break;
                rows.Add(ToRow(cells, ++RowsRead, $"line {_records.RecordLine}"));
            }
        }
        catch (DecoderFallbackException e)
        {
            throw new EntityFileException(Path, "the file is not UTF-8 text.", inner: e);
        }
        return Task.FromResult<IReadOnlyList<EntityFileRow>>(rows);
    }

    private EntityFileRow ToRow(List<(string Text, bool Quoted)> cells, long number, string location)
    {
        if (cells.Count != _header!.Count)
            return new EntityFileRow { Number = number, Location = location, Problem = $"the row has {cells.Count} cells; the header has {_header.Count}." };
        var values = new Dictionary<string, object?>(StringComparer.Ordinal);
        string? meta = null;
        for (var i = 0; i < cells.Count; i++)
        {
            var (text, quoted) = cells[i];
            var name = _header[i];
            var field = _fields[i];
            if (field is null)
            {
                if (name == EntityFileValues.MetaColumn) meta = text;
                else values[name] = text;
                continue;
            }
            try
            {
                values[name] = Cell(field, text, quoted);
            }
            catch (EntityValueException e)
            {
                return new EntityFileRow { Number = number, Location = location, Problem = e.Message, ProblemField = name };
            }
        }
        if (!string.IsNullOrEmpty(meta))
        {
            try
            {
                using var doc = JsonDocument.Parse(meta);
                if (!EntityFileValues.MergeMeta(values, doc.RootElement, Schema, out var problem))
                    return new EntityFileRow { Number = number, Location = location, Problem = problem, ProblemField = EntityFileValues.MetaColumn };
            }
            catch (JsonException)
            {
                return new EntityFileRow { Number = number, Location = location, Problem = "$meta is not a JSON object.", ProblemField = EntityFileValues.MetaColumn };
            }
        }
        return new EntityFileRow { Number = number, Location = location, Values = values };
    }

    private static object? Cell(MilvusField field, string text, bool quoted)
    {
        if (text.Length == 0 && !quoted && (field.Nullable || field.DefaultValue is not null)) return null;
        return field.DataType switch
        {
            // Go's strconv.ParseBool, which Milvus's CSV import uses, takes 1/0 and t/f too.
            MilvusDataType.Bool => text switch
            {
                "1" or "t" or "T" or "TRUE" or "true" or "True" => true,
                "0" or "f" or "F" or "FALSE" or "false" or "False" => false,
                _ => text,
            },
            MilvusDataType.VarChar or MilvusDataType.Json => text,
            _ when field.IsVector || field.DataType == MilvusDataType.Array => EntityFileValues.ParseText(text, field),
            _ => text,
        };
    }

    public override ValueTask DisposeAsync()
    {
        _text.Dispose();
        return _stream.DisposeAsync();
    }
}

/// <summary>JSON lines: one row object per line; a line that is not a JSON object is a bad row, and reading goes on.</summary>
internal sealed class JsonLinesEntityReader : EntityFileReader
{
    private readonly FileStream _stream;
    private readonly StreamReader _text;
    private long _line;

    public JsonLinesEntityReader(string path, FileSchema schema, EntityFileReadOptions options) : base(path, schema, options)
    {
        _stream = OpenFile(path);
        Length = _stream.Length;
        _text = new StreamReader(_stream, new UTF8Encoding(false, throwOnInvalidBytes: true), detectEncodingFromByteOrderMarks: true, 64 * 1024);
    }

    public override EntityFileFormat Format => EntityFileFormat.JsonLines;
    public override long Position => _stream.Position;

    public override async Task<IReadOnlyList<EntityFileRow>> ReadAsync(int maxRows, CancellationToken ct)
    {
        var rows = new List<EntityFileRow>();
        try
        {
            while (rows.Count < maxRows && await _text.ReadLineAsync(ct).ConfigureAwait(false) is { } line)
            {
                _line++;
                if (string.IsNullOrWhiteSpace(line)) continue;
                var number = ++RowsRead;
                var location = $"line {_line}";
                try
                {
                    using var doc = JsonDocument.Parse(line);
                    var values = EntityFileValues.FromJsonRow(doc.RootElement, Schema, out var problem, out var field);
                    rows.Add(problem is null
                        ? new EntityFileRow { Number = number, Location = location, Values = values }
                        : new EntityFileRow { Number = number, Location = location, Problem = problem, ProblemField = field });
                }
                catch (JsonException e)
                {
                    rows.Add(new EntityFileRow { Number = number, Location = location, Problem = $"the line is not valid JSON ({EntityFileValues.Describe(e)})." });
                }
            }
        }
        catch (DecoderFallbackException e)
        {
            throw new EntityFileException(Path, "the file is not UTF-8 text.", _line + 1, inner: e);
        }
        return rows;
    }

    public override ValueTask DisposeAsync()
    {
        _text.Dispose();
        return _stream.DisposeAsync();
    }
}
