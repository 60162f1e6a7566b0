using System.Buffers.Binary;
using System.Collections;
using System.Globalization;
using System.Text;
using System.Text.Json;
using MilvusPS.Core.Schema;

namespace MilvusPS.Core.Data;

/// <summary>A value that does not fit its field: the message names what was expected and what came.</summary>
public sealed class EntityValueException(string message) : Exception(message);

/// <summary>
/// Converts the values users give (numbers of any .NET type, strings, booleans, arrays, lists, dictionaries)
/// to what each Milvus field type stores, with the checks Milvus makes: ranges, lengths, dimensions.
/// </summary>
public static class EntityValues
{
    private static readonly CultureInfo C = CultureInfo.InvariantCulture;

    public static bool ToBool(object value) => value switch
    {
        bool b => b,
        string s when bool.TryParse(s, out var b) => b,
        _ => throw Mismatch(value, "a Bool"),
    };

    /// <summary>An integer in the range of the field's type (Int8, Int16, Int32, Int64); whole floating-point values are accepted.</summary>
    public static long ToInteger(object value, MilvusDataType type)
    {
        long n;
        switch (value)
        {
            case sbyte or byte or short or ushort or int or uint or long:
                n = Convert.ToInt64(value, C);
                break;
            case ulong u when u <= long.MaxValue:
                n = (long)u;
                break;
            case float or double or decimal:
                // Out of decimal's range (1e30, infinity, NaN) is no integer either, and must not overflow here.
                var approx = Convert.ToDouble(value, C);
                if (!double.IsFinite(approx) || Math.Abs(approx) > 1e19) throw Mismatch(value, $"a whole number for {type}");
                var d = Convert.ToDecimal(value, C);
                if (decimal.Truncate(d) != d || d < long.MinValue || d > long.MaxValue) throw Mismatch(value, $"a whole number for {type}");
                n = (long)d;
                break;
            case string s when long.TryParse(s, NumberStyles.Integer, C, out var parsed):
                n = parsed;
                break;
            default:
                throw Mismatch(value, $"an integer for {type}");
        }
        var (min, max) = type switch
        {
            MilvusDataType.Int8 => (sbyte.MinValue, sbyte.MaxValue),
            MilvusDataType.Int16 => (short.MinValue, short.MaxValue),
            MilvusDataType.Int32 => (int.MinValue, int.MaxValue),
            _ => (long.MinValue, long.MaxValue),
        };
        if (n < min || n > max) throw new EntityValueException($"{n} is out of range for {type} [{min}, {max}].");
        return n;
    }

    public static double ToDouble(object value) => value switch
    {
        sbyte or byte or short or ushort or int or uint or long or ulong or float or double or decimal => Convert.ToDouble(value, C),
        string s when double.TryParse(s, NumberStyles.Float, C, out var d) => d,
        _ => throw Mismatch(value, "a number"),
    };

    /// <summary>A VarChar value; its UTF-8 length must not exceed max_length (Milvus counts bytes).</summary>
    public static string ToVarChar(object value, int? maxLength)
    {
        var s = value as string ?? (value is char c ? c.ToString() : throw Mismatch(value, "a string"));
        var bytes = Encoding.UTF8.GetByteCount(s);
        if (maxLength is { } max && bytes > max) throw new EntityValueException($"the length ({bytes} bytes) exceeds max_length {max}.");
        return s;
    }

    /// <summary>A JSON value as UTF-8 bytes: a string that holds JSON is taken as JSON text, anything else is serialized.</summary>
    public static byte[] ToJson(object value, int maxBytes = 65536)
    {
        byte[] bytes;
        if (value is string text)
        {
            try
            {
                using var _ = JsonDocument.Parse(text);
                bytes = Encoding.UTF8.GetBytes(text);
            }
            catch (JsonException)
            {
                throw new EntityValueException($"the string is not valid JSON: '{Shorten(text)}'.");
            }
        }
        else
        {
            bytes = JsonSerializer.SerializeToUtf8Bytes(Plain(value));
        }
        if (bytes.Length > maxBytes) throw new EntityValueException($"the JSON value is {bytes.Length} bytes; Milvus allows {maxBytes}.");
        return bytes;
    }

    /// <summary>A dense float vector of exactly <paramref name="dim"/> numbers.</summary>
    public static float[] ToFloatVector(object value, int dim)
    {
        var result = value switch
        {
            float[] f => f,
            double[] d => Array.ConvertAll(d, x => (float)x),
            IEnumerable e and not string => e.Cast<object?>().Select(x => (float)ToDouble(x ?? throw new EntityValueException("a vector element is null."))).ToArray(),
            _ => throw Mismatch(value, $"a vector of {dim} numbers"),
        };
        if (result.Length != dim) throw new EntityValueException($"the vector has {result.Length} dimensions; the field has {dim}.");
        foreach (var x in result)
            if (float.IsNaN(x) || float.IsInfinity(x)) throw new EntityValueException("the vector holds NaN or infinity.");
        return result;
    }

