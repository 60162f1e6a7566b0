using System.Diagnostics;
using MilvusPS.Core.Connection;
using MilvusPS.Core.Data;
using MilvusPS.Core.Operations;
using MilvusPS.Core.Schema;
using MilvusPS.Emulator;

namespace MilvusPS.Bench;

/// <summary>Insert throughput: the core API (EntityBatchBuilder + Insert) against Add-MilvusEntity, dim 128 and 768.</summary>
internal static class InsertBench
{
    public static async Task RunAsync(int rows)
    {
        await using var emulator = await EmulatorServer.StartAsync(new EmulatorOptions { Port = 0 });
        using var connection = await MilvusConnection.OpenAsync(new MilvusConnectionOptions { Uri = emulator.Uri, Timeout = TimeSpan.FromMinutes(5) });

        // Warm-up (JIT, connection, module import) so the first measured case is not penalised.
        await CoreAsync(connection, "bench_warm_core", 16, 2000);
        Cmdlet(emulator.Uri, "bench_warm_cmdlet", 16, 2000);

        Console.WriteLine($"Insert {rows} rows into the MilvusPS emulator (process-local), batch 1000");
        Console.WriteLine($"{"dim",5} {"core rows/s",14} {"cmdlet rows/s",14} {"cmdlet/core",12}");
        foreach (var dim in new[] { 128, 768 })
        {
            var core = await CoreAsync(connection, $"bench_core_{dim}", dim, rows);
            var cmdlet = Cmdlet(emulator.Uri, $"bench_cmdlet_{dim}", dim, rows);
            Console.WriteLine($"{dim,5} {core,14:N0} {cmdlet,14:N0} {cmdlet / core,12:P0}");
        }
    }

    private static async Task<double> CoreAsync(MilvusConnection c, string name, int dim, int rows)
    {
        var schema = Shared.Schema(dim);
        await c.CreateCollectionAsync(null, name, schema, 1, MilvusConsistencyLevel.Bounded, null, 0, CancellationToken.None);
        var random = new Random(1);
        var watch = Stopwatch.StartNew();
        for (var start = 0; start < rows; start += 1000)
        {
            var batch = new EntityBatchBuilder(schema);
            for (var i = start; i < Math.Min(rows, start + 1000); i++)
                batch.TryAdd(new Dictionary<string, object?> { ["id"] = (long)i, ["v"] = Shared.Vector(random, dim) }, i);
            await c.InsertAsync(null, name, null, batch, CancellationToken.None);
        }
        return rows / watch.Elapsed.TotalSeconds;
    }

    private static double Cmdlet(Uri uri, string name, int dim, int rows)
    {
        var seconds = (double)Shared.RunScript(uri, $$"""
            $schema = New-MilvusSchema (New-MilvusField id Int64 -PrimaryKey), (New-MilvusField v FloatVector -Dimension {{dim}})
            New-MilvusCollection {{name}} -Schema $schema | Out-Null
            $random = [Random]::new(1)
            $rows = foreach ($i in 0..({{rows}} - 1)) { @{ id = $i; v = [float[]]::new({{dim}}).ForEach({ $random.NextDouble() }) } }
            $watch = [Diagnostics.Stopwatch]::StartNew()
            $rows | Add-MilvusEntity {{name}} -BatchSize 1000 | Out-Null
            $watch.Elapsed.TotalSeconds
            """);
        return rows / seconds;
    }
}
