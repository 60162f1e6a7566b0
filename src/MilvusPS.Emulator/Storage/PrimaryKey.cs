using System.Globalization;
using MilvusPS.Protocol;

namespace MilvusPS.Emulator.Storage;

/// <summary>A primary-key value: an Int64 or a VarChar. Equality and ordering follow the key type.</summary>
public readonly record struct PrimaryKey(long Long, string? Text) : IComparable<PrimaryKey>
{
    public static PrimaryKey Of(long value) => new(value, null);
    public static PrimaryKey Of(string value) => new(0, value);

    public bool IsString => Text is not null;

    /// <summary>The value as the filter engine sees it (long or string).</summary>
    public object Value => Text is null ? Long : Text;

    public int CompareTo(PrimaryKey other) =>
        Text is null && other.Text is null ? Long.CompareTo(other.Long) : TextOrder.Compare(Text, other.Text);

    public override string ToString() => Text ?? Long.ToString(CultureInfo.InvariantCulture);

    /// <summary>Wire IDs for a list of keys of one type.</summary>
    public static IDs ToIds(IReadOnlyList<PrimaryKey> keys, DataType pkType)
    {
        var ids = new IDs();
        if (pkType == DataType.VarChar)
        {
            ids.StrId = new StringArray();
            foreach (var k in keys) ids.StrId.Data.Add(k.Text ?? string.Empty);
        }
        else
        {
            ids.IntId = new LongArray();
            foreach (var k in keys) ids.IntId.Data.Add(k.Long);
        }
        return ids;
    }
}

/// <summary>
/// The hashes Milvus uses to route a partition-key value to one of the <c>_default_N</c> buckets
/// (typeutil.HashKey2Partitions): Int64 keys by murmur3-32 of the 8 little-endian bytes (masked to 31 bits),
/// VarChar keys by CRC-32 (IEEE) of the first 100 bytes. Believed to match the server; not verified against one.
/// </summary>
public static class PartitionKeyHash
{
    private static readonly uint[] CrcTable = BuildCrcTable();

    public static int Bucket(object key, int numPartitions) => (int)(Hash(key) % (uint)numPartitions);

    public static uint Hash(object key) => key switch
    {
        long l => Murmur3(BitConverter.GetBytes(l)) & 0x7fffffff,
        string s => Crc32(System.Text.Encoding.UTF8.GetBytes(s) is var b && b.Length > 100 ? b[..100] : b),
        _ => 0,
    };

    private static uint[] BuildCrcTable()
    {
        var table = new uint[256];
        for (uint i = 0; i < 256; i++)
        {
            var c = i;
            for (var k = 0; k < 8; k++) c = (c & 1) != 0 ? 0xEDB88320u ^ (c >> 1) : c >> 1;
            table[i] = c;
        }
        return table;
    }

    public static uint Crc32(ReadOnlySpan<byte> data)
    {
        var crc = 0xFFFFFFFFu;
        foreach (var b in data) crc = CrcTable[(crc ^ b) & 0xFF] ^ (crc >> 8);
        return ~crc;
    }

    public static uint Murmur3(ReadOnlySpan<byte> data, uint seed = 0)
    {
        const uint c1 = 0xcc9e2d51, c2 = 0x1b873593;
        var h = seed;
        var blocks = data.Length / 4;
        for (var i = 0; i < blocks; i++)
        {
            var k = BitConverter.ToUInt32(data.Slice(i * 4, 4));
            k *= c1; k = (k << 15) | (k >> 17); k *= c2;
            h ^= k; h = (h << 13) | (h >> 19); h = h * 5 + 0xe6546b64;
        }
        var tail = data[(blocks * 4)..];
        uint t = 0;
        switch (tail.Length)
        {
            case 3: t ^= (uint)tail[2] << 16; goto case 2;
            case 2: t ^= (uint)tail[1] << 8; goto case 1;
            case 1:
                t ^= tail[0];
                t *= c1; t = (t << 15) | (t >> 17); t *= c2; h ^= t;
                break;
        }
        h ^= (uint)data.Length;
        h ^= h >> 16; h *= 0x85ebca6b; h ^= h >> 13; h *= 0xc2b2ae35; h ^= h >> 16;
        return h;
    }
}
