using System.Collections;
using System.Globalization;
using System.Text.Json;
using Google.Protobuf;
using MilvusPS.Protocol;

namespace MilvusPS.Core.Data;

/// <summary>
/// Filter template values (<c>id in {ids}</c> with ids bound separately): the server parses the expression
/// once and the values travel typed, so no quoting or injection worries (Milvus 2.4.16+).
/// </summary>
public static class FilterTemplates
{
    public static Dictionary<string, TemplateValue> ToWire(IReadOnlyDictionary<string, object?> values) =>
        values.ToDictionary(v => v.Key, v => Value(v.Value, v.Key), StringComparer.Ordinal);

    private static TemplateValue Value(object? value, string name) => value switch
    {
        null => throw new EntityValueException($"The template value '{name}' is null; Milvus templates take no nulls."),
        bool b => new TemplateValue { BoolVal = b },
        sbyte or byte or short or ushort or int or uint or long => new TemplateValue { Int64Val = Convert.ToInt64(value, CultureInfo.InvariantCulture) },
        float or double or decimal => new TemplateValue { FloatVal = Convert.ToDouble(value, CultureInfo.InvariantCulture) },
        string s => new TemplateValue { StringVal = s },
        IEnumerable e and not IDictionary => new TemplateValue { ArrayVal = Array(e.Cast<object?>().ToList(), name) },
        _ => throw new EntityValueException($"The template value '{name}' is a {value.GetType().Name}; use a bool, number, string or array."),
    };

    private static TemplateArrayValue Array(List<object?> items, string name)
    {
        var result = new TemplateArrayValue();
        if (items.All(i => i is bool)) { result.BoolData = new BoolArray(); result.BoolData.Data.AddRange(items.Cast<bool>()); }
        else if (items.All(i => i is sbyte or byte or short or ushort or int or uint or long)) { result.LongData = new LongArray(); result.LongData.Data.AddRange(items.Select(i => Convert.ToInt64(i, CultureInfo.InvariantCulture))); }
        else if (items.All(i => i is sbyte or byte or short or ushort or int or uint or long or float or double or decimal)) { result.DoubleData = new DoubleArray(); result.DoubleData.Data.AddRange(items.Select(i => Convert.ToDouble(i, CultureInfo.InvariantCulture))); }
        else if (items.All(i => i is string)) { result.StringData = new StringArray(); result.StringData.Data.AddRange(items.Cast<string>()); }
        else if (items.All(i => i is IEnumerable and not string and not IDictionary)) { result.ArrayData = new TemplateArrayValueArray(); result.ArrayData.Data.AddRange(items.Select(i => Array(((IEnumerable)i!).Cast<object?>().ToList(), name))); }
        else { result.JsonData = new JSONArray(); result.JsonData.Data.AddRange(items.Select(i => ByteString.CopyFrom(JsonSerializer.SerializeToUtf8Bytes(EntityValues.Plain(i))))); }
        return result;
    }
}
