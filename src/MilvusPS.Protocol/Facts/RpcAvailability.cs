namespace MilvusPS.Protocol.Facts;

/// <summary>Which MilvusService RPCs and message fields exist in which server versions (versions.tsv, fields-since.tsv).</summary>
public static class RpcAvailability
{
    private static readonly string[] Lines = ["2.3", "2.4", "2.5", "2.6", "3.0"];

    private sealed record Entry(HashSet<string> Lines, IReadOnlyDictionary<string, MilvusVersion> FirstTag);

    private static readonly Lazy<Dictionary<string, Entry>> Rpcs = new(LoadRpcs);
    private static readonly Lazy<Dictionary<string, Entry>> Fields = new(LoadFields);

    private static readonly Lazy<IReadOnlyDictionary<string, MilvusVersion>> Releases = new(LoadReleases);

    /// <summary>The release each tabulated line is described at (e.g. "2.4" → 2.4.24), from the version table's header.</summary>
    public static IReadOnlyDictionary<string, MilvusVersion> TabulatedReleases => Releases.Value;

    /// <summary>All RPC names the tables know (MilvusService and the others).</summary>
    public static IEnumerable<string> KnownRpcs => Rpcs.Value.Keys;

    /// <summary>Whether the RPC exists in a server of this version. Unknown RPCs are reported as absent.</summary>
    public static bool IsRpcAvailable(string rpc, MilvusVersion version) =>
        Rpcs.Value.TryGetValue(rpc, out var e) && Covers(e, version);

    /// <summary>The first version of the server's line that has the RPC, or null when that line never has it.</summary>
    public static MilvusVersion? RpcSince(string rpc, MilvusVersion version) =>
        Rpcs.Value.TryGetValue(rpc, out var e) ? Since(e, version) : null;

    /// <summary>The first release (any line) that has the RPC.</summary>
    public static MilvusVersion? RpcFirstRelease(string rpc) =>
        Rpcs.Value.TryGetValue(rpc, out var e) && e.FirstTag.Count > 0 ? e.FirstTag.Values.Min() : null;

    /// <summary>
    /// Whether a field exists in a server of this version. Fields the table does not list
    /// are present, unchanged, in every tabulated version.
    /// </summary>
    public static bool IsFieldAvailable(string message, string field, MilvusVersion version) =>
        !Fields.Value.TryGetValue(message + "." + field, out var e) || Covers(e, version);

    private static readonly Lazy<Dictionary<string, string>> EnumValues = new(() =>
        FactTable.Read("enum-values-since.tsv").ToDictionary(r => r["enum"] + "." + r["value"], r => r["first_line_present"], StringComparer.Ordinal));

    /// <summary>
    /// Whether an enum value (e.g. milvus.proto.schema.DataType / Int8Vector) exists in a server of this version.
    /// Values the table does not list exist in every tabulated version.
    /// </summary>
    public static bool IsEnumValueAvailable(string enumName, string value, MilvusVersion version) =>
        !EnumValues.Value.TryGetValue(enumName + "." + value, out var line) || version >= MilvusVersion.Parse(line);

    /// <summary>The release line where an enum value first appears (null: every tabulated line).</summary>
    public static string? EnumValueSinceLine(string enumName, string value) =>
        EnumValues.Value.GetValueOrDefault(enumName + "." + value);

    /// <summary>The first version in the server's line that has the field (null: that line lacks it; unlisted fields are always there).</summary>
    public static MilvusVersion? FieldSince(string message, string field, MilvusVersion version) =>
        Fields.Value.TryGetValue(message + "." + field, out var e) ? Since(e, version) : new MilvusVersion(2, 3, 0);

    /// <summary>The first release (any line) that has the field.</summary>
    public static MilvusVersion? FieldFirstRelease(string message, string field) =>
        Fields.Value.TryGetValue(message + "." + field, out var e) ? (e.FirstTag.Count > 0 ? e.FirstTag.Values.Min() : null) : new MilvusVersion(2, 3, 0);

    private static bool Covers(Entry e, MilvusVersion version)
    {
        var since = Since(e, version);
        return since is { } s && version >= new MilvusVersion(s.Major, s.Minor, s.Patch);
    }

    private static MilvusVersion? Since(Entry e, MilvusVersion version)
    {
        // A version newer than every tabulated line is judged by the newest line.
        var line = version.Line;
        if (!Lines.Contains(line) && version > new MilvusVersion(3, 0, 0)) line = Lines[^1];
        if (!e.Lines.Contains(line)) return null;
        return e.FirstTag.TryGetValue(line, out var first) ? first : new MilvusVersion(version.Major, version.Minor, 0);
    }

    private static IReadOnlyDictionary<string, MilvusVersion> LoadReleases()
    {
        // Header cells look like "2.4 (v2.4.24)".
        var result = new Dictionary<string, MilvusVersion>(StringComparer.Ordinal);
        foreach (var key in FactTable.Read("versions.tsv")[0].Keys)
        {
            var open = key.IndexOf('(');
            if (open > 0 && MilvusVersion.TryParse(key[(open + 1)..].TrimEnd(')'), out var v)) result[key[..open].Trim()] = v;
        }
        return result;
    }

    private static Dictionary<string, Entry> LoadRpcs()
    {
        var result = new Dictionary<string, Entry>(StringComparer.Ordinal);
        foreach (var row in FactTable.Read("versions.tsv"))
        {
            var lines = new HashSet<string>(StringComparer.Ordinal);
            foreach (var (key, value) in row)
                if (value == "yes" && key.Length > 3 && char.IsDigit(key[0])) lines.Add(key[..3]);
            result[row["rpc"]] = new Entry(lines, FactTable.ParseFirstTags(row["first_tag_in_each_line"]));
        }
        return result;
    }

    private static Dictionary<string, Entry> LoadFields()
    {
        var result = new Dictionary<string, Entry>(StringComparer.Ordinal);
        foreach (var row in FactTable.Read("fields-since.tsv"))
        {
            var tags = FactTable.ParseFirstTags(row["first_tag_in_each_line"]);
            // A field is in each line where it has a first tag; absence notes are reflected by a missing tag.
            result[row["message"] + "." + row["field"]] = new Entry(new HashSet<string>(tags.Keys, StringComparer.Ordinal), tags);
        }
        return result;
    }
}
