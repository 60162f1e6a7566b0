using System.Numerics;
using System.Numerics.Tensors;
using System.Runtime.InteropServices;
using MilvusPS.Protocol;

namespace MilvusPS.Emulator.Search;

/// <summary>
/// Exact distance kernels. Dense float work goes through System.Numerics.Tensors (SIMD); 16-bit and int8 rows are
/// widened to float32 first (exactly: every float16, bfloat16 and int8 value is a float32 value).
/// </summary>
internal static class Kernels
{
    /// <summary>Squared Euclidean distance (Milvus's L2 takes no square root).</summary>
    public static float L2(ReadOnlySpan<float> a, ReadOnlySpan<float> b, Span<float> scratch)
    {
        TensorPrimitives.Subtract(a, b, scratch);
        return TensorPrimitives.SumOfSquares(scratch);
    }

    public static float IP(ReadOnlySpan<float> a, ReadOnlySpan<float> b) => TensorPrimitives.Dot(a, b);

    /// <summary>Cosine similarity; 0 when either vector is all zeros (no direction to compare).</summary>
    public static float Cosine(ReadOnlySpan<float> a, ReadOnlySpan<float> b)
    {
        var na = TensorPrimitives.Norm(a);
        var nb = TensorPrimitives.Norm(b);
        if (na == 0 || nb == 0) return 0;
        return TensorPrimitives.CosineSimilarity(a, b);
    }

    /// <summary>Number of differing bits.</summary>
    public static float Hamming(ReadOnlySpan<byte> a, ReadOnlySpan<byte> b)
    {
        var (x, _, _) = BitCounts(a, b);
        return x;
    }

    /// <summary>1 − |A∧B| / |A∨B|; 0 when both are empty.</summary>
    public static float Jaccard(ReadOnlySpan<byte> a, ReadOnlySpan<byte> b)
    {
        var (_, and, or) = BitCounts(a, b);
        return or == 0 ? 0 : 1 - (float)and / or;
    }

    private static (int Xor, int And, int Or) BitCounts(ReadOnlySpan<byte> a, ReadOnlySpan<byte> b)
    {
        int xor = 0, and = 0, or = 0, i = 0;
        var wa = MemoryMarshal.Cast<byte, ulong>(a);
        var wb = MemoryMarshal.Cast<byte, ulong>(b);
        for (; i < wa.Length; i++)
        {
            xor += BitOperations.PopCount(wa[i] ^ wb[i]);
            and += BitOperations.PopCount(wa[i] & wb[i]);
            or += BitOperations.PopCount(wa[i] | wb[i]);
        }
        for (var k = i * 8; k < a.Length; k++)
        {
            xor += BitOperations.PopCount((uint)(a[k] ^ b[k]));
            and += BitOperations.PopCount((uint)(a[k] & b[k]));
            or += BitOperations.PopCount((uint)(a[k] | b[k]));
        }
        return (xor, and, or);
    }

    /// <summary>Sparse inner product over the indices both vectors have; NaN (no hit) when they share none, as an inverted index never visits such rows.</summary>
    public static float SparseIP(Dictionary<uint, float> query, ReadOnlySpan<byte> row)
    {
        var sum = 0f;
        var any = false;
        for (var p = 0; p + 8 <= row.Length; p += 8)
        {
            var index = BitConverter.ToUInt32(row.Slice(p, 4));
            if (!query.TryGetValue(index, out var q)) continue;
            sum += q * BitConverter.ToSingle(row.Slice(p + 4, 4));
            any = true;
        }
        return any ? sum : float.NaN;
    }

    /// <summary>A stored 16-bit or int8 row as float32 values.</summary>
    public static void Widen(ReadOnlySpan<byte> bytes, DataType type, Span<float> target)
    {
        switch (type)
        {
            case DataType.Float16Vector:
                TensorPrimitives.ConvertToSingle(MemoryMarshal.Cast<byte, Half>(bytes), target);
                break;
            case DataType.Bfloat16Vector:
                var bits = MemoryMarshal.Cast<byte, ushort>(bytes);
                for (var i = 0; i < bits.Length; i++) target[i] = BFloat16ToFloat(bits[i]);
                break;
            default:
                var s = MemoryMarshal.Cast<byte, sbyte>(bytes);
                for (var i = 0; i < s.Length; i++) target[i] = s[i];
                break;
        }
    }

    public static float BFloat16ToFloat(ushort bits) => BitConverter.Int32BitsToSingle(bits << 16);

    /// <summary>float32 → bfloat16 with round-to-nearest-even (as the proxy's conversion does).</summary>
    public static ushort FloatToBFloat16(float value)
    {
        var bits = (uint)BitConverter.SingleToInt32Bits(value);
        if (float.IsNaN(value)) return (ushort)((bits >> 16) | 0x40);
        var rounding = 0x7FFFu + ((bits >> 16) & 1);
        return (ushort)((bits + rounding) >> 16);
    }
}