    /// <summary>Float16 vector bytes (IEEE half, little-endian), from numbers or from raw bytes (2 per dimension).</summary>
    public static byte[] ToFloat16Vector(object value, int dim)
    {
        if (value is byte[] raw) return CheckLength(raw, dim * 2, dim);
        var floats = ToFloatVector(value, dim);
        var bytes = new byte[dim * 2];
        for (var i = 0; i < dim; i++) BinaryPrimitives.WriteHalfLittleEndian(bytes.AsSpan(i * 2), (Half)floats[i]);
        return bytes;
    }

    /// <summary>BFloat16 vector bytes (the upper 16 bits of float32, rounded to nearest even), from numbers or raw bytes.</summary>
    public static byte[] ToBFloat16Vector(object value, int dim)
    {
        if (value is byte[] raw) return CheckLength(raw, dim * 2, dim);
        var floats = ToFloatVector(value, dim);
        var bytes = new byte[dim * 2];
        for (var i = 0; i < dim; i++)
        {
            var bits = BitConverter.SingleToUInt32Bits(floats[i]);
            var rounded = (ushort)((bits + 0x7FFF + ((bits >> 16) & 1)) >> 16);
            BinaryPrimitives.WriteUInt16LittleEndian(bytes.AsSpan(i * 2), rounded);
        }
        return bytes;
    }

    /// <summary>Int8 vector bytes, from integers in [-128, 127] or raw bytes.</summary>
    public static byte[] ToInt8Vector(object value, int dim)
    {
        if (value is byte[] raw) return CheckLength(raw, dim, dim);
        if (value is sbyte[] s) return CheckLength((byte[])(Array)s.Clone(), dim, dim);
        if (value is not IEnumerable e || value is string) throw Mismatch(value, $"a vector of {dim} integers in [-128, 127]");
        var items = e.Cast<object?>().ToList();
        if (items.Count != dim) throw new EntityValueException($"the vector has {items.Count} dimensions; the field has {dim}.");
        return items.Select(x => unchecked((byte)(sbyte)ToInteger(x ?? throw new EntityValueException("a vector element is null."), MilvusDataType.Int8))).ToArray();
    }

    /// <summary>
    /// Binary vector bytes (dim/8 bytes, most significant bit first as Milvus's SDKs pack them), from raw
    /// bytes or from dim bits given as booleans or 0/1.
    /// </summary>
    public static byte[] ToBinaryVector(object value, int dim)
    {
        if (value is byte[] raw) return CheckLength(raw, dim / 8, dim);
        if (value is not IEnumerable e || value is string) throw Mismatch(value, $"{dim / 8} bytes or {dim} bits");
        var bits = e.Cast<object?>().Select(b => b switch
        {
            bool x => x,
            null => throw new EntityValueException("a bit is null."),
            _ => ToInteger(b, MilvusDataType.Int64) switch { 0 => false, 1 => true, _ => throw new EntityValueException("bits must be 0 or 1.") },
        }).ToList();
        if (bits.Count != dim) throw new EntityValueException($"the vector has {bits.Count} bits; the field has {dim}.");
        var bytes = new byte[dim / 8];
        for (var i = 0; i < dim; i++)
            if (bits[i]) bytes[i / 8] |= (byte)(0x80 >> (i % 8));
        return bytes;
    }

