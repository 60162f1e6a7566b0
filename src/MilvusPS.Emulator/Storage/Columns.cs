using System.Globalization;
using System.Text.Json;
using Google.Protobuf;
using MilvusPS.Protocol;

namespace MilvusPS.Emulator.Storage;

/// <summary>
/// One field's values in one segment: a typed array (vectors as one contiguous array), plus validity bits for a
/// nullable field. Null rows hold a placeholder so row numbers line up across columns.
/// </summary>
internal abstract class Column
{
    private readonly List<bool>? _valid;

    protected Column(FieldSchema field)
    {
        Field = field;
        if (field.Nullable) _valid = [];
    }

    public FieldSchema Field { get; }

    public abstract int Count { get; }

    public bool IsNull(int row) => _valid is not null && !_valid[row];

    /// <summary>Appends the value at <paramref name="index"/> of the (dense, valid-only) wire column.</summary>
    public void AppendFrom(FieldData source, int index)
    {
        AppendValue(source, index);
        _valid?.Add(true);
    }

    public void AppendNull()
    {
        AppendPlaceholder();
        _valid?.Add(false);
    }

    /// <summary>Appends row <paramref name="row"/> of another column of the same field (partial update, compaction).</summary>
    public void AppendCopy(Column source, int row)
    {
        if (source.IsNull(row)) { AppendNull(); return; }
        CopyValue(source, row);
        _valid?.Add(true);
    }

    /// <summary>The value as the filter engine sees it: long, double, string, bool, JsonElement, IReadOnlyList&lt;object?&gt;, or null.</summary>
    public object? Get(int row) => IsNull(row) ? null : GetValue(row);

    /// <summary>An empty output column of this field, shaped as Milvus returns it.</summary>
    public FieldData NewOutput() => NewOutput(Field);

    public static FieldData NewOutput(FieldSchema field)
    {
        var fd = new FieldData { Type = field.DataType, FieldName = field.Name, FieldId = field.FieldID, IsDynamic = field.IsDynamic };
        Create(field).InitOutput(fd);
        return fd;
    }

    /// <summary>Writes one row to an output column (full length; nulls as placeholders with valid_data false).</summary>
    public void WriteTo(OutputColumn target, int row)
    {
        var isNull = IsNull(row);
        if (isNull) WritePlaceholder(target);
        else WriteValue(target, row);
        if (Field.Nullable) target.Data.ValidData.Add(!isNull);
    }

    /// <summary>A null row of this field in an output column (a segment that predates an added field).</summary>
    public void WriteNull(OutputColumn target)
    {
        WritePlaceholder(target);
        if (Field.Nullable) target.Data.ValidData.Add(false);
    }

    protected abstract void AppendValue(FieldData source, int index);
    protected abstract void AppendPlaceholder();
    protected abstract void CopyValue(Column source, int row);
    protected abstract object? GetValue(int row);
    protected abstract void InitOutput(FieldData target);
    protected abstract void WriteValue(OutputColumn target, int row);
    protected abstract void WritePlaceholder(OutputColumn target);

    public static Column Create(FieldSchema field) => field.DataType switch
    {
        DataType.Bool => new BoolColumn(field),
        DataType.Int8 or DataType.Int16 or DataType.Int32 => new IntColumn(field),
        DataType.Int64 => new LongColumn(field),
        DataType.Float => new FloatColumn(field),
        DataType.Double => new DoubleColumn(field),
        DataType.VarChar or DataType.String or DataType.Text => new StringColumn(field),
        DataType.Json => new JsonColumn(field),
        DataType.Array => new ArrayColumn(field),
        DataType.FloatVector => new FloatVectorColumn(field),
        DataType.BinaryVector or DataType.Float16Vector or DataType.Bfloat16Vector or DataType.Int8Vector => new ByteVectorColumn(field),
        DataType.SparseFloatVector => new SparseVectorColumn(field),
        _ => throw new NotSupportedException($"The emulator does not store {field.DataType} fields."),
    };

    public static long Dim(FieldSchema field) =>
        long.TryParse(field.TypeParams.FirstOrDefault(p => p.Key == "dim")?.Value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var d) ? d : 0;

