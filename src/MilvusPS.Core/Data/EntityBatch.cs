using System.Collections;
using System.Text.Json;
using Google.Protobuf;
using MilvusPS.Core.Schema;
using MilvusPS.Protocol;

namespace MilvusPS.Core.Data;

/// <summary>Why one row cannot be sent: its position in the input, the field, and what is wrong.</summary>
public sealed record RowProblem(long Row, string? Field, string Message)
{
    /// <summary>Where the row came from, when it came from a file ("data.csv line 12"); it then names the row in messages.</summary>
    public string? Location { get; init; }

    public override string ToString()
    {
        var where = Location ?? $"Row {Row}";
        return Field is null ? $"{where}: {Message}" : $"{where}, field '{Field}': {Message}";
    }
}

/// <summary>
/// Turns rows (field name → value) into Milvus's columnar FieldData for Insert or Upsert, checking each row
/// against the schema first: missing required fields, unknown fields (kept in the dynamic field when the
/// collection has one), nulls in non-nullable fields, types, VarChar lengths, vector dimensions. A bad row
/// is reported and left out; the good rows stay.
/// </summary>
public sealed class EntityBatchBuilder
{
    private readonly MilvusCollectionSchema _schema;
    private readonly bool _upsert;
    private readonly bool _partial;
    private List<MilvusField> _columns;
    private readonly Dictionary<string, List<object?>> _values = new(StringComparer.Ordinal);
    private readonly List<byte[]> _dynamic = [];

    /// <param name="schema">The collection's schema (from DescribeCollection).</param>
    /// <param name="upsert">Upsert needs the primary key even when the server generates ids.</param>
    /// <param name="partial">Partial upsert: the first row decides which fields the batch carries; every row gives the same ones.</param>
    public EntityBatchBuilder(MilvusCollectionSchema schema, bool upsert = false, bool partial = false)
    {
        _schema = schema;
        _upsert = upsert || partial;
        _partial = partial;
        // Columns the client sends: every user field but function outputs, and an auto-id key only for upsert.
        _columns = schema.UserFields.Where(f => !f.IsFunctionOutput && (!f.AutoId || upsert)).ToList();
        foreach (var f in _columns) _values[f.Name] = [];
    }

    /// <summary>Rows accepted so far.</summary>
    public int Count { get; private set; }

    /// <summary>An estimate of the encoded size so far, for batching under the server's message limit.</summary>
    public long EstimatedBytes { get; private set; }

    /// <summary>
    /// Whether a row can join this batch: always, except for a partial update, whose batch is columnar and so
    /// carries one set of fields; a row giving other fields starts a new batch.
    /// </summary>
    public bool FitsFieldSet(IReadOnlyDictionary<string, object?> row) =>
        !_partial || Count == 0 || PartialFields(row).Select(f => f.Name).SequenceEqual(_columns.Select(f => f.Name));

    private List<MilvusField> PartialFields(IReadOnlyDictionary<string, object?> row) =>
        _schema.UserFields.Where(f => !f.IsFunctionOutput && (f.IsPrimaryKey || row.ContainsKey(f.Name))).ToList();

