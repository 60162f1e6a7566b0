using System.Text.Json;
using MilvusPS.Protocol;

namespace MilvusPS.Emulator.Storage;

/// <summary>
/// One stored row as the filter engine reads it (<c>Get(field)</c>): schema fields by name, <c>$meta</c> as a JsonElement,
/// and — when the collection is dynamic — any other name as a top-level key of <c>$meta</c> (null when absent).
/// One instance is moved across rows during a scan; filters must not keep it.
/// </summary>
internal sealed class RowView : Query.IRowAccessor
{
    private readonly Dictionary<string, FieldSchema> _fields;
    private readonly FieldSchema? _dynamic;
    private JsonElement? _meta;

    public RowView(CollectionSchema schema)
    {
        _fields = schema.Fields.Where(f => !f.IsDynamic).ToDictionary(f => f.Name, StringComparer.Ordinal);
        _dynamic = schema.Fields.FirstOrDefault(f => f.IsDynamic);
    }

    public Segment Segment { get; private set; } = null!;
    public int Row { get; private set; }

    public RowView At(RowRef r)
    {
        Segment = r.Segment;
        Row = r.Row;
        _meta = null;
        return this;
    }

    public object? Get(string field)
    {
        if (_fields.TryGetValue(field, out var f))
            return Segment.Find(f.FieldID) is { } c ? c.Get(Row) : null;
        if (_dynamic is null) return null;
        var meta = Meta();
        if (field == _dynamic.Name) return meta;
        return meta.ValueKind == JsonValueKind.Object && meta.TryGetProperty(field, out var v) ? v : null;
    }

    private JsonElement Meta()
    {
        if (_meta is { } m) return m;
        var value = _dynamic is not null && Segment.Find(_dynamic.FieldID) is { } c && c.Get(Row) is JsonElement e ? e : default;
        _meta = value;
        return value;
    }
}
