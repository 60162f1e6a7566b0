using System.Diagnostics;
using System.Numerics.Tensors;
using MilvusPS.Core.Connection;
using MilvusPS.Core.Data;
using MilvusPS.Core.Operations;
using MilvusPS.Core.Schema;
using MilvusPS.Emulator;

namespace MilvusPS.Bench;

/// <summary>
/// The emulator's exact search against the floors it cannot beat: summing the same vectors (a plain memory scan), and
/// scoring every row of a contiguous in-memory array with the same System.Numerics.Tensors kernel, keeping a top-10
/// heap. Reports rows/s and GB/s of vector data, and the emulator's share of each floor (what segments, tombstones,
/// the filter path and gRPC cost).
/// </summary>
internal static class ScanBench
{
    private const int Repeats = 7;

    public static async Task RunAsync(int rows)
    {
        await using var emulator = await EmulatorServer.StartAsync(new EmulatorOptions { Port = 0 });
        using var connection = await MilvusConnection.OpenAsync(new MilvusConnectionOptions { Uri = emulator.Uri, Timeout = TimeSpan.FromMinutes(5) });
        Console.WriteLine($"Exact L2 top-10 scan of {rows} rows: emulator search (gRPC, process-local) against a raw in-memory scan; median of {Repeats} after {Repeats} warm-up runs");
        Console.WriteLine($"{"dim",5} {"memory GB/s",12} {"raw rows/s",14} {"raw GB/s",9} {"emulator rows/s",16} {"emulator GB/s",14} {"emulator/raw",13} {"emulator/memory",16} {"+filter rows/s",15}");
        foreach (var dim in new[] { 128, 768 })
        {
            var data = new float[(long)rows * dim];
            var random = new Random(dim);
            for (long i = 0; i < data.LongLength; i++) data[i] = (float)random.NextDouble();
            var query = Shared.Vector(new Random(7), dim);
            var name = $"bench_scan_{dim}";
            await LoadAsync(connection, name, data, rows, dim);

            var memory = Median(() => Time(() => TensorPrimitives.Sum<float>(data)));
            var raw = Median(() => RawScan(data, rows, dim, query));
            var search = new MilvusSearchRequest { Limit = 10 };
            search.Vectors.Add(query);
            var emulated = Median(() => Time(() => connection.SearchAsync(null, name, search, null, null, null, CancellationToken.None).GetAwaiter().GetResult()));
            var filtered = new MilvusSearchRequest { Limit = 10, Filter = "id % 2 == 0" };
            filtered.Vectors.Add(query);
            var withFilter = Median(() => Time(() => connection.SearchAsync(null, name, filtered, null, null, null, CancellationToken.None).GetAwaiter().GetResult()));
            var gigabytes = (double)rows * dim * sizeof(float) / 1e9; // the vector data one scan reads
            Console.WriteLine($"{dim,5} {gigabytes / memory,12:F2} {rows / raw,14:N0} {gigabytes / raw,9:F2} {rows / emulated,16:N0} {gigabytes / emulated,14:F2} {raw / emulated,13:P0} {memory / emulated,16:P0} {rows / withFilter,15:N0}");
            await connection.DropCollectionAsync(null, name, CancellationToken.None);
        }
    }

    private static async Task LoadAsync(MilvusConnection c, string name, float[] data, int rows, int dim)
    {
        var schema = Shared.Schema(dim);
        await c.CreateCollectionAsync(null, name, schema, 1, MilvusConsistencyLevel.Strong, null, 0, CancellationToken.None);
        for (var start = 0; start < rows; start += 2000)
        {
            var batch = new EntityBatchBuilder(schema);
            for (var i = start; i < Math.Min(rows, start + 2000); i++)
                batch.TryAdd(new Dictionary<string, object?> { ["id"] = (long)i, ["v"] = data.AsSpan(i * dim, dim).ToArray() }, i);
            await c.InsertAsync(null, name, null, batch, CancellationToken.None);
        }
        await c.CreateIndexAsync(null, name, "v", null, new Dictionary<string, string> { ["index_type"] = "FLAT", ["metric_type"] = "L2" }, CancellationToken.None);
        await c.LoadAsync(null, name, new LoadRequest(), CancellationToken.None);
        await c.WaitForLoadAsync(null, name, null, false, TimeSpan.FromMinutes(5), null, CancellationToken.None);
    }

    /// <summary>The floor: one kernel call per row over contiguous memory, a bounded max-heap of the 10 closest.</summary>
    private static double RawScan(float[] data, int rows, int dim, float[] query)
    {
        var scratch = new float[dim];
        var heap = new PriorityQueue<int, float>(11, Comparer<float>.Create((a, b) => b.CompareTo(a)));
        var watch = Stopwatch.StartNew();
        for (var i = 0; i < rows; i++)
        {
            var row = data.AsSpan(i * dim, dim);
            TensorPrimitives.Subtract(query, row, scratch);
            var d = TensorPrimitives.SumOfSquares<float>(scratch);
            if (heap.Count < 10) heap.Enqueue(i, d);
            else if (heap.TryPeek(out _, out var worst) && d < worst) heap.EnqueueDequeue(i, d);
        }
        return watch.Elapsed.TotalSeconds;
    }

    private static double Time(Action action)
    {
        var watch = Stopwatch.StartNew();
        action();
        return watch.Elapsed.TotalSeconds;
    }

    /// <summary>Median of <see cref="Repeats"/> timings after as many unmeasured runs, so tiered JIT has settled.</summary>
    private static double Median(Func<double> measure)
    {
        for (var i = 0; i < Repeats; i++) measure();
        var times = Enumerable.Range(0, Repeats).Select(_ => measure()).Order().ToList();
        return times[Repeats / 2];
    }
}