    /// <summary>Checks a row and adds it when it is good; otherwise returns the problem and adds nothing.</summary>
    public RowProblem? TryAdd(IReadOnlyDictionary<string, object?> row, long rowNumber)
    {
        if (_partial)
        {
            var given = PartialFields(row);
            if (Count == 0) _columns = given;
            else if (!given.Select(f => f.Name).SequenceEqual(_columns.Select(f => f.Name)))
                return new RowProblem(rowNumber, null, $"a partial update sends the same fields for every row of a batch ({string.Join(", ", _columns.Select(f => f.Name))}).");
            foreach (var f in _columns) _values.TryAdd(f.Name, []);
        }
        var converted = new Dictionary<string, object?>(StringComparer.Ordinal);
        long size = 0;
        foreach (var field in _columns)
        {
            row.TryGetValue(field.Name, out var raw);
            if (raw is null)
            {
                if (field.Nullable || field.DefaultValue is not null)
                {
                    converted[field.Name] = null;
                    continue;
                }
                return new RowProblem(rowNumber, field.Name, row.ContainsKey(field.Name)
                    ? "the field is not nullable, but the value is null."
                    : field.IsPrimaryKey ? "the primary key is missing." : "the field is required and missing.");
            }
            try
            {
                var value = Convert(field, raw);
                converted[field.Name] = value;
                size += SizeOf(value);
            }
            catch (EntityValueException e)
            {
                return new RowProblem(rowNumber, field.Name, e.Message);
            }
        }
        foreach (var f in _schema.UserFields.Where(f => f.AutoId && !_upsert && row.ContainsKey(f.Name) && row[f.Name] is not null))
            return new RowProblem(rowNumber, f.Name, "the primary key is generated by the server (auto_id); leave it out.");
        foreach (var f in _schema.UserFields.Where(f => f.IsFunctionOutput && row.ContainsKey(f.Name)))
            return new RowProblem(rowNumber, f.Name, "the field is filled by a function; leave it out.");

        byte[]? dynamic = null;
        var extra = row.Where(kv => _schema.Fields.All(f => f.Name != kv.Key)).ToList();
        if (extra.Count > 0)
        {
            if (!_schema.EnableDynamicField)
                return new RowProblem(rowNumber, extra[0].Key, "the collection has no such field and no dynamic field to keep it in.");
            try
            {
                dynamic = EntityValues.ToJson(extra.ToDictionary(kv => kv.Key, kv => EntityValues.Plain(kv.Value)));
            }
            catch (EntityValueException e)
            {
                return new RowProblem(rowNumber, "$meta", e.Message);
            }
        }
        if (_schema.EnableDynamicField)
        {
            dynamic ??= "{}"u8.ToArray();
            _dynamic.Add(dynamic);
            size += dynamic.Length;
        }
        foreach (var f in _columns) _values[f.Name].Add(converted[f.Name]);
        Count++;
        EstimatedBytes += size;
        return null;
    }

    /// <summary>Whether the collection's server generates primary keys (insert is then not idempotent).</summary>
    public bool AutoId => _schema.PrimaryKey?.AutoId ?? false;

    /// <summary>The FieldData columns of the rows added (nullable columns carry valid_data, values of null rows left out, as Milvus's SDKs send them).</summary>
    public IReadOnlyList<FieldData> Build()
    {
        var result = new List<FieldData>();
        foreach (var field in _columns)
        {
            var values = _values[field.Name];
            var data = new FieldData { FieldName = field.Name, Type = (DataType)(int)field.DataType };
            var present = values;
            if (field.Nullable || field.DefaultValue is not null)
            {
                data.ValidData.AddRange(values.Select(v => v is not null));
                present = values.Where(v => v is not null).ToList();
            }
            Fill(data, field, present!);
            result.Add(data);
        }
        if (_schema.EnableDynamicField)
        {
            var meta = new FieldData { FieldName = "$meta", Type = DataType.Json, IsDynamic = true, Scalars = new ScalarField { JsonData = new JSONArray() } };
            meta.Scalars.JsonData.Data.AddRange(_dynamic.Select(ByteString.CopyFrom));
            result.Add(meta);
        }
        return result;
    }

    private static object Convert(MilvusField field, object raw)
    {
        var dim = field.Dimension ?? 0;
        return field.DataType switch
        {
            MilvusDataType.Bool => EntityValues.ToBool(raw),
            MilvusDataType.Int8 or MilvusDataType.Int16 or MilvusDataType.Int32 or MilvusDataType.Int64 => EntityValues.ToInteger(raw, field.DataType),
            MilvusDataType.Float => (float)EntityValues.ToDouble(raw),
            MilvusDataType.Double => EntityValues.ToDouble(raw),
            MilvusDataType.VarChar => EntityValues.ToVarChar(raw, field.MaxLength),
            MilvusDataType.Json => EntityValues.ToJson(raw),
            MilvusDataType.Array => EntityValues.ToArray(raw, field),
            MilvusDataType.FloatVector => EntityValues.ToFloatVector(raw, dim),
            MilvusDataType.Float16Vector => EntityValues.ToFloat16Vector(raw, dim),
            MilvusDataType.BFloat16Vector => EntityValues.ToBFloat16Vector(raw, dim),
            MilvusDataType.Int8Vector => EntityValues.ToInt8Vector(raw, dim),
            MilvusDataType.BinaryVector => EntityValues.ToBinaryVector(raw, dim),
            MilvusDataType.SparseFloatVector => EntityValues.ToSparseVector(raw),
            _ => throw new EntityValueException($"MilvusPS cannot send {field.DataType} values yet."),
        };
    }