    /// <summary>
    /// A sparse vector row in Milvus's wire form: (uint32 index, float32 value) pairs, little-endian, sorted by index.
    /// Accepts a dictionary index→value (keys may be strings of digits, as JSON gives them).
    /// </summary>
    public static byte[] ToSparseVector(object value)
    {
        if (value is not IDictionary d) throw Mismatch(value, "a dictionary of index = value pairs");
        // Milvus's other row form: {"indices": [...], "values": [...]}.
        if (d.Count == 2 && d.Contains("indices") && d.Contains("values"))
        {
            if (d["indices"] is not IEnumerable indices || d["values"] is not IEnumerable values || indices is string || values is string)
                throw new EntityValueException("'indices' and 'values' must be lists of the same length.");
            var keys = indices.Cast<object?>().ToList();
            var numbers = values.Cast<object?>().ToList();
            if (keys.Count != numbers.Count) throw new EntityValueException($"'indices' has {keys.Count} entries and 'values' {numbers.Count}; they must match.");
            var pairs = new Hashtable();
            for (var i = 0; i < keys.Count; i++)
            {
                var key = keys[i] ?? throw new EntityValueException("a sparse index is null.");
                if (pairs.ContainsKey(ToInteger(key, MilvusDataType.Int64))) throw new EntityValueException($"sparse index {key} appears twice.");
                pairs[ToInteger(key, MilvusDataType.Int64)] = numbers[i];
            }
            d = pairs;
        }
        var pairsByIndex = new SortedDictionary<uint, float>();
        foreach (DictionaryEntry entry in d)
        {
            var index = ToInteger(entry.Key, MilvusDataType.Int64);
            if (index < 0 || index >= uint.MaxValue) throw new EntityValueException($"sparse index {index} is out of range [0, {uint.MaxValue - 1}].");
            var v = (float)ToDouble(entry.Value ?? throw new EntityValueException($"sparse value at index {index} is null."));
            if (float.IsNaN(v) || float.IsInfinity(v)) throw new EntityValueException($"sparse value at index {index} is NaN or infinity.");
            if (!pairsByIndex.TryAdd((uint)index, v)) throw new EntityValueException($"sparse index {index} appears twice.");
        }
        if (pairsByIndex.Count == 0) throw new EntityValueException("a sparse vector needs at least one entry.");
        var bytes = new byte[pairsByIndex.Count * 8];
        var n = 0;
        foreach (var (index, v) in pairsByIndex)
        {
            BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(n), index);
            BinaryPrimitives.WriteSingleLittleEndian(bytes.AsSpan(n + 4), v);
            n += 8;
        }
        return bytes;
    }

    /// <summary>The highest index + 1 of a packed sparse row (what SparseFloatArray.dim is made of).</summary>
    public static long SparseDimension(byte[] row) =>
        row.Length < 8 ? 0 : BinaryPrimitives.ReadUInt32LittleEndian(row.AsSpan(row.Length - 8)) + 1L;

    /// <summary>The list of an Array field's elements, each converted to the element type.</summary>
    public static IReadOnlyList<object> ToArray(object value, MilvusField field)
    {
        if (value is not IEnumerable e || value is string || value is IDictionary) throw Mismatch(value, $"an array of {field.ElementType}");
        var items = e.Cast<object?>().ToList();
        if (field.MaxCapacity is { } cap && items.Count > cap) throw new EntityValueException($"the array has {items.Count} elements; max_capacity is {cap}.");
        return items.Select(x => ToScalar(x ?? throw new EntityValueException("an array element is null."), field.ElementType ?? throw new EntityValueException("the field has no element type."), field.MaxLength)).ToList();
    }

    /// <summary>A scalar of a given type (used for array elements and scalar fields).</summary>
    public static object ToScalar(object value, MilvusDataType type, int? maxLength) => type switch
    {
        MilvusDataType.Bool => ToBool(value),
        MilvusDataType.Int8 or MilvusDataType.Int16 or MilvusDataType.Int32 or MilvusDataType.Int64 => ToInteger(value, type),
        MilvusDataType.Float => (float)ToDouble(value),
        MilvusDataType.Double => ToDouble(value),
        MilvusDataType.VarChar => ToVarChar(value, maxLength),
        _ => throw new EntityValueException($"{type} is not a scalar element type."),
    };

    /// <summary>Dictionaries and lists as plain .NET values System.Text.Json writes as objects and arrays.</summary>
    public static object? Plain(object? value) => value switch
    {
        null => null,
        string or bool or char => value,
        IDictionary d => PlainDictionary(d),
        IEnumerable e => e.Cast<object?>().Select(Plain).ToList(),
        _ => value,
    };

    // IDictionary's own enumerator yields DictionaryEntry for every dictionary type (a generic one's does not).
    private static Dictionary<string, object?> PlainDictionary(IDictionary d)
    {
        var result = new Dictionary<string, object?>(StringComparer.Ordinal);
        foreach (DictionaryEntry x in d) result[Convert.ToString(x.Key, C) ?? string.Empty] = Plain(x.Value);
        return result;
    }

    private static byte[] CheckLength(byte[] raw, int expected, int dim) =>
        raw.Length == expected ? raw : throw new EntityValueException($"the vector has {raw.Length} bytes; a {dim}-dimension field needs {expected}.");

    private static EntityValueException Mismatch(object value, string expected) =>
        new($"expected {expected}, got {Describe(value)}.");

    private static string Describe(object value) => value switch
    {
        string s => $"the string '{Shorten(s)}'",
        IEnumerable and not string => $"a {value.GetType().Name}",
        _ => $"{value} ({value.GetType().Name})",
    };

    private static string Shorten(string s) => s.Length <= 40 ? s : s[..37] + "...";
}
