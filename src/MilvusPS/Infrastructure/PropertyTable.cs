using System.Collections;
using MilvusPS.Core.Operations;

namespace MilvusPS.Infrastructure;

/// <summary>Turns a -Property hashtable into the string pairs Milvus takes (booleans lower-case, numbers invariant).</summary>
internal static class PropertyTable
{
    public static IReadOnlyDictionary<string, string>? From(Hashtable? table)
    {
        if (table is null) return null;
        var result = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (DictionaryEntry e in table)
            result[e.Key.ToString() ?? string.Empty] = WireHelpers.PropertyText(e.Value is System.Management.Automation.PSObject p ? p.BaseObject : e.Value);
        return result;
    }
}
