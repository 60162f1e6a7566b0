using System.Reflection;

namespace MilvusPS.Protocol.Facts;

/// <summary>Reads one of the tab-separated fact tables embedded in this assembly (header row first).</summary>
internal static class FactTable
{
    public static IReadOnlyList<IReadOnlyDictionary<string, string>> Read(string fileName)
    {
        var asm = typeof(FactTable).Assembly;
        using var stream = asm.GetManifestResourceStream("MilvusPS.Protocol.Facts." + fileName)
            ?? throw new InvalidOperationException($"Embedded fact table '{fileName}' is missing from {asm.GetName().Name}.");
        using var reader = new StreamReader(stream);
        var header = (reader.ReadLine() ?? string.Empty).Split('\t');
        var rows = new List<IReadOnlyDictionary<string, string>>();
        string? line;
        while ((line = reader.ReadLine()) is not null)
        {
            if (line.Length == 0) continue;
            var cells = line.Split('\t');
            var row = new Dictionary<string, string>(StringComparer.Ordinal);
            for (var i = 0; i < header.Length; i++) row[header[i]] = i < cells.Length ? cells[i] : string.Empty;
            rows.Add(row);
        }
        return rows;
    }

    /// <summary>Parses "v2.4.16; v2.5.0-beta; v3.0.0-beta" into the first version per release line.</summary>
    public static IReadOnlyDictionary<string, MilvusVersion> ParseFirstTags(string cell)
    {
        var result = new Dictionary<string, MilvusVersion>(StringComparer.Ordinal);
        foreach (var part in cell.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            if (MilvusVersion.TryParse(part, out var v)) result.TryAdd(v.Line, v);
        return result;
    }
}
