namespace MilvusPS.Emulator.Query;

/// <summary>
/// One row as the filter evaluator sees it, independent of storage. <see cref="Get"/> returns, by field name:
/// <c>long</c> for every integer type, <c>double</c> for Float/Double, <c>string</c> for VarChar, <c>bool</c>,
/// a <see cref="System.Text.Json.JsonElement"/> for JSON fields (including the dynamic field <c>$meta</c>),
/// <see cref="IReadOnlyList{T}"/> of those scalars for Array fields, and <c>null</c> for a null value or an absent field.
/// </summary>
public interface IRowAccessor
{
    object? Get(string field);
}

/// <summary>An <see cref="IRowAccessor"/> over a dictionary (handy for tests and small row stores).</summary>
public sealed class DictionaryRow(IReadOnlyDictionary<string, object?> values) : IRowAccessor
{
    public object? Get(string field) => values.TryGetValue(field, out var v) ? v : null;
}
