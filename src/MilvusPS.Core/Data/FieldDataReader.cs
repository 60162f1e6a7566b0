using System.Buffers.Binary;
using System.Text.Json;
using MilvusPS.Protocol;

namespace MilvusPS.Core.Data;

/// <summary>
/// Turns the columnar FieldData of query and search results back into rows (field name → value):
/// integers as long (Int8–Int32 as int), Float as float, JSON as a parsed JsonElement, arrays as lists,
/// float-like vectors as float[], binary and int8 vectors as byte[] / sbyte[], sparse vectors as index→value
/// dictionaries, dynamic fields ($meta) spread into their own keys, null where valid_data says so.
/// </summary>
public static class FieldDataReader
{
    public static IReadOnlyList<Dictionary<string, object?>> ToRows(IReadOnlyList<FieldData> columns, IReadOnlyCollection<string>? dynamicKeys = null)
    {
        var count = columns.Count == 0 ? 0 : columns.Max(RowCount);
        var rows = Enumerable.Range(0, count).Select(_ => new Dictionary<string, object?>(StringComparer.Ordinal)).ToList();
        foreach (var column in columns)
        {
            var values = Values(column);
            for (var i = 0; i < count; i++)
            {
                var value = i < values.Count ? values[i] : null;
                if (column.IsDynamic || column.FieldName == "$meta")
                {
                    if (value is JsonElement { ValueKind: JsonValueKind.Object } obj)
                        foreach (var p in obj.EnumerateObject())
                            if (dynamicKeys is null || dynamicKeys.Count == 0 || dynamicKeys.Contains(p.Name) || dynamicKeys.Contains("*"))
                                rows[i][p.Name] = p.Value.Clone();
                    continue;
                }
                rows[i][column.FieldName] = value;
            }
        }
        return rows;
    }

    private static int RowCount(FieldData column)
    {
        if (column.ValidData.Count > 0) return column.ValidData.Count;
        return Values(column).Count;
    }

    /// <summary>One value per row, nulls where valid_data is false (values may be sent for valid rows only, or for all rows).</summary>
    public static IReadOnlyList<object?> Values(FieldData column)
    {
        var raw = RawValues(column);
        if (column.ValidData.Count == 0) return raw;
        var result = new List<object?>(column.ValidData.Count);
        // A server returns a value per row (placeholders for nulls); an SDK may send values for valid rows only.
        var dense = raw.Count == column.ValidData.Count;
        var next = 0;
        for (var i = 0; i < column.ValidData.Count; i++)
        {
            if (!column.ValidData[i]) { result.Add(null); if (dense) next++; continue; }
            result.Add(next < raw.Count ? raw[next] : null);
            next++;
        }
        return result;
    }

    private static IReadOnlyList<object?> RawValues(FieldData column)
    {
        if (column.FieldCase == FieldData.FieldOneofCase.Scalars) return Scalars(column.Scalars);
        if (column.FieldCase != FieldData.FieldOneofCase.Vectors) return [];
        var v = column.Vectors;
        var dim = (int)v.Dim;
        switch (v.DataCase)
        {
            case VectorField.DataOneofCase.FloatVector:
                return Chunk(v.FloatVector.Data.ToArray(), dim).Cast<object?>().ToList();
            case VectorField.DataOneofCase.Float16Vector:
                return Chunk(v.Float16Vector.ToByteArray(), dim * 2).Select(b => (object?)Halves(b)).ToList();
            case VectorField.DataOneofCase.Bfloat16Vector:
                return Chunk(v.Bfloat16Vector.ToByteArray(), dim * 2).Select(b => (object?)BFloats(b)).ToList();
            case VectorField.DataOneofCase.BinaryVector:
                return Chunk(v.BinaryVector.ToByteArray(), Math.Max(1, dim / 8)).Cast<object?>().ToList();
            case VectorField.DataOneofCase.Int8Vector:
                // A real sbyte[] (a byte[] cast through Array stays a byte[] and shows 255 for -1).
                return Chunk(v.Int8Vector.ToByteArray(), dim).Select(b => (object?)Array.ConvertAll(b, x => unchecked((sbyte)x))).ToList();
            case VectorField.DataOneofCase.SparseFloatVector:
                return v.SparseFloatVector.Contents.Select(c => (object?)Sparse(c.ToByteArray())).ToList();
            default:
                return [];
        }
    }

    private static IReadOnlyList<object?> Scalars(ScalarField s) => s.DataCase switch
    {
        ScalarField.DataOneofCase.BoolData => s.BoolData.Data.Select(x => (object?)x).ToList(),
        ScalarField.DataOneofCase.IntData => s.IntData.Data.Select(x => (object?)x).ToList(),
        ScalarField.DataOneofCase.LongData => s.LongData.Data.Select(x => (object?)x).ToList(),
        ScalarField.DataOneofCase.FloatData => s.FloatData.Data.Select(x => (object?)x).ToList(),
        ScalarField.DataOneofCase.DoubleData => s.DoubleData.Data.Select(x => (object?)x).ToList(),
        ScalarField.DataOneofCase.StringData => s.StringData.Data.Select(x => (object?)x).ToList(),
        ScalarField.DataOneofCase.JsonData => s.JsonData.Data.Select(x => (object?)ParseJson(x.ToByteArray())).ToList(),
        ScalarField.DataOneofCase.BytesData => s.BytesData.Data.Select(x => (object?)x.ToByteArray()).ToList(),
        ScalarField.DataOneofCase.ArrayData => s.ArrayData.Data.Select(x => (object?)Scalars(x)).ToList(),
        _ => [],
    };

    private static object? ParseJson(byte[] bytes)
    {
        if (bytes.Length == 0) return null;
        using var doc = JsonDocument.Parse(bytes);
        return doc.RootElement.Clone();
    }

    private static IEnumerable<T[]> Chunk<T>(T[] data, int size) => size <= 0 ? [] : data.Chunk(size);

    private static float[] Halves(byte[] b) =>
        Enumerable.Range(0, b.Length / 2).Select(i => (float)BinaryPrimitives.ReadHalfLittleEndian(b.AsSpan(i * 2))).ToArray();

    private static float[] BFloats(byte[] b) =>
        Enumerable.Range(0, b.Length / 2).Select(i => BitConverter.UInt32BitsToSingle((uint)BinaryPrimitives.ReadUInt16LittleEndian(b.AsSpan(i * 2)) << 16)).ToArray();

    private static Dictionary<long, float> Sparse(byte[] b)
    {
        var result = new Dictionary<long, float>();
        for (var i = 0; i + 8 <= b.Length; i += 8)
            result[BinaryPrimitives.ReadUInt32LittleEndian(b.AsSpan(i))] = BinaryPrimitives.ReadSingleLittleEndian(b.AsSpan(i + 4));
        return result;
    }
}
