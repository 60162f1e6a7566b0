namespace MilvusPS.Emulator.Search;

/// <summary>The metrics a search can rank by (milvus-facts/metrics.tsv).</summary>
internal enum Metric
{
    L2,
    IP,
    Cosine,
    Hamming,
    Jaccard,
    Bm25,
}

internal static class Metrics
{
    /// <summary>The metric for an index's <c>metric_type</c> (names as Milvus writes them); null when the emulator cannot rank by it.</summary>
    public static Metric? Parse(string? name) => name?.ToUpperInvariant() switch
    {
        "L2" => Metric.L2,
        "IP" => Metric.IP,
        "COSINE" => Metric.Cosine,
        "HAMMING" => Metric.Hamming,
        "JACCARD" => Metric.Jaccard,
        "BM25" => Metric.Bm25,
        _ => null,
    };

    /// <summary>metric.PositivelyRelated: larger scores are closer (IP, COSINE, BM25).</summary>
    public static bool LargerIsCloser(Metric m) => m is Metric.IP or Metric.Cosine or Metric.Bm25;

    /// <summary>
    /// The weighted reranker's normalisation (norm_score=true), per milvus-facts/consistency-and-search.md §3:
    /// COSINE (1+d)/2; IP 0.5+atan(d)/π; BM25 2·atan(d)/π; distance metrics 1−2·atan(d)/π.
    /// </summary>
    public static float Normalize(Metric m, float d) => m switch
    {
        Metric.Cosine => (1 + d) / 2,
        Metric.IP => 0.5f + (float)(Math.Atan(d) / Math.PI),
        Metric.Bm25 => (float)(2 * Math.Atan(d) / Math.PI),
        _ => 1 - (float)(2 * Math.Atan(d) / Math.PI),
    };
}
