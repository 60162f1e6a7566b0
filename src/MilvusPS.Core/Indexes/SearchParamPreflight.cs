using System.Globalization;
using MilvusPS.Core.Data;
using MilvusPS.Core.Errors;
using MilvusPS.Core.Operations;
using MilvusPS.Protocol.Facts;

namespace MilvusPS.Core.Indexes;

/// <summary>
/// A search's index parameters checked against the index facts before sending: the ranges knowhere enforces
/// (nprobe in [1, 65536], ...) and "at least k" for ef and search_list. The server refuses these once the index
/// serves the search, which at scale is always, so the mistake is caught here with the index named instead.
/// nprobe above nlist is left alone (Milvus caps it); range searches, which adjust k themselves, skip the k rule.
/// </summary>
public static class SearchParamPreflight
{
    private static readonly HashSet<string> Known = IndexFacts.All.SelectMany(t => t.SearchParams).Select(p => p.Name).ToHashSet(StringComparer.Ordinal);

    /// <summary>Whether any parameter is one an index type checks (else there is nothing to look up).</summary>
    public static bool Concerns(IReadOnlyDictionary<string, object?> parameters) => parameters.Keys.Any(Known.Contains);

    /// <summary>Throws SearchParameterInvalid (InvalidArgument) for the first parameter the field's index would refuse.</summary>
    public static void Check(string operation, string collection, MilvusIndexSummary index, IReadOnlyDictionary<string, object?> parameters, long k)
    {
        if (IndexFacts.Find(index.IndexType) is not { } fact) return; // AUTOINDEX and unknown types: the server decides
        var violation = fact.FindSearchParamViolation(name => parameters.TryGetValue(name, out var raw) && raw is not null && TryNumber(raw, out var v) ? v : null,
            k, checkK: !parameters.ContainsKey("radius"));
        if (violation is null) return;
        var (p, given) = (violation.Param, Format(violation.Value));
        var where = $"the {fact.Name} index on '{index.FieldName}'";
        throw MilvusErrors.Invalid(operation, $"{collection}.{index.FieldName}", violation.BelowK
            ? $"{p.Name}={given} is below Limit + Offset ({k}) for {where}; Milvus refuses it ({p.Name}({given}) should be larger than k({k})). Use {p.Name} of at least {k}."
            : $"{p.Name}={given} is out of range {p.Range} for {where}; nearest valid: {Format(p.Range!.Nearest(violation.Value, p.Type == IndexParamType.Int))}.",
            "SearchParameterInvalid");
    }

    private static bool TryNumber(object raw, out double value)
    {
        value = 0;
        try
        {
            value = EntityValues.ToDouble(EntityValues.Plain(raw)!);
            return !double.IsNaN(value);
        }
        catch (EntityValueException)
        {
            return false; // not a number: the server's parser reports it
        }
    }

    private static string Format(double v) => v.ToString("0.####", CultureInfo.InvariantCulture);
}
