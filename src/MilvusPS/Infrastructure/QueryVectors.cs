using System.Collections;

namespace MilvusPS.Infrastructure;

/// <summary>
/// Reads -Vector arguments: a flat list of numbers is one vector (the common case, -Vector 0.1, 0.2, 0.3);
/// a list of arrays, byte arrays, hashtables (sparse) or strings (BM25 text) is one query each.
/// </summary>
internal static class QueryVectors
{
    public static List<object> From(IEnumerable<object?> input)
    {
        var items = input.Select(RowReader.Plain).Where(x => x is not null).Cast<object>().ToList();
        if (items.Count > 0 && items.All(IsNumber)) return [items.ToArray()];
        return items;
    }

    private static bool IsNumber(object x) => x is sbyte or byte or short or ushort or int or uint or long or ulong or float or double or decimal or bool;
}