    /// <summary>An array element list as the filter engine sees it.</summary>
    public static IReadOnlyList<object?> ToList(ScalarField s) => s.DataCase switch
    {
        ScalarField.DataOneofCase.BoolData => s.BoolData.Data.Select(v => (object?)v).ToArray(),
        ScalarField.DataOneofCase.IntData => s.IntData.Data.Select(v => (object?)(long)v).ToArray(),
        ScalarField.DataOneofCase.LongData => s.LongData.Data.Select(v => (object?)v).ToArray(),
        ScalarField.DataOneofCase.FloatData => s.FloatData.Data.Select(v => (object?)(double)v).ToArray(),
        ScalarField.DataOneofCase.DoubleData => s.DoubleData.Data.Select(v => (object?)v).ToArray(),
        ScalarField.DataOneofCase.StringData => s.StringData.Data.Select(v => (object?)v).ToArray(),
        _ => [],
    };

    public static JsonElement ParseJson(ByteString bytes)
    {
        if (bytes.Length == 0) return default;
        using var doc = JsonDocument.Parse(bytes.Memory);
        return doc.RootElement.Clone();
    }
}

/// <summary>A scalar column: one list entry per row.</summary>
internal abstract class Column<T> : Column
{
    protected readonly List<T> Values = [];

    protected Column(FieldSchema field) : base(field) { }

    public override int Count => Values.Count;
    protected virtual T Placeholder => default!;
    protected abstract T Read(FieldData source, int index);
    protected abstract void Write(FieldData target, T value);
    protected abstract object? Box(T value);

    protected override void AppendValue(FieldData source, int index) => Values.Add(Read(source, index));
    protected override void AppendPlaceholder() => Values.Add(Placeholder);
    protected override void CopyValue(Column source, int row) => Values.Add(((Column<T>)source).Values[row]);
    protected override object? GetValue(int row) => Box(Values[row]);
    protected override void WriteValue(OutputColumn target, int row) => Write(target.Data, Values[row]);
    protected override void WritePlaceholder(OutputColumn target) => Write(target.Data, Placeholder);
}

internal sealed class BoolColumn(FieldSchema field) : Column<bool>(field)
{
    protected override bool Read(FieldData s, int i) => s.Scalars.BoolData.Data[i];
    protected override void Write(FieldData t, bool v) => t.Scalars.BoolData.Data.Add(v);
    protected override object? Box(bool v) => v;
    protected override void InitOutput(FieldData t) => t.Scalars = new ScalarField { BoolData = new BoolArray() };
}

internal sealed class IntColumn(FieldSchema field) : Column<int>(field)
{
    protected override int Read(FieldData s, int i) => s.Scalars.IntData.Data[i];
    protected override void Write(FieldData t, int v) => t.Scalars.IntData.Data.Add(v);
    protected override object? Box(int v) => (long)v;
    protected override void InitOutput(FieldData t) => t.Scalars = new ScalarField { IntData = new IntArray() };
}

internal sealed class LongColumn(FieldSchema field) : Column<long>(field)
{
    protected override long Read(FieldData s, int i) => s.Scalars.LongData.Data[i];
    protected override void Write(FieldData t, long v) => t.Scalars.LongData.Data.Add(v);
    protected override object? Box(long v) => v;
    protected override void InitOutput(FieldData t) => t.Scalars = new ScalarField { LongData = new LongArray() };
}

internal sealed class FloatColumn(FieldSchema field) : Column<float>(field)
{
    protected override float Read(FieldData s, int i) => s.Scalars.FloatData.Data[i];
    protected override void Write(FieldData t, float v) => t.Scalars.FloatData.Data.Add(v);
    protected override object? Box(float v) => (double)v;
    protected override void InitOutput(FieldData t) => t.Scalars = new ScalarField { FloatData = new FloatArray() };
}

internal sealed class DoubleColumn(FieldSchema field) : Column<double>(field)
{
    protected override double Read(FieldData s, int i) => s.Scalars.DoubleData.Data[i];
    protected override void Write(FieldData t, double v) => t.Scalars.DoubleData.Data.Add(v);
    protected override object? Box(double v) => v;
    protected override void InitOutput(FieldData t) => t.Scalars = new ScalarField { DoubleData = new DoubleArray() };
}

internal sealed class StringColumn(FieldSchema field) : Column<string>(field)
{
    protected override string Placeholder => string.Empty;
    protected override string Read(FieldData s, int i) => s.Scalars.StringData.Data[i];
    protected override void Write(FieldData t, string v) => t.Scalars.StringData.Data.Add(v);
    protected override object? Box(string v) => v;
    protected override void InitOutput(FieldData t) => t.Scalars = new ScalarField { StringData = new StringArray() };
}

