using System.Diagnostics;
using MilvusPS.Core.Connection;
using MilvusPS.Core.Data;
using MilvusPS.Core.Operations;
using MilvusPS.Core.Schema;
using MilvusPS.Emulator;

namespace MilvusPS.Bench;

/// <summary>
/// Search cost of the cmdlet over the core: calls/s of a top-10 search (one query vector, dim 128) through the core API
/// and through Invoke-MilvusSearch, and hits/s of reading every hit with the search iterator both ways.
/// </summary>
internal static class SearchBench
{
    private const int Dim = 128;
    private const int Calls = 300;

    public static async Task RunAsync(int rows)
    {
        await using var emulator = await EmulatorServer.StartAsync(new EmulatorOptions { Port = 0 });
        using var connection = await MilvusConnection.OpenAsync(new MilvusConnectionOptions { Uri = emulator.Uri, Timeout = TimeSpan.FromMinutes(5) });
        await CreateAsync(connection, "bench_search", rows);
        var query = Shared.Vector(new Random(42), Dim);

        // Warm-up: JIT, connection, module import.
        await CoreSearchesAsync(connection, query, 100);
        CmdletSearches(emulator.Uri, query, 100);

        Console.WriteLine($"Search a {rows}-row collection (dim {Dim}, FLAT, L2) in the MilvusPS emulator (process-local)");
        var core = await CoreSearchesAsync(connection, query, Calls);
        var cmdlet = CmdletSearches(emulator.Uri, query, Calls);
        Console.WriteLine($"{"top-10 search",-28} {"core calls/s",14} {"cmdlet calls/s",15} {"cmdlet/core",12} {"cmdlet overhead",16}");
        Console.WriteLine($"{"",-28} {core,14:N0} {cmdlet,15:N0} {cmdlet / core,12:P0} {(1 / cmdlet - 1 / core) * 1e3,13:F2} ms");

        var coreAll = await CoreIteratorAsync(connection, query, rows);
        var cmdletAll = CmdletIterator(emulator.Uri, query, rows);
        Console.WriteLine($"{"iterator, every hit, 1000/page",-28} {"core hits/s",14} {"cmdlet hits/s",15} {"cmdlet/core",12}");
        Console.WriteLine($"{"",-28} {coreAll,14:N0} {cmdletAll,15:N0} {cmdletAll / coreAll,12:P0}");
    }

    private static async Task CreateAsync(MilvusConnection c, string name, int rows)
    {
        var schema = Shared.Schema(Dim);
        await c.CreateCollectionAsync(null, name, schema, 1, MilvusConsistencyLevel.Strong, null, 0, CancellationToken.None);
        var random = new Random(1);
        for (var start = 0; start < rows; start += 1000)
        {
            var batch = new EntityBatchBuilder(schema);
            for (var i = start; i < Math.Min(rows, start + 1000); i++)
                batch.TryAdd(new Dictionary<string, object?> { ["id"] = (long)i, ["v"] = Shared.Vector(random, Dim) }, i);
            await c.InsertAsync(null, name, null, batch, CancellationToken.None);
        }
        await c.CreateIndexAsync(null, name, "v", null, new Dictionary<string, string> { ["index_type"] = "FLAT", ["metric_type"] = "L2" }, CancellationToken.None);
        await c.LoadAsync(null, name, new LoadRequest(), CancellationToken.None);
        await c.WaitForLoadAsync(null, name, null, false, TimeSpan.FromMinutes(5), null, CancellationToken.None);
    }

    private static MilvusSearchRequest Request(float[] query, int limit)
    {
        var r = new MilvusSearchRequest { Limit = limit };
        r.Vectors.Add(query);
        return r;
    }

    private static async Task<double> CoreSearchesAsync(MilvusConnection c, float[] query, int calls)
    {
        var watch = Stopwatch.StartNew();
        for (var i = 0; i < calls; i++) await c.SearchAsync(null, "bench_search", Request(query, 10), null, null, null, CancellationToken.None);
        return calls / watch.Elapsed.TotalSeconds;
    }

    private static double CmdletSearches(Uri uri, float[] query, int calls)
    {
        var seconds = (double)Shared.RunScript(uri, $$"""
            $q = [float[]]@({{string.Join(", ", query.Select(v => v.ToString("R", System.Globalization.CultureInfo.InvariantCulture)))}})
            $watch = [Diagnostics.Stopwatch]::StartNew()
            foreach ($i in 1..{{calls}}) { Invoke-MilvusSearch bench_search -Vector $q -Limit 10 | Out-Null }
            $watch.Elapsed.TotalSeconds
            """);
        return calls / seconds;
    }

    private static async Task<double> CoreIteratorAsync(MilvusConnection c, float[] query, int rows)
    {
        var watch = Stopwatch.StartNew();
        var iterator = new MilvusSearchIterator(c, null, "bench_search", Request(query, 10), 1000, null, null, null, null);
        long hits = 0;
        while (await iterator.NextAsync(CancellationToken.None) is { Count: > 0 } page) hits += page.Count;
        if (hits != rows) throw new InvalidOperationException($"The iterator returned {hits} hits, not {rows}.");
        return hits / watch.Elapsed.TotalSeconds;
    }

    private static double CmdletIterator(Uri uri, float[] query, int rows)
    {
        var seconds = (double)Shared.RunScript(uri, $$"""
            $q = [float[]]@({{string.Join(", ", query.Select(v => v.ToString("R", System.Globalization.CultureInfo.InvariantCulture)))}})
            $watch = [Diagnostics.Stopwatch]::StartNew()
            $n = 0
            Invoke-MilvusSearch bench_search -Vector $q -BatchSize 1000 | ForEach-Object { $n++ }
            if ($n -ne {{rows}}) { throw "The iterator returned $n hits, not {{rows}}." }
            $watch.Elapsed.TotalSeconds
            """);
        return rows / seconds;
    }
}
