using System.Globalization;
using Google.Protobuf.Collections;
using KeyValuePair = MilvusPS.Protocol.KeyValuePair;

namespace MilvusPS.Core.Operations;

/// <summary>Small conversions every operation needs: properties, hybrid timestamps.</summary>
public static class WireHelpers
{
    /// <summary>Milvus hybrid timestamps keep physical milliseconds above 18 logical bits.</summary>
    public static DateTimeOffset? FromHybridTimestamp(ulong ts) =>
        ts == 0 ? null : DateTimeOffset.FromUnixTimeMilliseconds((long)(ts >> 18)).ToLocalTime();

    /// <summary>A UTC timestamp field (milliseconds since the epoch) as a local time.</summary>
    public static DateTimeOffset? FromUnixMilliseconds(ulong ms) =>
        ms == 0 ? null : DateTimeOffset.FromUnixTimeMilliseconds((long)ms).ToLocalTime();

    public static IReadOnlyDictionary<string, string> ToDictionary(RepeatedField<KeyValuePair> pairs)
    {
        var result = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var p in pairs) result[p.Key] = p.Value;
        return result;
    }

    public static IEnumerable<KeyValuePair> ToPairs(IEnumerable<KeyValuePair<string, string>>? properties) =>
        properties?.Select(p => new KeyValuePair { Key = p.Key, Value = p.Value }) ?? [];

    /// <summary>Property values as Milvus takes them: strings, with booleans lower-case and numbers invariant.</summary>
    public static string PropertyText(object? value) => value switch
    {
        null => string.Empty,
        bool b => b ? "true" : "false",
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? string.Empty,
    };
}
