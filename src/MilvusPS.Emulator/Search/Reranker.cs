using System.Globalization;
using System.Text.Json;
using MilvusPS.Emulator.Errors;
using WireKeyValue = MilvusPS.Protocol.KeyValuePair;

namespace MilvusPS.Emulator.Search;

/// <summary>
/// Hybrid-search reranking (proxy reScorer.go + parseRankParams): RRF (Σ 1/(k + rank), rank 1-based within each
/// sub-result) or weighted (Σ wᵢ·f(dᵢ), f the metric's normalisation when norm_score, else the raw score); entities
/// missing from a sub-result contribute nothing. Sorted descending, ties by primary key; then offset/limit, round_decimal.
/// Texts verified against reScorer.go (2.4) and search_util.go parseRankParams unless marked.
/// </summary>
internal sealed class Reranker
{
    public const double DefaultRrfK = 60;
    public const double MaxRrfK = 16384;

    private Reranker(bool rrf, double k, float[] weights, bool normalize)
    {
        IsRrf = rrf;
        K = k;
        Weights = weights;
        Normalize = normalize;
    }

    public bool IsRrf { get; }
    public double K { get; }
    public float[] Weights { get; }
    public bool Normalize { get; }

    private static string? Get(IReadOnlyList<WireKeyValue> pairs, string key) => pairs.FirstOrDefault(p => p.Key == key)?.Value;

    /// <summary>NewReScorers.</summary>
    public static Reranker Parse(IReadOnlyList<WireKeyValue> rankParams, int requests)
    {
        var strategy = Get(rankParams, "strategy");
        if (strategy is null) return new Reranker(true, DefaultRrfK, [], false);
        if (strategy is not ("rrf" or "weighted")) throw MilvusError.Plain($"unsupported rank type {strategy}");
        var paramText = Get(rankParams, "params") ?? throw MilvusError.Plain("params not found in rank_params");
        JsonElement p;
        try
        {
            using var doc = JsonDocument.Parse(paramText);
            p = doc.RootElement.Clone();
        }
        catch (JsonException)
        {
            // unverified text: Go's json.Unmarshal error is returned as is.
            throw MilvusError.Plain($"invalid character in rank params: {paramText}");
        }
        if (p.ValueKind != JsonValueKind.Object)
            // unverified text (json: cannot unmarshal into map)
            throw MilvusError.Plain($"json: cannot unmarshal {p.ValueKind.ToString().ToLowerInvariant()} into Go value of type map[string]interface {{}}");

        if (strategy == "rrf")
        {
            if (!p.TryGetProperty("k", out var kv)) throw MilvusError.Plain("k not found in rank_params");
            if (kv.ValueKind != JsonValueKind.Number) throw MilvusError.Plain("The type of rank param k should be float");
            var k = kv.GetDouble();
            if (k <= 0 || k >= MaxRrfK) throw MilvusError.Plain($"The rank params k should be in range (0, {MaxRrfK.ToString(CultureInfo.InvariantCulture)})");
            return new Reranker(true, k, [], false);
        }

        if (!p.TryGetProperty("weights", out var wv)) throw MilvusError.Plain("weights not found in rank_params");
        if (wv.ValueKind != JsonValueKind.Array) throw MilvusError.Plain("The weights param should be an array");
        var weights = new List<float>();
        foreach (var item in wv.EnumerateArray())
        {
            if (item.ValueKind != JsonValueKind.Number) throw MilvusError.Plain("The type of rank param weight should be float");
            var w = item.GetDouble();
            if (w < 0 || w > 1) throw MilvusError.Plain("rank param weight should be in range [0, 1]");
            weights.Add((float)w);
        }
        if (weights.Count != requests)
            throw MilvusError.Of("ParameterInvalid", ("expected", requests), ("actual", weights.Count)).Wrap("the length of weights param mismatch with ann search requests");
        var normalize = true;
        if (p.TryGetProperty("norm_score", out var nv))
        {
            if (nv.ValueKind is not (JsonValueKind.True or JsonValueKind.False))
                // unverified text
                throw MilvusError.Plain("The type of rank param norm_score should be bool");
            normalize = nv.GetBoolean();
        }
        return new Reranker(false, 0, weights.ToArray(), normalize);
    }

    /// <summary>parseRankParams: limit (required), offset, the result window, round_decimal.</summary>
    public static RankWindow ParseWindow(IReadOnlyList<WireKeyValue> rankParams)
    {
        var limitText = Get(rankParams, "limit") ?? throw MilvusError.Plain("limit not found in rank_params");
        if (!long.TryParse(limitText, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var limit))
            throw MilvusError.Plain($"limit [{limitText}] is invalid");
        long offset = 0;
        if (Get(rankParams, "offset") is { } offsetText && !long.TryParse(offsetText, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out offset))
            throw MilvusError.Plain($"offset [{offsetText}] is invalid");
        const string prefix = "invalid max query result window, ";
        if (offset < 0) throw MilvusError.Plain($"{prefix}offset [{offset}] is invalid, should be gte than 0");
        if (limit <= 0) throw MilvusError.Plain($"{prefix}limit [{limit}] is invalid, should be greater than 0");
        var depth = offset + limit;
        if (depth <= 0 || depth > SearchPlan.TopKLimit)
            throw MilvusError.Plain($"{prefix}(offset+limit) should be in range [1, {SearchPlan.TopKLimit}], but got {depth}");
        var roundText = Get(rankParams, "round_decimal") ?? "-1";
        if (!long.TryParse(roundText, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var round) || (round != -1 && (round < 0 || round > 6)))
            throw MilvusError.Plain($"round_decimal [{roundText}] is invalid, should be -1 or an integer in range [0, 6]");
        return new RankWindow(limit, offset, (int)round);
    }

    /// <summary>Merges one query's sub-results (each best-first, with its metric) into the final page.</summary>
    public List<Hit> Merge(IReadOnlyList<(List<Hit> Hits, Metric Metric)> subResults, RankWindow window)
    {
        var scores = new Dictionary<Storage.PrimaryKey, (Hit Hit, float Score)>();
        for (var i = 0; i < subResults.Count; i++)
        {
            var (hits, metric) = subResults[i];
            for (var rank = 0; rank < hits.Count; rank++)
            {
                var h = hits[rank];
                float contribution = IsRrf
                    ? 1 / ((float)K + rank + 1)
                    : Weights[i] * (Normalize ? Metrics.Normalize(metric, h.Score) : h.Score);
                scores[h.Key] = scores.TryGetValue(h.Key, out var seen) ? (seen.Hit, seen.Score + contribution) : (h, contribution);
            }
        }
        var merged = scores.Values.Select(v => v.Hit with { Score = v.Score }).ToList();
        merged.Sort(new SearchEngine.BestFirst(largerIsCloser: true));
        var page = merged.Skip((int)window.Offset).Take((int)window.Limit).ToList();
        if (window.RoundDecimal >= 0)
            for (var j = 0; j < page.Count; j++) page[j] = page[j] with { Score = SearchEngine.Round(page[j].Score, window.RoundDecimal) };
        return page;
    }
}
