using System.Buffers.Binary;
using System.Runtime.InteropServices;
using System.Text;
using Google.Protobuf;
using MilvusPS.Emulator.Errors;
using MilvusPS.Emulator.Storage;
using MilvusPS.Protocol;

namespace MilvusPS.Emulator.Search;

/// <summary>
/// The query vectors of one (sub-)search, decoded from the serialized <c>common.PlaceholderGroup</c> (placeholder tag
/// <c>$0</c>) and checked against the searched field as segcore's ParsePlaceholderGroup checks them: type, then byte size.
/// Dense vectors of every element type become float32 (float16/bfloat16/int8 widened exactly); binary stays bytes;
/// sparse becomes index → value maps; BM25 text becomes term frequencies.
/// </summary>
internal sealed class QueryVectors
{
    private QueryVectors(int count) => Count = count;

    public int Count { get; }
    public float[][]? Dense { get; private init; }
    public byte[][]? Binary { get; private init; }
    public Dictionary<uint, float>[]? Sparse { get; private init; }
    public Dictionary<string, int>[]? Terms { get; private init; }

    /// <summary>getNq: the request's nq, else the number of placeholder values (older clients leave nq at 0).</summary>
    public static long CountOf(long nq, ByteString placeholderGroup)
    {
        if (nq != 0) return nq;
        var group = ParseGroup(placeholderGroup);
        return group.Placeholders.Sum(p => (long)p.Values.Count);
    }

    private static PlaceholderGroup ParseGroup(ByteString bytes)
    {
        try { return PlaceholderGroup.Parser.ParseFrom(bytes); }
        // unverified text: proto.Unmarshal's error surfaces as a plain error.
        catch (InvalidProtocolBufferException e) { throw MilvusError.Plain($"proto: cannot parse invalid wire-format data: {e.Message}"); }
    }

    /// <summary>
    /// Decodes and checks the placeholder group for <paramref name="field"/>; a BM25 output is searched with text,
    /// which <paramref name="bm25Analyzer"/> (the input field's analyzer for the query) turns into term frequencies.
    /// </summary>
    public static QueryVectors Parse(ByteString bytes, FieldSchema field, Text.Analyzer? bm25Analyzer)
    {
        var isBm25 = bm25Analyzer is not null;
        var group = ParseGroup(bytes);
        if (group.Placeholders.Count == 0)
            // Verified text (querynode NewSearchRequest): merr.WrapErrParameterInvalidMsg("empty search request").
            throw MilvusError.ParameterInvalidMsg("empty search request");
        var ph = group.Placeholders[0];
        var values = ph.Values;
        var dim = (int)Column.Dim(field);
        var type = ph.Type;
        var accepted = field.DataType switch
        {
            DataType.FloatVector => type == PlaceholderType.FloatVector,
            // The proxy converts float32 queries for float16/bfloat16 fields (ConvertPlaceholderGroup, 2.5.x+).
            DataType.Float16Vector => type is PlaceholderType.Float16Vector or PlaceholderType.FloatVector,
            DataType.Bfloat16Vector => type is PlaceholderType.Bfloat16Vector or PlaceholderType.FloatVector,
            DataType.BinaryVector => type == PlaceholderType.BinaryVector,
            DataType.Int8Vector => type == PlaceholderType.Int8Vector,
            DataType.SparseFloatVector => isBm25 ? type == PlaceholderType.VarChar : type == PlaceholderType.SparseFloatVector,
            _ => false,
        };
        if (!accepted)
            // Shape seen from a 2.6 server ("vector type must be the same, field vector - type VECTOR_FLOAT, search info type
            // VECTOR_SPARSE_U32_F32"); the code (segcore error 2000 here) and 2.4 wording are unverified.
            throw MilvusError.Of("Segcore").Wrap($"vector type must be the same, field {field.Name} - type {SegcoreName(field.DataType)}, search info type {SegcoreName(type)}");

        switch (field.DataType)
        {
            case DataType.SparseFloatVector when bm25Analyzer is not null:
                return new QueryVectors(values.Count) { Terms = values.Select(v => bm25Analyzer.TermFrequencies(Encoding.UTF8.GetString(v.Span))).ToArray() };
            case DataType.SparseFloatVector:
                return new QueryVectors(values.Count) { Sparse = values.Select(DecodeSparse).ToArray() };
            case DataType.BinaryVector:
                CheckSize(values, dim / 8, 1);
                return new QueryVectors(values.Count) { Binary = values.Select(v => v.ToByteArray()).ToArray() };
            default:
                var elementBytes = type switch
                {
                    PlaceholderType.FloatVector => 4,
                    PlaceholderType.Float16Vector or PlaceholderType.Bfloat16Vector => 2,
                    _ => 1,
                };
                // A float32 query for a 16-bit field is converted first, so the size check sees 2 bytes per element.
                var fieldBytes = field.DataType switch { DataType.FloatVector => 4, DataType.Int8Vector => 1, _ => 2 };
                CheckSize(values, dim * fieldBytes, (double)fieldBytes / elementBytes);
                return new QueryVectors(values.Count) { Dense = values.Select(v => Widen(v.Span, type, field.DataType)).ToArray() };
        }
    }

