using System.Management.Automation;
using MilvusPS.Module.Tests.Hosting;

namespace MilvusPS.Module.Tests;

/// <summary>Invoke-MilvusSearch and Invoke-MilvusHybridSearch against a brute-force reference computed here.</summary>
public class SearchCmdletTests
{
    private const int Dim = 8;
    private const int Rows = 300;

    private static float[][] Vectors(int seed, int count)
    {
        var random = new Random(seed);
        return Enumerable.Range(0, count).Select(_ => Enumerable.Range(0, Dim).Select(_ => (float)(random.NextDouble() * 2 - 1)).ToArray()).ToArray();
    }

    private static double L2(float[] a, float[] b) => a.Zip(b, (x, y) => (double)(x - y) * (x - y)).Sum();
    private static double Ip(float[] a, float[] b) => a.Zip(b, (x, y) => (double)x * y).Sum();
    private static double Cosine(float[] a, float[] b) => Ip(a, b) / (Math.Sqrt(Ip(a, a)) * Math.Sqrt(Ip(b, b)));

    private static async Task<(PsSession Session, string Name, float[][] Data)> CollectionAsync()
    {
        var session = await PsSession.ConnectedAsync();
        var name = PsSession.UniqueName("srch");
        var data = Vectors(7, Rows);
        session.SetVariable("data", data);
        session.Invoke($$"""
            $schema = New-MilvusSchema @(
                New-MilvusField id Int64 -PrimaryKey
                New-MilvusField grp Int64
                New-MilvusField l2 FloatVector -Dimension {{Dim}}
                New-MilvusField ip FloatVector -Dimension {{Dim}}
                New-MilvusField cos FloatVector -Dimension {{Dim}}
            )
            New-MilvusCollection {{name}} -Schema $schema | Out-Null
            New-MilvusIndex {{name}} -Field l2 -IndexType FLAT -MetricType L2 | Out-Null
            New-MilvusIndex {{name}} -Field ip -IndexType FLAT -MetricType IP | Out-Null
            New-MilvusIndex {{name}} -Field cos -IndexType HNSW -MetricType COSINE -Parameter @{ M = 16; efConstruction = 64 } | Out-Null
            $i = 0
            $data | ForEach-Object { @{ id = $i; grp = $i % 5; l2 = $_; ip = $_; cos = $_ }; $i++ } | Add-MilvusEntity {{name}} | Out-Null
            Mount-MilvusCollection {{name}}
            """).AssertSuccess();
        return (session, name, data);
    }

    [Theory]
    [InlineData("l2")]
    [InlineData("ip")]
    [InlineData("cos")]
    public async Task ResultsEqualABruteForceReference(string field)
    {
        var (session, name, data) = await CollectionAsync();
        using (session)
        {
            try
            {
                var queries = Vectors(99, 3);
                session.SetVariable("queries", queries);
                var hits = session.Invoke($"Invoke-MilvusSearch {name} -Vector $queries -AnnsField {field} -Limit 10 -SearchParameter @{{ ef = 64 }}").AssertSuccess().Output;
                Assert.Equal(30, hits.Count);
                for (var q = 0; q < queries.Length; q++)
                {
                    Func<float[], double> score = field switch { "l2" => v => L2(queries[q], v), "ip" => v => Ip(queries[q], v), _ => v => Cosine(queries[q], v) };
                    var expected = Enumerable.Range(0, Rows).Select(i => (Id: (long)i, Score: score(data[i])));
                    expected = field == "l2" ? expected.OrderBy(e => e.Score).ThenBy(e => e.Id) : expected.OrderByDescending(e => e.Score).ThenBy(e => e.Id);
                    var top = expected.Take(10).ToList();
                    var actual = hits.Where(h => (int)h.Properties["QueryIndex"].Value == q).OrderBy(h => (int)h.Properties["Rank"].Value).ToList();
                    Assert.Equal(top.Select(t => t.Id), actual.Select(h => (long)h.Properties["Id"].Value));
                    for (var i = 0; i < 10; i++) Assert.Equal(top[i].Score, (float)actual[i].Properties["Distance"].Value, 4);
                }
            }
            finally
            {
                session.Invoke($"Remove-MilvusCollection {name} -Force");
            }
        }
    }