internal sealed class JsonColumn(FieldSchema field) : Column<ByteString>(field)
{
    protected override ByteString Placeholder => ByteString.Empty;
    protected override ByteString Read(FieldData s, int i) => s.Scalars.JsonData.Data[i];
    protected override void Write(FieldData t, ByteString v) => t.Scalars.JsonData.Data.Add(v);
    protected override object? Box(ByteString v) => ParseJson(v);
    protected override void InitOutput(FieldData t) => t.Scalars = new ScalarField { JsonData = new JSONArray() };

    /// <summary>The stored bytes of one row (dynamic-field output filters keys from them).</summary>
    public ByteString Raw(int row) => Values[row];
}

internal sealed class ArrayColumn(FieldSchema field) : Column<ScalarField>(field)
{
    protected override ScalarField Placeholder => new();
    protected override ScalarField Read(FieldData s, int i) => s.Scalars.ArrayData.Data[i].Clone();
    protected override void Write(FieldData t, ScalarField v) => t.Scalars.ArrayData.Data.Add(v.Clone());
    protected override object? Box(ScalarField v) => ToList(v);
    protected override void InitOutput(FieldData t) =>
        t.Scalars = new ScalarField { ArrayData = new ArrayArray { ElementType = Field.ElementType } };
}

/// <summary>FloatVector: all rows in one contiguous float array.</summary>
internal sealed class FloatVectorColumn : Column
{
    private readonly List<float> _data = [];
    private readonly int _dim;

    public FloatVectorColumn(FieldSchema field) : base(field) => _dim = (int)Math.Max(1, Dim(field));

    public override int Count => _data.Count / _dim;

    /// <summary>Row <paramref name="row"/> as a span over the contiguous storage (for distance kernels).</summary>
    public ReadOnlySpan<float> Vector(int row) => System.Runtime.InteropServices.CollectionsMarshal.AsSpan(_data).Slice(row * _dim, _dim);

    protected override void AppendValue(FieldData s, int i)
    {
        var src = s.Vectors.FloatVector.Data;
        for (var k = 0; k < _dim; k++) _data.Add(src[i * _dim + k]);
    }

    protected override void AppendPlaceholder() { for (var k = 0; k < _dim; k++) _data.Add(0); }
    protected override void CopyValue(Column source, int row) => _data.AddRange(((FloatVectorColumn)source).Vector(row));
    protected override object? GetValue(int row) => null;
    protected override void InitOutput(FieldData t) => t.Vectors = new VectorField { Dim = _dim, FloatVector = new FloatArray() };
    protected override void WriteValue(OutputColumn t, int row) => t.Data.Vectors.FloatVector.Data.AddRange(Vector(row).ToArray());
    protected override void WritePlaceholder(OutputColumn t) => t.Data.Vectors.FloatVector.Data.AddRange(new float[_dim]);
}

/// <summary>BinaryVector, Float16Vector, BFloat16Vector, Int8Vector: all rows in one contiguous byte array.</summary>
internal sealed class ByteVectorColumn : Column
{
    private readonly List<byte> _data = [];
    private readonly long _dim;

    public ByteVectorColumn(FieldSchema field) : base(field)
    {
        _dim = Math.Max(1, Dim(field));
        BytesPerRow = BytesPerVector(field.DataType, _dim);
    }

    public int BytesPerRow { get; }

    public static int BytesPerVector(DataType type, long dim) => type switch
    {
        DataType.BinaryVector => (int)(dim / 8),
        DataType.Float16Vector or DataType.Bfloat16Vector => (int)(dim * 2),
        _ => (int)dim,
    };

    public override int Count => _data.Count / BytesPerRow;

    public ReadOnlySpan<byte> Vector(int row) => System.Runtime.InteropServices.CollectionsMarshal.AsSpan(_data).Slice(row * BytesPerRow, BytesPerRow);

    private static ByteString Source(FieldData s) => s.Vectors.DataCase switch
    {
        VectorField.DataOneofCase.BinaryVector => s.Vectors.BinaryVector,
        VectorField.DataOneofCase.Float16Vector => s.Vectors.Float16Vector,
        VectorField.DataOneofCase.Bfloat16Vector => s.Vectors.Bfloat16Vector,
        VectorField.DataOneofCase.Int8Vector => s.Vectors.Int8Vector,
        _ => ByteString.Empty,
    };

