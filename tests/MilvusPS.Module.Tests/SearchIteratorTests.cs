using MilvusPS.Module.Tests.Hosting;
using MilvusPS.TestSupport;

namespace MilvusPS.Module.Tests;

/// <summary>
/// Invoke-MilvusSearch paging through a search iterator (-BatchSize, or -Limit past 16384): server-side v2 on
/// the shared endpoint, range-search v1 against a 2.4 emulator. Every page is checked against a brute-force
/// reference: the hits come best first, no key twice, ties at page bounds neither lost nor repeated.
/// </summary>
public class SearchIteratorTests
{
    private const int Dim = 6;

    private static float[][] Vectors(int seed, int count)
    {
        var random = new Random(seed);
        return Enumerable.Range(0, count).Select(_ => Enumerable.Range(0, Dim).Select(_ => (float)Math.Round(random.NextDouble() * 2 - 1, 2)).ToArray()).ToArray();
    }

    private static double L2(float[] a, float[] b) => a.Zip(b, (x, y) => (double)(x - y) * (x - y)).Sum();
    private static double Ip(float[] a, float[] b) => a.Zip(b, (x, y) => (double)x * y).Sum();

    /// <summary>A collection of 240 rows where each of 60 vectors appears 4 times, so every distance is a four-way tie.</summary>
    private static (string Name, float[][] Rows) Create(PsSession session)
    {
        var name = PsSession.UniqueName("iter");
        var distinct = Vectors(11, 60);
        var rows = Enumerable.Range(0, 240).Select(i => distinct[i % 60]).ToArray();
        session.SetVariable("rows", rows);
        session.Invoke($$"""
            $schema = New-MilvusSchema (New-MilvusField id Int64 -PrimaryKey), (New-MilvusField tag Int64), (New-MilvusField l2 FloatVector -Dimension {{Dim}}), (New-MilvusField ip FloatVector -Dimension {{Dim}})
            New-MilvusCollection {{name}} -Schema $schema | Out-Null
            New-MilvusIndex {{name}} -Field l2 -IndexType FLAT -MetricType L2 | Out-Null
            New-MilvusIndex {{name}} -Field ip -IndexType FLAT -MetricType IP | Out-Null
            $i = 0
            $rows | ForEach-Object { @{ id = $i; tag = $i % 3; l2 = $_; ip = $_ }; $i++ } | Add-MilvusEntity {{name}} | Out-Null
            Mount-MilvusCollection {{name}}
            """).AssertSuccess();
        return (name, rows);
    }

    /// <summary>Checks a paged result against the reference order: same length, scores as expected, best first, no key twice.</summary>
    private static void AssertPagedLikeReference(IReadOnlyList<System.Management.Automation.PSObject> hits, float[][] rows, float[] query, string field, int expectedCount, Func<long, bool>? keep = null)
    {
        Func<float[], double> score = field == "l2" ? v => L2(query, v) : v => Ip(query, v);
        var reference = Enumerable.Range(0, rows.Length).Where(i => keep?.Invoke(i) ?? true).Select(i => score(rows[i]));
        var expected = (field == "l2" ? reference.OrderBy(s => s) : reference.OrderByDescending(s => s)).Take(expectedCount).ToList();
        Assert.Equal(expectedCount, hits.Count);
        var ids = hits.Select(h => (long)h.Properties["Id"].Value).ToList();
        Assert.Equal(ids.Count, ids.Distinct().Count());
        Assert.Equal(Enumerable.Range(1, expectedCount), hits.Select(h => (int)h.Properties["Rank"].Value));
        for (var i = 0; i < hits.Count; i++)
        {
            var distance = (float)hits[i].Properties["Distance"].Value;
            Assert.True(Math.Abs(expected[i] - distance) < 1e-3, $"hit {i}: expected score {expected[i]}, got {distance}");
            Assert.True(Math.Abs(score(rows[ids[i]]) - distance) < 1e-3, $"hit {i}: id {ids[i]} scores {score(rows[ids[i]])} but came with {distance}");
            if (keep is not null) Assert.True(keep(ids[i]));
        }
    }

