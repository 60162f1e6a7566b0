using System.Globalization;

namespace MilvusPS.Protocol.Facts;

/// <summary>
/// A Milvus server or release version such as 2.6.22 or v2.5.0-beta.
/// A pre-release sorts before its release (2.5.0-beta &lt; 2.5.0), as in semver.
/// </summary>
public readonly record struct MilvusVersion(int Major, int Minor, int Patch, string? PreRelease = null)
    : IComparable<MilvusVersion>
{
    /// <summary>The newest line the wire tables describe in full; the emulator's default.</summary>
    public static readonly MilvusVersion Newest = new(2, 6, 22);

    /// <summary>The release line, such as "2.6".</summary>
    public string Line => $"{Major}.{Minor}";

    public static MilvusVersion Parse(string text) =>
        TryParse(text, out var v) ? v : throw new FormatException($"'{text}' is not a Milvus version (expected e.g. 2.6.3 or v2.5.0-beta).");

    /// <summary>Accepts "2.6", "2.6.3", "v2.6.3", "v2.5.0-beta", "2.6.3-rc.1+build" and a trailing "-dev"/git suffix.</summary>
    public static bool TryParse(string? text, out MilvusVersion version)
    {
        version = default;
        if (string.IsNullOrWhiteSpace(text)) return false;
        var s = text.Trim();
        if (s.StartsWith('v') || s.StartsWith('V')) s = s[1..];
        var plus = s.IndexOf('+');
        if (plus >= 0) s = s[..plus];
        string? pre = null;
        var dash = s.IndexOf('-');
        if (dash >= 0) { pre = s[(dash + 1)..]; s = s[..dash]; }
        var parts = s.Split('.');
        if (parts.Length is < 2 or > 3) return false;
        if (!int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var major)) return false;
        if (!int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var minor)) return false;
        var patch = 0;
        if (parts.Length == 3 && !int.TryParse(parts[2], NumberStyles.None, CultureInfo.InvariantCulture, out patch)) return false;
        version = new MilvusVersion(major, minor, patch, string.IsNullOrEmpty(pre) ? null : pre);
        return true;
    }

    public int CompareTo(MilvusVersion other)
    {
        var c = Major.CompareTo(other.Major);
        if (c != 0) return c;
        c = Minor.CompareTo(other.Minor);
        if (c != 0) return c;
        c = Patch.CompareTo(other.Patch);
        if (c != 0) return c;
        if (PreRelease is null) return other.PreRelease is null ? 0 : 1;
        if (other.PreRelease is null) return -1;
        return string.CompareOrdinal(PreRelease, other.PreRelease);
    }

    public static bool operator <(MilvusVersion a, MilvusVersion b) => a.CompareTo(b) < 0;
    public static bool operator >(MilvusVersion a, MilvusVersion b) => a.CompareTo(b) > 0;
    public static bool operator <=(MilvusVersion a, MilvusVersion b) => a.CompareTo(b) <= 0;
    public static bool operator >=(MilvusVersion a, MilvusVersion b) => a.CompareTo(b) >= 0;

    public override string ToString() => PreRelease is null ? $"{Major}.{Minor}.{Patch}" : $"{Major}.{Minor}.{Patch}-{PreRelease}";
}