    protected override void AppendValue(FieldData s, int i) => _data.AddRange(Source(s).Span.Slice(i * BytesPerRow, BytesPerRow).ToArray());
    protected override void AppendPlaceholder() => _data.AddRange(new byte[BytesPerRow]);
    protected override void CopyValue(Column source, int row) => _data.AddRange(((ByteVectorColumn)source).Vector(row).ToArray());
    protected override object? GetValue(int row) => null;

    protected override void InitOutput(FieldData t)
    {
        t.Vectors = new VectorField { Dim = _dim };
        switch (Field.DataType)
        {
            case DataType.BinaryVector: t.Vectors.BinaryVector = ByteString.Empty; break;
            case DataType.Float16Vector: t.Vectors.Float16Vector = ByteString.Empty; break;
            case DataType.Bfloat16Vector: t.Vectors.Bfloat16Vector = ByteString.Empty; break;
            default: t.Vectors.Int8Vector = ByteString.Empty; break;
        }
    }

    protected override void WriteValue(OutputColumn t, int row) => t.Bytes.Write(Vector(row));
    protected override void WritePlaceholder(OutputColumn t) => t.Bytes.Write(new byte[BytesPerRow]);

    /// <summary>Moves the buffered bytes into the wire column.</summary>
    public static void Finish(FieldData t, MemoryStream bytes)
    {
        var value = ByteString.CopyFrom(bytes.GetBuffer(), 0, (int)bytes.Length);
        switch (t.Type)
        {
            case DataType.BinaryVector: t.Vectors.BinaryVector = value; break;
            case DataType.Float16Vector: t.Vectors.Float16Vector = value; break;
            case DataType.Bfloat16Vector: t.Vectors.Bfloat16Vector = value; break;
            case DataType.Int8Vector: t.Vectors.Int8Vector = value; break;
        }
    }
}

/// <summary>SparseFloatVector: one byte row per entity (uint32 index, float32 value pairs, little-endian).</summary>
internal sealed class SparseVectorColumn(FieldSchema field) : Column<ByteString>(field)
{
    protected override ByteString Placeholder => ByteString.Empty;
    protected override ByteString Read(FieldData s, int i) => s.Vectors.SparseFloatVector.Contents[i];
    protected override object? Box(ByteString v) => null;
    protected override void InitOutput(FieldData t) => t.Vectors = new VectorField { SparseFloatVector = new SparseFloatArray() };

    /// <summary>The stored bytes of one row (the search kernels read them).</summary>
    public ByteString Raw(int row) => Values[row];

    protected override void Write(FieldData t, ByteString v)
    {
        t.Vectors.SparseFloatVector.Contents.Add(v);
        var dim = SparseDim(v.Span);
        if (dim > t.Vectors.SparseFloatVector.Dim) t.Vectors.SparseFloatVector.Dim = dim;
        t.Vectors.Dim = t.Vectors.SparseFloatVector.Dim;
    }

    /// <summary>Largest index + 1 in one sparse row.</summary>
    public static long SparseDim(ReadOnlySpan<byte> row)
    {
        long max = 0;
        for (var p = 0; p + 8 <= row.Length; p += 8) max = Math.Max(max, (long)BitConverter.ToUInt32(row.Slice(p, 4)) + 1);
        return max;
    }
}

/// <summary>One output column being built: the wire FieldData, plus a byte buffer for byte-vector fields.</summary>
internal sealed class OutputColumn
{
    private MemoryStream? _bytes;

    public OutputColumn(FieldSchema field)
    {
        Field = field;
        Data = Column.NewOutput(field);
    }

    public FieldSchema Field { get; }
    public FieldData Data { get; }
    public MemoryStream Bytes => _bytes ??= new MemoryStream();

    /// <summary>One field of the given rows as a wire column (query results, search hits, the data log); null where a segment lacks the field.</summary>
    public static FieldData Of(FieldSchema field, IReadOnlyList<RowRef> rows)
    {
        var output = new OutputColumn(field);
        Column? blank = null;
        foreach (var r in rows)
        {
            if (r.Segment.Find(field.FieldID) is { } column) column.WriteTo(output, r.Row);
            else (blank ??= Column.Create(field)).WriteNull(output);
        }
        return output.Finish();
    }

    /// <summary>Whether row <paramref name="row"/> of a column built by <see cref="Of"/> holds a value (valid_data is empty when every row does).</summary>
    public static bool IsValid(FieldData column, int row) => column.ValidData.Count == 0 || column.ValidData[row];

    public FieldData Finish()
    {
        if (_bytes is not null) ByteVectorColumn.Finish(Data, _bytes);
        return Data;
    }
}
