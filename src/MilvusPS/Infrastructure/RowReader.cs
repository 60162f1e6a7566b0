using System.Collections;
using System.Management.Automation;

namespace MilvusPS.Infrastructure;

/// <summary>Reads pipeline objects (hashtables, PSCustomObjects, any object with properties) as rows of field name → plain .NET value.</summary>
internal static class RowReader
{
    public static Dictionary<string, object?> ToRow(object input)
    {
        var row = new Dictionary<string, object?>(StringComparer.Ordinal);
        var baseObject = input is PSObject p ? p.BaseObject : input;
        if (baseObject is IDictionary d)
        {
            foreach (DictionaryEntry e in d) row[e.Key.ToString() ?? string.Empty] = Plain(e.Value);
            return row;
        }
        foreach (var property in PSObject.AsPSObject(input).Properties)
        {
            if (!property.IsGettable) continue;
            row[property.Name] = Plain(property.Value);
        }
        return row;
    }

    /// <summary>
    /// A primary key from a pipeline item: an entity from Get-MilvusEntity (or any object) gives its key
    /// property, a plain value is the key itself.
    /// </summary>
    public static object KeyOf(object item, string primaryKey)
    {
        if (item is PSObject p && p.BaseObject is PSCustomObject or System.Collections.IDictionary)
        {
            var value = p.BaseObject is System.Collections.IDictionary d ? d[primaryKey] : p.Properties[primaryKey]?.Value;
            return Plain(value) ?? throw new ArgumentException($"The piped object has no '{primaryKey}' (the primary key).");
        }
        return Plain(item)!;
    }

    /// <summary>JSON from the server in PowerShell's own shapes: objects as PSCustomObjects, arrays as arrays, so a Get → Set round trip writes JSON back.</summary>
    public static object? FromJson(System.Text.Json.JsonElement j) => j.ValueKind switch
    {
        System.Text.Json.JsonValueKind.Object => ObjectFromJson(j),
        System.Text.Json.JsonValueKind.Array => j.EnumerateArray().Select(FromJson).ToArray(),
        System.Text.Json.JsonValueKind.String => j.GetString(),
        System.Text.Json.JsonValueKind.Number when j.TryGetInt64(out var l) => l,
        System.Text.Json.JsonValueKind.Number => j.GetDouble(),
        System.Text.Json.JsonValueKind.True => true,
        System.Text.Json.JsonValueKind.False => false,
        _ => null,
    };

    private static PSObject ObjectFromJson(System.Text.Json.JsonElement j)
    {
        var o = new PSObject();
        foreach (var p in j.EnumerateObject()) o.Properties.Add(new PSNoteProperty(p.Name, FromJson(p.Value)));
        return o;
    }

    /// <summary>A -FilterParameter hashtable as plain values keyed by placeholder name (null when not given).</summary>
    public static IReadOnlyDictionary<string, object?>? Templates(System.Collections.IDictionary? table)
    {
        if (table is null) return null;
        var result = new Dictionary<string, object?>(StringComparer.Ordinal);
        foreach (System.Collections.DictionaryEntry e in table) result[e.Key.ToString() ?? string.Empty] = Plain(e.Value);
        return result;
    }

    /// <summary>Unwraps PSObjects, recursively through arrays and dictionaries, so the core sees plain values.</summary>
    public static object? Plain(object? value) => value switch
    {
        null => null,
        // A calculated property that produced nothing arrives as an empty PSCustomObject: that is a null.
        PSObject { BaseObject: PSCustomObject } custom => custom.Properties.Any() ? ToRow(custom) : null,
        PSObject p => Plain(p.BaseObject),
        string or byte[] or float[] or double[] => value,
        IDictionary d => d.Cast<object>().Any() ? DictionaryOf(d) : new Dictionary<object, object?>(),
        IEnumerable e => PlainList(e),
        _ => value,
    };

    /// <summary>
    /// A list as plain values; a list of only doubles (or only floats), which is what PowerShell makes of a vector,
    /// comes back as double[] (float[]) so the core converts it without a per-element type switch.
    /// </summary>
    private static object PlainList(IEnumerable e)
    {
        var items = new List<object?>(e is ICollection c ? c.Count : 8);
        bool doubles = true, floats = true;
        foreach (var item in e)
        {
            var v = Plain(item);
            items.Add(v);
            doubles &= v is double;
            floats &= v is float;
        }
        if (items.Count > 0 && doubles)
        {
            var result = new double[items.Count];
            for (var i = 0; i < result.Length; i++) result[i] = (double)items[i]!;
            return result;
        }
        if (items.Count > 0 && floats)
        {
            var result = new float[items.Count];
            for (var i = 0; i < result.Length; i++) result[i] = (float)items[i]!;
            return result;
        }
        return items.ToArray();
    }

    private static Dictionary<object, object?> DictionaryOf(IDictionary d)
    {
        var result = new Dictionary<object, object?>();
        foreach (DictionaryEntry e in d) result[Plain(e.Key)!] = Plain(e.Value);
        return result;
    }
}
