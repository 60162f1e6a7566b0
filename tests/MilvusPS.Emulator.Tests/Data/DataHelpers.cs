using System.Text;
using Google.Protobuf;
using MilvusPS.Protocol;
using KeyValuePair = MilvusPS.Protocol.KeyValuePair;

namespace MilvusPS.Emulator.Tests.Data;

/// <summary>Builds FieldData columns and reads query results for the data-plane tests.</summary>
internal static class Cols
{
    public static FieldData Longs(string name, params long[] v) =>
        new() { FieldName = name, Type = DataType.Int64, Scalars = new ScalarField { LongData = new LongArray { Data = { v } } } };

    public static FieldData Ints(string name, DataType type, params int[] v) =>
        new() { FieldName = name, Type = type, Scalars = new ScalarField { IntData = new IntArray { Data = { v } } } };

    public static FieldData Bools(string name, params bool[] v) =>
        new() { FieldName = name, Type = DataType.Bool, Scalars = new ScalarField { BoolData = new BoolArray { Data = { v } } } };

    public static FieldData Floats(string name, params float[] v) =>
        new() { FieldName = name, Type = DataType.Float, Scalars = new ScalarField { FloatData = new FloatArray { Data = { v } } } };

    public static FieldData Doubles(string name, params double[] v) =>
        new() { FieldName = name, Type = DataType.Double, Scalars = new ScalarField { DoubleData = new DoubleArray { Data = { v } } } };

    public static FieldData Strings(string name, params string[] v) =>
        new() { FieldName = name, Type = DataType.VarChar, Scalars = new ScalarField { StringData = new StringArray { Data = { v } } } };

    public static FieldData Json(string name, params string[] v) =>
        new() { FieldName = name, Type = DataType.Json, Scalars = new ScalarField { JsonData = new JSONArray { Data = { v.Select(ByteString.CopyFromUtf8) } } } };

    public static FieldData Dynamic(params string[] v)
    {
        var fd = Json("$meta", v);
        fd.IsDynamic = true;
        return fd;
    }

    public static FieldData LongArrays(string name, params long[][] rows)
    {
        var a = new ArrayArray { ElementType = DataType.Int64 };
        foreach (var r in rows) a.Data.Add(new ScalarField { LongData = new LongArray { Data = { r } } });
        return new FieldData { FieldName = name, Type = DataType.Array, Scalars = new ScalarField { ArrayData = a } };
    }

    public static FieldData StringArrays(string name, params string[][] rows)
    {
        var a = new ArrayArray { ElementType = DataType.VarChar };
        foreach (var r in rows) a.Data.Add(new ScalarField { StringData = new StringArray { Data = { r } } });
        return new FieldData { FieldName = name, Type = DataType.Array, Scalars = new ScalarField { ArrayData = a } };
    }

    public static FieldData FloatVectors(string name, int dim, params float[] flat) =>
        new() { FieldName = name, Type = DataType.FloatVector, Vectors = new VectorField { Dim = dim, FloatVector = new FloatArray { Data = { flat } } } };

    public static FieldData ByteVectors(string name, DataType type, int dim, byte[] bytes)
    {
        var v = new VectorField { Dim = dim };
        var b = ByteString.CopyFrom(bytes);
        switch (type)
        {
            case DataType.BinaryVector: v.BinaryVector = b; break;
            case DataType.Float16Vector: v.Float16Vector = b; break;
            case DataType.Bfloat16Vector: v.Bfloat16Vector = b; break;
            default: v.Int8Vector = b; break;
        }
        return new FieldData { FieldName = name, Type = type, Vectors = v };
    }

    public static FieldData Sparse(string name, params byte[][] rows) =>
        new() { FieldName = name, Type = DataType.SparseFloatVector, Vectors = new VectorField { SparseFloatVector = new SparseFloatArray { Contents = { rows.Select(ByteString.CopyFrom) } } } };

    public static byte[] SparseRow(params (uint Index, float Value)[] entries)
    {
        var bytes = new List<byte>();
        foreach (var (i, v) in entries) { bytes.AddRange(BitConverter.GetBytes(i)); bytes.AddRange(BitConverter.GetBytes(v)); }
        return bytes.ToArray();
    }

    public static FieldData WithValid(this FieldData fd, params bool[] valid)
    {
        fd.ValidData.AddRange(valid);
        return fd;
    }

    public static InsertRequest Insert(string collection, uint rows, params FieldData[] fields)
    {
        var r = new InsertRequest { CollectionName = collection, NumRows = rows };
        r.FieldsData.AddRange(fields);
        return r;
    }

    public static UpsertRequest Upsert(string collection, uint rows, params FieldData[] fields)
    {
        var r = new UpsertRequest { CollectionName = collection, NumRows = rows };
        r.FieldsData.AddRange(fields);
        return r;
    }

    public static QueryRequest Query(string collection, string expr, params string[] outputs)
    {
        var r = new QueryRequest { CollectionName = collection, Expr = expr };
        r.OutputFields.AddRange(outputs);
        return r;
    }

    public static QueryRequest Limit(this QueryRequest r, long limit, long? offset = null)
    {
        r.QueryParams.Add(new KeyValuePair { Key = "limit", Value = limit.ToString(System.Globalization.CultureInfo.InvariantCulture) });
        if (offset is { } o) r.QueryParams.Add(new KeyValuePair { Key = "offset", Value = o.ToString(System.Globalization.CultureInfo.InvariantCulture) });
        return r;
    }

    public static FieldData Field(this QueryResults r, string name) => Assert.Single(r.FieldsData, f => f.FieldName == name);

    public static string Utf8(ByteString b) => Encoding.UTF8.GetString(b.ToByteArray());
}
