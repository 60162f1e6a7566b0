using MilvusPS.Emulator.Storage;
using MilvusPS.Protocol;

namespace MilvusPS.Emulator.Search;

/// <summary>One search hit: where the row lives, its primary key and its score (distance or similarity).</summary>
internal readonly record struct Hit(RowRef Row, PrimaryKey Key, float Score);

/// <summary>What the engine needs besides the plan: the effective metric, the queries, BM25 parameters when the field is a BM25 output, and a v2 iterator's page window.</summary>
internal sealed record SearchInput(SearchPlan Plan, Metric Metric, QueryVectors Queries, FieldSchema? Bm25Input, double K1, double B, bool IgnoreGrowing, PageWindow? Page = null);

/// <summary>
/// Exact (brute-force) search: every live, newest-per-key row of the searched partitions that passes the filter is
/// scored against each query; a bounded heap per query keeps the best topk+offset (ties by primary key), or — with
/// group-by — groups are filled in score order as segcore's group iterator fills them. Range bounds drop rows before
/// ranking; offset then drops the first hits (or groups). Scores are rounded when round_decimal asks.
/// </summary>
internal static class SearchEngine
{
    /// <summary>Runs under the collection's lock. Returns per query the hits best-first, and the candidate count.</summary>
    public static (List<Hit>[] PerQuery, long Candidates) Run(CollectionData data, CollectionSchema schema, IReadOnlySet<long> scope, SearchInput input)
    {
        return data.Read(() =>
        {
            var plan = input.Plan;
            // Key order is not needed: ranking breaks score ties by key itself.
            var rows = data.Scan(schema, scope, plan.Filter, dedupe: true, byKey: false);
            if (input.IgnoreGrowing) rows = rows.Where(r => r.Segment.State != Storage.SegmentState.Growing).ToList();
            var score = Scorer(data, schema, rows, input);
            var larger = Metrics.LargerIsCloser(input.Metric);
            var comparer = new BestFirst(larger);
            var result = new List<Hit>[input.Queries.Count];
            for (var q = 0; q < input.Queries.Count; q++)
            {
                // Without grouping only the best topk+offset hits are kept while scanning; grouping needs them all.
                var best = plan.GroupBy is null ? new TopK(comparer, (int)plan.QueryTopK) : null;
                var candidates = new List<Hit>();
                foreach (var r in rows)
                {
                    var s = score(q, r);
                    if (s is not { } d || float.IsNaN(d)) continue;
                    if (!InRange(plan, input.Metric, d)) continue;
                    var key = r.Segment.Keys[r.Row];
                    if (input.Page is { } page && !page.Admits(d, key)) continue;
                    if (best is not null) best.Offer(new Hit(r, key, d));
                    else candidates.Add(new Hit(r, key, d));
                }
                var hits = best is not null ? best.BestFirst((int)plan.Offset) : Grouped(candidates, comparer, plan, plan.GroupBy!);
                if (plan.RoundDecimal >= 0)
                    for (var i = 0; i < hits.Count; i++) hits[i] = hits[i] with { Score = Round(hits[i].Score, plan.RoundDecimal) };
                result[q] = hits;
            }
            return (result, (long)rows.Count);
        });
    }

    private static bool InRange(SearchPlan plan, Metric metric, float d)
    {
        if (plan.Radius is not { } radius) return true;
        var r = (float)radius;
        if (Metrics.LargerIsCloser(metric))
            return d > r && (plan.RangeFilter is not { } rf || d <= (float)rf);
        return d < r && (plan.RangeFilter is not { } lf || d >= (float)lf);
    }

    /// <summary>The proxy's rounding: floor(x·10^n + 0.5) / 10^n.</summary>
    public static float Round(float score, int digits)
    {
        var m = Math.Pow(10, digits);
        return (float)(Math.Floor(score * m + 0.5) / m);
    }

    /// <summary>The k best hits seen so far, in a bounded heap whose root is the worst kept hit.</summary>
    private sealed class TopK(BestFirst comparer, int k)
    {
        private readonly PriorityQueue<Hit, Hit> _heap = new(k + 1, Comparer<Hit>.Create((a, b) => comparer.Compare(b, a)));

        public void Offer(Hit h)
        {
            if (_heap.Count < k) _heap.Enqueue(h, h);
            else if (k > 0 && comparer.Compare(h, _heap.Peek()) < 0) _heap.EnqueueDequeue(h, h);
        }

        public List<Hit> BestFirst(int offset)
        {
            var kept = new List<Hit>(_heap.Count);
            while (_heap.Count > 0) kept.Add(_heap.Dequeue());
            kept.Reverse();
            return kept.Skip(offset).ToList();
        }
    }