    [Fact]
    public async Task FiltersOffsetsOutputFieldsAndErrors()
    {
        var (session, name, data) = await CollectionAsync();
        using (session)
        {
            try
            {
                session.SetVariable("q", data[0]);
                var filtered = session.Invoke($"Invoke-MilvusSearch {name} -Vector $q -AnnsField l2 -Limit 5 -Filter 'grp == 2' -OutputField grp").AssertSuccess().Output;
                Assert.All(filtered, h => Assert.Equal(2L, h.Properties["grp"].Value));
                var first = session.Invoke($"Invoke-MilvusSearch {name} -Vector $q -AnnsField l2 -Limit 4").AssertSuccess().Output.Select(h => h.Properties["Id"].Value).ToList();
                var paged = session.Invoke($"Invoke-MilvusSearch {name} -Vector $q -AnnsField l2 -Limit 2 -Offset 2").AssertSuccess().Output.Select(h => h.Properties["Id"].Value).ToList();
                Assert.Equal(first.Skip(2), paged);
                Assert.Equal(0L, first[0]); // the row itself is its own nearest neighbour

                var noField = session.Invoke($"Invoke-MilvusSearch {name} -Vector $q");
                Assert.StartsWith("AnnsFieldRequired,", noField.Error?.FullyQualifiedErrorId);
                var badDim = session.Invoke($"Invoke-MilvusSearch {name} -Vector 1, 2, 3 -AnnsField l2");
                Assert.StartsWith("SearchVectorInvalid,", badDim.Error?.FullyQualifiedErrorId);
                var mismatch = session.Invoke($"Invoke-MilvusSearch {name} -Vector $q -AnnsField l2 -MetricType IP");
                Assert.NotNull(mismatch.Error);
                Assert.Contains("metric type not match", mismatch.Error!.Exception.Message);
                var unloaded = session.Invoke($"Dismount-MilvusCollection {name} -Force; Invoke-MilvusSearch {name} -Vector $q -AnnsField l2");
                Assert.StartsWith("CollectionNotLoaded,", unloaded.Error?.FullyQualifiedErrorId);
            }
            finally
            {
                session.Invoke($"Remove-MilvusCollection {name} -Force");
            }
        }
    }

    [Fact]
    public async Task HybridSearchFusesWithRrf()
    {
        var (session, name, data) = await CollectionAsync();
        using (session)
        {
            try
            {
                session.SetVariable("q", data[5]);
                var hits = session.Invoke($$"""
                    $a = New-MilvusSearchRequest l2 $q -Limit 20
                    $b = New-MilvusSearchRequest ip $q -Limit 20
                    Invoke-MilvusHybridSearch {{name}} -Request $a, $b -RrfK 60 -Limit 5
                    """).AssertSuccess().Output;
                Assert.Equal(5, hits.Count);
                // Reference: RRF over the two ranked lists.
                var l2Rank = Enumerable.Range(0, Rows).OrderBy(i => L2(data[5], data[i])).ThenBy(i => i).Take(20).ToList();
                var ipRank = Enumerable.Range(0, Rows).OrderByDescending(i => Ip(data[5], data[i])).ThenBy(i => i).Take(20).ToList();
                var fused = l2Rank.Concat(ipRank).Distinct()
                    .Select(id => (Id: (long)id, Score: (l2Rank.IndexOf(id) is var a and >= 0 ? 1.0 / (60 + a + 1) : 0) + (ipRank.IndexOf(id) is var b and >= 0 ? 1.0 / (60 + b + 1) : 0)))
                    .OrderByDescending(x => x.Score).ThenBy(x => x.Id).Take(5).ToList();
                Assert.Equal(fused.Select(f => f.Id), hits.Select(h => (long)h.Properties["Id"].Value));
                Assert.Equal(fused[0].Score, (float)hits[0].Properties["Distance"].Value, 5);
            }
            finally
            {
                session.Invoke($"Remove-MilvusCollection {name} -Force");
            }
        }
    }

