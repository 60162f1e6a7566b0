using System.Globalization;
using System.Text.Json;
using MilvusPS.Emulator.Errors;
using MilvusPS.Protocol.Facts;

namespace MilvusPS.Emulator.Search;

/// <summary>
/// The index search parameters knowhere checks when a query node searches an indexed sealed segment (CheckAndAdjust):
/// a range from the index facts ("Out of range in json: param 'nprobe' (0) should be in range [1, 65536]") and
/// "should be larger than k" for ef / search_list. The proxy checks none of them, and growing segments (brute force or
/// an interim index) never do, so a search that touches no indexed segment passes whatever it sends. nprobe above
/// nlist is not an error (faiss caps it). The delegator re-wraps a worker's failure as a plain error, so the client
/// sees code 65535 (UnexpectedError) with the query node's text; the prefixes are the shape seen in Milvus 2.5/2.6
/// issue reports, the config dump Milvus puts before "out of range in json" is left out.
/// </summary>
internal static class SearchParamCheck
{
    public static void Check(IndexTypeFact? index, SearchPlan plan, long nodeId)
    {
        if (index is null || plan.ParamsText.Length == 0) return;
        // Range search, grouping and iterators adjust k on their own paths: only a plain top-k search is checked here.
        if (plan.Radius is not null || plan.GroupBy is not null || plan.IsIterator) return;
        Dictionary<string, JsonElement> values;
        try
        {
            using var doc = JsonDocument.Parse(plan.ParamsText);
            if (doc.RootElement.ValueKind != JsonValueKind.Object) return;
            values = doc.RootElement.EnumerateObject().ToDictionary(p => p.Name, p => p.Value.Clone(), StringComparer.Ordinal);
        }
        catch (JsonException)
        {
            return; // the proxy reports unparsable params itself
        }

        var violation = index.FindSearchParamViolation(name => values.TryGetValue(name, out var raw) && TryNumber(raw, out var v) ? v : null, plan.QueryTopK, checkK: true);
        if (violation is null) return;
        var (param, value) = (violation.Param, Format(violation.Value));
        if (!violation.BelowK)
            throw Failed(nodeId, $"Out of range in json: param '{param.Name}' ({value}) should be in range {param.Range}");
        // DISKANN's check names its config key, search_list_size.
        var name = param.Name == "search_list" ? "search_list_size" : param.Name;
        throw Failed(nodeId, $"failed to search: out of range in json: {name}({value}) should be larger than k({plan.QueryTopK})");
    }

    private static MilvusError Failed(long nodeId, string text) =>
        MilvusError.Plain($"fail to search on QueryNode {nodeId}: worker({nodeId}) query failed: {text}");

    private static bool TryNumber(JsonElement e, out double value)
    {
        value = 0;
        return e.ValueKind switch
        {
            JsonValueKind.Number => e.TryGetDouble(out value),
            JsonValueKind.String => double.TryParse(e.GetString(), NumberStyles.Float, CultureInfo.InvariantCulture, out value),
            _ => false,
        };
    }

    private static string Format(double v) => v.ToString("0.####", CultureInfo.InvariantCulture);
}
