using System.Globalization;
using System.Text;
using Google.Protobuf;
using MilvusPS.Protocol;
using KeyValuePair = MilvusPS.Protocol.KeyValuePair;

namespace MilvusPS.Emulator.Tests.Search;

/// <summary>Builds search requests and computes reference answers independently of the emulator.</summary>
internal static class SearchKit
{
    public static string Inv(double v) => v.ToString("R", CultureInfo.InvariantCulture);

    public static ByteString Placeholders(PlaceholderType type, IEnumerable<byte[]> values)
    {
        var v = new PlaceholderValue { Tag = "$0", Type = type };
        v.Values.AddRange(values.Select(ByteString.CopyFrom));
        return new PlaceholderGroup { Placeholders = { v } }.ToByteString();
    }

    public static byte[] FloatBytes(float[] v)
    {
        var b = new byte[v.Length * 4];
        Buffer.BlockCopy(v, 0, b, 0, b.Length);
        return b;
    }

    public static ByteString FloatQueries(params float[][] queries) => Placeholders(PlaceholderType.FloatVector, queries.Select(FloatBytes));

    public static ByteString TextQueries(params string[] texts) => Placeholders(PlaceholderType.VarChar, texts.Select(Encoding.UTF8.GetBytes));

    public static SearchRequest Request(string collection, ByteString placeholders, long topk, params (string Key, string Value)[] extra)
    {
        var r = new SearchRequest { CollectionName = collection, PlaceholderGroup = placeholders, DslType = DslType.BoolExprV1 };
        r.SearchParams.Add(new KeyValuePair { Key = "topk", Value = topk.ToString(CultureInfo.InvariantCulture) });
        foreach (var (k, v) in extra) r.SearchParams.Add(new KeyValuePair { Key = k, Value = v });
        return r;
    }

    public static SearchRequest Filter(this SearchRequest r, string expr) { r.Dsl = expr; return r; }

    public static SearchRequest Outputs(this SearchRequest r, params string[] names) { r.OutputFields.AddRange(names); return r; }

    public static float[][] RandomFloats(Random rng, int rows, int dim) =>
        Enumerable.Range(0, rows).Select(_ => Enumerable.Range(0, dim).Select(_ => (float)(rng.NextDouble() * 2 - 1)).ToArray()).ToArray();

    /// <summary>Reference ranking: all (id, score) pairs sorted best-first, ties by id.</summary>
    public static List<(long Id, double Score)> Rank(IEnumerable<(long Id, double Score)> all, bool largerIsCloser, int k, int offset = 0) =>
        (largerIsCloser ? all.OrderByDescending(x => x.Score) : all.OrderBy(x => x.Score)).ThenBy(x => x.Id).Skip(offset).Take(k).ToList();

    public static double L2(float[] a, float[] b) { double s = 0; for (var i = 0; i < a.Length; i++) { var d = (double)a[i] - b[i]; s += d * d; } return s; }
    public static double IP(float[] a, float[] b) { double s = 0; for (var i = 0; i < a.Length; i++) s += (double)a[i] * b[i]; return s; }
    public static double Cosine(float[] a, float[] b) => IP(a, b) / Math.Sqrt(IP(a, a)) / Math.Sqrt(IP(b, b));

    public static double Score(string metric, float[] a, float[] b) => metric switch { "L2" => L2(a, b), "IP" => IP(a, b), _ => Cosine(a, b) };

    /// <summary>Asserts ids in order and scores within a relative tolerance (the reference works in double precision).</summary>
    public static void AssertHits(List<(long Id, double Score)> expected, IReadOnlyList<long> ids, IReadOnlyList<float> scores, double tolerance = 1e-4)
    {
        Assert.Equal(expected.Select(e => e.Id).ToArray(), ids.ToArray());
        for (var i = 0; i < expected.Count; i++)
            Assert.True(Math.Abs(expected[i].Score - scores[i]) <= tolerance * Math.Max(1, Math.Abs(expected[i].Score)),
                $"hit {i}: expected {expected[i].Score}, got {scores[i]}");
    }

    /// <summary>Hits of query q from a SearchResultData (sliced by topks).</summary>
    public static (long[] Ids, float[] Scores) Slice(SearchResultData r, int q)
    {
        var start = (int)r.Topks.Take(q).Sum();
        var n = (int)r.Topks[q];
        return (r.Ids.IntId.Data.Skip(start).Take(n).ToArray(), r.Scores.Skip(start).Take(n).ToArray());
    }
}