    [Theory]
    [InlineData("-Weight 1.5, 0.5", "1.5")]
    [InlineData("-Weight -0.1, 0.5", "-0.1")]
    [InlineData("-Weight 0.5", "2 requests, 1 weights")]
    [InlineData("-Limit 16000 -Offset 1000", "17000")]
    public async Task HybridSearchInputIsCheckedBeforeSending(string arguments, string named)
    {
        using var session = await PsSession.ConnectedAsync();
        var result = session.Invoke($$"""
            $a = New-MilvusSearchRequest l2 (1, 2, 3, 4) -Limit 5
            $b = New-MilvusSearchRequest ip (1, 2, 3, 4) -Limit 5
            Invoke-MilvusHybridSearch no_such_collection -Request $a, $b {{arguments}}
            """);
        // The collection does not exist: only a check made before any call explains these errors.
        Assert.Matches("^(HybridWeightInvalid|ResultWindowExceeded),", result.Error?.FullyQualifiedErrorId);
        Assert.Equal(System.Management.Automation.ErrorCategory.InvalidArgument, result.Error!.CategoryInfo.Category);
        Assert.Contains(named, result.Error.Exception.Message);
    }

    [Fact]
    public async Task IndexSearchParametersAreCheckedAgainstTheFieldsIndex()
    {
        var (session, name, data) = await CollectionAsync();
        using (session)
        {
            session.SetVariable("q", data[3]);
            // HNSW ef must be at least Limit + Offset: refused before sending, naming the index and the fix.
            foreach (var (arguments, text) in new[]
            {
                ("-Limit 10 -SearchParameter @{ ef = 4 }", "ef=4 is below Limit + Offset (10) for the HNSW index on 'cos'"),
                ("-Limit 5 -Offset 5 -SearchParameter @{ ef = 9 }", "Use ef of at least 10"),
                ("-Limit 5 -SearchParameter @{ ef = 0 }", "ef=0 is out of range [1, 2147483647]"),
            })
            {
                var refused = session.Invoke($"Invoke-MilvusSearch {name} $q -AnnsField cos {arguments}");
                Assert.StartsWith("SearchParameterInvalid,", refused.Error?.FullyQualifiedErrorId);
                Assert.Equal(ErrorCategory.InvalidArgument, refused.Error!.CategoryInfo.Category);
                Assert.Contains(text, refused.Error.Exception.Message);
            }

            // Enough ef passes; FLAT has no ef to check; a hybrid sub-search is held to its own limit.
            Assert.Equal(10, session.Invoke($"Invoke-MilvusSearch {name} $q -AnnsField cos -Limit 10 -SearchParameter @{{ ef = 10 }}").AssertSuccess().Output.Count);
            Assert.Equal(10, session.Invoke($"Invoke-MilvusSearch {name} $q -AnnsField l2 -Limit 10 -SearchParameter @{{ ef = 1 }}").AssertSuccess().Output.Count);
            var hybrid = session.Invoke($$"""
                $a = New-MilvusSearchRequest cos $q -Limit 8 -SearchParameter @{ ef = 5 }
                $b = New-MilvusSearchRequest l2 $q -Limit 8
                Invoke-MilvusHybridSearch {{name}} $a, $b -Limit 3
                """);
            Assert.StartsWith("SearchParameterInvalid,", hybrid.Error?.FullyQualifiedErrorId);
            Assert.Contains("ef=5 is below Limit + Offset (8)", hybrid.Error!.Exception.Message);
        }
    }
}