    private static long SizeOf(object value) => value switch
    {
        string s => s.Length * 2 + 4,
        byte[] b => b.Length + 4,
        float[] f => f.Length * 4L,
        IReadOnlyList<object> a => a.Sum(SizeOf) + 4,
        _ => 8,
    };

    private static void Fill(FieldData data, MilvusField field, List<object> values)
    {
        var dim = field.Dimension ?? 0;
        switch (field.DataType)
        {
            case MilvusDataType.Bool:
                data.Scalars = new ScalarField { BoolData = new BoolArray() };
                data.Scalars.BoolData.Data.AddRange(values.Cast<bool>());
                break;
            case MilvusDataType.Int8 or MilvusDataType.Int16 or MilvusDataType.Int32:
                data.Scalars = new ScalarField { IntData = new IntArray() };
                data.Scalars.IntData.Data.AddRange(values.Select(v => (int)(long)v));
                break;
            case MilvusDataType.Int64:
                data.Scalars = new ScalarField { LongData = new LongArray() };
                data.Scalars.LongData.Data.AddRange(values.Cast<long>());
                break;
            case MilvusDataType.Float:
                data.Scalars = new ScalarField { FloatData = new FloatArray() };
                data.Scalars.FloatData.Data.AddRange(values.Cast<float>());
                break;
            case MilvusDataType.Double:
                data.Scalars = new ScalarField { DoubleData = new DoubleArray() };
                data.Scalars.DoubleData.Data.AddRange(values.Cast<double>());
                break;
            case MilvusDataType.VarChar:
                data.Scalars = new ScalarField { StringData = new StringArray() };
                data.Scalars.StringData.Data.AddRange(values.Cast<string>());
                break;
            case MilvusDataType.Json:
                data.Scalars = new ScalarField { JsonData = new JSONArray() };
                data.Scalars.JsonData.Data.AddRange(values.Cast<byte[]>().Select(ByteString.CopyFrom));
                break;
            case MilvusDataType.Array:
                data.Scalars = new ScalarField { ArrayData = new ArrayArray { ElementType = (DataType)(int)field.ElementType!.Value } };
                foreach (IReadOnlyList<object> row in values)
                {
                    var element = new FieldData();
                    Fill(element, new MilvusField(field.Name, field.ElementType!.Value), row.ToList());
                    data.Scalars.ArrayData.Data.Add(element.Scalars);
                }
                break;
            case MilvusDataType.FloatVector:
                data.Vectors = new VectorField { Dim = dim, FloatVector = new FloatArray() };
                foreach (float[] v in values) data.Vectors.FloatVector.Data.AddRange(v);
                break;
            case MilvusDataType.Float16Vector:
                data.Vectors = new VectorField { Dim = dim, Float16Vector = ByteString.CopyFrom(values.Cast<byte[]>().SelectMany(b => b).ToArray()) };
                break;
            case MilvusDataType.BFloat16Vector:
                data.Vectors = new VectorField { Dim = dim, Bfloat16Vector = ByteString.CopyFrom(values.Cast<byte[]>().SelectMany(b => b).ToArray()) };
                break;
            case MilvusDataType.Int8Vector:
                data.Vectors = new VectorField { Dim = dim, Int8Vector = ByteString.CopyFrom(values.Cast<byte[]>().SelectMany(b => b).ToArray()) };
                break;
            case MilvusDataType.BinaryVector:
                data.Vectors = new VectorField { Dim = dim, BinaryVector = ByteString.CopyFrom(values.Cast<byte[]>().SelectMany(b => b).ToArray()) };
                break;
            case MilvusDataType.SparseFloatVector:
                var rows = values.Cast<byte[]>().ToList();
                data.Vectors = new VectorField { SparseFloatVector = new SparseFloatArray { Dim = rows.Count == 0 ? 0 : rows.Max(EntityValues.SparseDimension) } };
                data.Vectors.Dim = data.Vectors.SparseFloatVector.Dim;
                data.Vectors.SparseFloatVector.Contents.AddRange(rows.Select(ByteString.CopyFrom));
                break;
        }
    }
}