    /// <summary>
    /// Group-by: hits in score order join their group while it has room; a new group opens while fewer than topk+offset
    /// groups exist. Without strict_group_size the scan stops as soon as that many groups exist; with it, once every
    /// group is full. Output: groups in the order they opened (best first), each group's hits best-first; offset skips groups.
    /// </summary>
    private static List<Hit> Grouped(List<Hit> candidates, BestFirst comparer, SearchPlan plan, FieldSchema groupField)
    {
        candidates.Sort(comparer);
        var groupTarget = (int)plan.QueryTopK;
        var groups = new List<List<Hit>>();
        var byValue = new Dictionary<GroupKey, List<Hit>>();
        foreach (var h in candidates)
        {
            var key = new GroupKey(h.Row.Segment.Find(groupField.FieldID)?.Get(h.Row.Row));
            if (byValue.TryGetValue(key, out var group))
            {
                if (group.Count < plan.GroupSize) group.Add(h);
            }
            else if (groups.Count < groupTarget)
            {
                group = [h];
                byValue[key] = group;
                groups.Add(group);
            }
            if (groups.Count == groupTarget && (!plan.StrictGroupSize || groups.All(x => x.Count >= plan.GroupSize))) break;
        }
        return groups.Skip((int)plan.Offset).SelectMany(x => x).ToList();
    }

    private readonly record struct GroupKey(object? Value);

    /// <summary>Best first: by score in the metric's direction, ties by primary key ascending.</summary>
    public sealed class BestFirst(bool largerIsCloser) : IComparer<Hit>
    {
        public int Compare(Hit a, Hit b)
        {
            if (a.Score != b.Score) return largerIsCloser ? b.Score.CompareTo(a.Score) : a.Score.CompareTo(b.Score);
            return a.Key.CompareTo(b.Key);
        }
    }

    /// <summary>A scoring function (query index, row) → score, null when the row has no vector (null or missing column).</summary>
    private static Func<int, RowRef, float?> Scorer(CollectionData data, CollectionSchema schema, List<RowRef> rows, SearchInput input)
    {
        var field = input.Plan.Field;
        var queries = input.Queries;
        var id = field.FieldID;
        switch (field.DataType)
        {
            case DataType.FloatVector:
            {
                var scratch = new float[Math.Max(1, (int)Column.Dim(field))];
                // Rows come segment by segment: look the column up once per segment, not per row.
                Segment? segment = null;
                FloatVectorColumn? column = null;
                return (q, r) =>
                {
                    if (!ReferenceEquals(r.Segment, segment)) (segment, column) = (r.Segment, r.Segment.Find(id) as FloatVectorColumn);
                    return column is not null && !column.IsNull(r.Row) ? Dense(input.Metric, queries.Dense![q], column.Vector(r.Row), scratch) : null;
                };
            }
            case DataType.Float16Vector or DataType.Bfloat16Vector or DataType.Int8Vector:
            {
                var dim = Math.Max(1, (int)Column.Dim(field));
                var row = new float[dim];
                var scratch = new float[dim];
                return (q, r) =>
                {
                    if (r.Segment.Find(id) is not ByteVectorColumn col || col.IsNull(r.Row)) return null;
                    Kernels.Widen(col.Vector(r.Row), field.DataType, row);
                    return Dense(input.Metric, queries.Dense![q], row, scratch);
                };
            }
            case DataType.BinaryVector:
                return (q, r) => r.Segment.Find(id) is ByteVectorColumn col && !col.IsNull(r.Row)
                    ? input.Metric == Metric.Jaccard ? Kernels.Jaccard(queries.Binary![q], col.Vector(r.Row)) : Kernels.Hamming(queries.Binary![q], col.Vector(r.Row))
                    : null;
            case DataType.SparseFloatVector when input.Bm25Input is { } text:
            {
                // Statistics over every live row of the collection; documents of the searched rows kept for scoring.
                // With multi_analyzer_params each row's by_field value picks its analyzer.
                var analysis = Text.FieldAnalysis.For(text);
                var byFieldId = analysis.ByField is { } byField ? schema.Fields.FirstOrDefault(f => f.Name == byField)?.FieldID : null;
                var corpus = data.Scan(schema, null, null, dedupe: true);
                var docs = new Dictionary<RowRef, Dictionary<string, int>>();
                foreach (var r in corpus)
                {
                    var analyzer = byFieldId is { } selectorId ? analysis.Select(r.Segment.Find(selectorId)?.Get(r.Row) as string) : analysis.Default;
                    docs[r] = analyzer.TermFrequencies(r.Segment.Find(text.FieldID)?.Get(r.Row) as string);
                }
                var bm25 = Bm25.Build(docs.Values, input.K1, input.B);
                return (q, r) => docs.TryGetValue(r, out var doc) ? bm25.Score(queries.Terms![q], doc) : null;
            }
            case DataType.SparseFloatVector:
                return (q, r) => r.Segment.Find(id) is SparseVectorColumn col && !col.IsNull(r.Row)
                    ? Kernels.SparseIP(queries.Sparse![q], col.Raw(r.Row).Span)
                    : null;
            default:
                return (_, _) => null;
        }
    }

    private static float Dense(Metric metric, ReadOnlySpan<float> query, ReadOnlySpan<float> row, float[] scratch) => metric switch
    {
        Metric.L2 => Kernels.L2(query, row, scratch),
        Metric.IP => Kernels.IP(query, row),
        _ => Kernels.Cosine(query, row),
    };
}