    private static void CheckSize(IEnumerable<ByteString> values, int expected, double scale)
    {
        foreach (var v in values)
        {
            var actual = (long)(v.Length * scale);
            if (actual != expected)
                // Verified text (segcore Plan.cpp ParsePlaceholderGroup, seen with ": segcore error", code 2000, on 2.5).
                throw MilvusError.Of("Segcore").Wrap($"vector dimension mismatch, expected vector size(byte) {expected}, actual {actual}.");
        }
    }

    /// <summary>Query bytes as float32 values; a float32 query for a 16-bit field is rounded through that type as the proxy converts it.</summary>
    private static float[] Widen(ReadOnlySpan<byte> bytes, PlaceholderType type, DataType fieldType)
    {
        switch (type)
        {
            case PlaceholderType.FloatVector:
                var f = MemoryMarshal.Cast<byte, float>(bytes).ToArray();
                if (fieldType == DataType.Float16Vector) for (var i = 0; i < f.Length; i++) f[i] = (float)(Half)f[i];
                else if (fieldType == DataType.Bfloat16Vector) for (var i = 0; i < f.Length; i++) f[i] = Kernels.BFloat16ToFloat(Kernels.FloatToBFloat16(f[i]));
                return f;
            default:
                var result = new float[fieldType == DataType.Int8Vector ? bytes.Length : bytes.Length / 2];
                Kernels.Widen(bytes, fieldType, result);
                return result;
        }
    }

    /// <summary>A sparse row: little-endian (uint32 index, float32 value) pairs.</summary>
    public static Dictionary<uint, float> DecodeSparse(ByteString row)
    {
        var span = row.Span;
        if (span.Length % 8 != 0)
            // unverified text
            throw MilvusError.ParameterInvalidMsg($"invalid sparse float vector: length {span.Length} is not a multiple of 8");
        var map = new Dictionary<uint, float>(span.Length / 8);
        for (var p = 0; p < span.Length; p += 8)
            map[BinaryPrimitives.ReadUInt32LittleEndian(span[p..])] = BinaryPrimitives.ReadSingleLittleEndian(span[(p + 4)..]);
        return map;
    }

    /// <summary>segcore's DataType names, as its type-mismatch message prints them.</summary>
    private static string SegcoreName(DataType t) => t switch
    {
        DataType.FloatVector => "VECTOR_FLOAT",
        DataType.BinaryVector => "VECTOR_BINARY",
        DataType.Float16Vector => "VECTOR_FLOAT16",
        DataType.Bfloat16Vector => "VECTOR_BFLOAT16",
        DataType.SparseFloatVector => "VECTOR_SPARSE_U32_F32",
        DataType.Int8Vector => "VECTOR_INT8",
        _ => t.ToString().ToUpperInvariant(),
    };

    private static string SegcoreName(PlaceholderType t) => t switch
    {
        PlaceholderType.FloatVector => "VECTOR_FLOAT",
        PlaceholderType.BinaryVector => "VECTOR_BINARY",
        PlaceholderType.Float16Vector => "VECTOR_FLOAT16",
        PlaceholderType.Bfloat16Vector => "VECTOR_BFLOAT16",
        PlaceholderType.SparseFloatVector => "VECTOR_SPARSE_U32_F32",
        PlaceholderType.Int8Vector => "VECTOR_INT8",
        PlaceholderType.VarChar => "VARCHAR",
        PlaceholderType.Int64 => "INT64",
        _ => t.ToString().ToUpperInvariant(),
    };
}