    [Theory]
    [InlineData("l2")]
    [InlineData("ip")]
    public async Task PagesEveryHitBestFirstThroughTies(string field)
    {
        using var session = await PsSession.ConnectedAsync();
        var (name, rows) = Create(session);
        try
        {
            session.SetVariable("q", rows[3]);
            // Pages of 7 cut through the four-way ties again and again.
            var all = session.Invoke($"Invoke-MilvusSearch {name} -Vector $q -AnnsField {field} -BatchSize 7").AssertSuccess().Output;
            AssertPagedLikeReference(all, rows, rows[3], field, rows.Length);
            var limited = session.Invoke($"Invoke-MilvusSearch {name} -Vector $q -AnnsField {field} -BatchSize 5 -Limit 33 -Filter 'tag != 1'").AssertSuccess().Output;
            AssertPagedLikeReference(limited, rows, rows[3], field, 33, id => id % 3 != 1);
            Assert.Contains(session.Host.Recorder.Progress, p => p.Activity == $"Searching {name}" && p.StatusDescription == "33 hits");
        }
        finally
        {
            session.Invoke($"Remove-MilvusCollection {name} -Force");
        }
    }

    [Fact]
    public async Task ALimitPastTheWindowPagesOnItsOwnOrSaysWhyNot()
    {
        using var session = await PsSession.ConnectedAsync();
        var (name, rows) = Create(session);
        try
        {
            session.SetVariable("q", rows[0]);
            session.SetVariable("two", new[] { rows[0], rows[1] });
            var all = session.Invoke($"Invoke-MilvusSearch {name} -Vector $q -AnnsField l2 -Limit 20000").AssertSuccess().Output;
            AssertPagedLikeReference(all, rows, rows[0], "l2", rows.Length);

            var twoVectors = session.Invoke($"Invoke-MilvusSearch {name} -Vector $two -AnnsField l2 -Limit 20000");
            Assert.StartsWith("ResultWindowExceeded,", twoVectors.Error?.FullyQualifiedErrorId);
            Assert.Contains("16384", twoVectors.Error!.Exception.Message);
            var grouped = session.Invoke($"Invoke-MilvusSearch {name} -Vector $q -AnnsField l2 -BatchSize 10 -GroupBy tag");
            Assert.StartsWith("SearchIteratorInvalid,", grouped.Error?.FullyQualifiedErrorId);
            var offset = session.Invoke($"Invoke-MilvusSearch {name} -Vector $q -AnnsField l2 -BatchSize 10 -Offset 3");
            Assert.StartsWith("SearchIteratorInvalid,", offset.Error?.FullyQualifiedErrorId);
        }
        finally
        {
            session.Invoke($"Remove-MilvusCollection {name} -Force");
        }
    }

    [SkippableTheory]
    [InlineData("l2")]
    [InlineData("ip")]
    public async Task OlderServersPageWithRangeSearch(string field)
    {
        Skip.IfNot(Endpoints.IsEmulator, "Needs an emulator playing Milvus 2.4 (no search iterator v2).");
        await using var emulator = await Endpoints.StartEmulatorAsync(o => o.MilvusVersion = "2.4.24");
        using var session = PsSession.Create();
        session.Invoke($"Connect-Milvus {emulator.Uri}").AssertSuccess();
        var (name, rows) = Create(session);
        session.SetVariable("q", rows[7]);
        var all = session.Invoke($"Invoke-MilvusSearch {name} -Vector $q -AnnsField {field} -BatchSize 9").AssertSuccess().Output;
        AssertPagedLikeReference(all, rows, rows[7], field, rows.Length);
        var limited = session.Invoke($"Invoke-MilvusSearch {name} -Vector $q -AnnsField {field} -BatchSize 4 -Limit 30 -Filter 'tag == 2'").AssertSuccess().Output;
        AssertPagedLikeReference(limited, rows, rows[7], field, 30, id => id % 3 == 2);
    }
}
