using System.Text;

namespace MilvusPS.Emulator.Storage;

/// <summary>
/// Milvus compares strings as UTF-8 bytes (std::string), which is code-point order. .NET's ordinal order is UTF-16
/// code units and differs for characters above U+FFFF against U+E000–U+FFFF, so keys and filters use this instead.
/// </summary>
public static class TextOrder
{
    public static int Compare(string? a, string? b)
    {
        if (ReferenceEquals(a, b)) return 0;
        if (a is null) return -1;
        if (b is null) return 1;
        var x = a.EnumerateRunes();
        var y = b.EnumerateRunes();
        while (true)
        {
            var hasX = x.MoveNext();
            var hasY = y.MoveNext();
            if (!hasX || !hasY) return hasX ? 1 : hasY ? -1 : 0;
            var c = x.Current.Value.CompareTo(y.Current.Value);
            if (c != 0) return c;
        }
    }
}
