using System.Diagnostics;
using System.Management.Automation;
using System.Management.Automation.Runspaces;
using MilvusPS.Core.Connection;
using MilvusPS.Core.Data;
using MilvusPS.Core.Operations;
using MilvusPS.Core.Schema;
using MilvusPS.Emulator;

// Insert throughput: the core API (EntityBatchBuilder + Insert) against the cmdlet pipeline (Add-MilvusEntity),
// both into the in-process emulator, for dim 128 and 768. Reports rows/s and the cmdlet/core ratio.
var rows = args.Length > 0 ? int.Parse(args[0]) : 20000;
await using var emulator = await EmulatorServer.StartAsync(new EmulatorOptions { Port = 0 });
using var connection = await MilvusConnection.OpenAsync(new MilvusConnectionOptions { Uri = emulator.Uri, Timeout = TimeSpan.FromMinutes(5) });
var module = FindModule();

// Warm-up (JIT, connection, module import) so the first measured case is not penalised.
await CoreInsertAsync(connection, "bench_warm_core", 16, 2000);
CmdletInsert(emulator.Uri, module, "bench_warm_cmdlet", 16, 2000);

Console.WriteLine($"Insert {rows} rows into the MilvusPS emulator (process-local), batch 1000");
Console.WriteLine($"{"dim",5} {"core rows/s",14} {"cmdlet rows/s",14} {"cmdlet/core",12}");
foreach (var dim in new[] { 128, 768 })
{
    var core = await CoreInsertAsync(connection, $"bench_core_{dim}", dim, rows);
    var cmdlet = CmdletInsert(emulator.Uri, module, $"bench_cmdlet_{dim}", dim, rows);
    Console.WriteLine($"{dim,5} {core,14:N0} {cmdlet,14:N0} {cmdlet / core,12:P0}");
}

static async Task<double> CoreInsertAsync(MilvusConnection c, string name, int dim, int rows)
{
    var schema = Schema(dim);
    await c.CreateCollectionAsync(null, name, schema, 1, MilvusConsistencyLevel.Bounded, null, 0, CancellationToken.None);
    var random = new Random(1);
    var watch = Stopwatch.StartNew();
    for (var start = 0; start < rows; start += 1000)
    {
        var batch = new EntityBatchBuilder(schema);
        for (var i = start; i < Math.Min(rows, start + 1000); i++)
            batch.TryAdd(new Dictionary<string, object?> { ["id"] = (long)i, ["v"] = Vector(random, dim) }, i);
        await c.InsertAsync(null, name, null, batch, CancellationToken.None);
    }
    return rows / watch.Elapsed.TotalSeconds;
}

static double CmdletInsert(Uri uri, string module, string name, int dim, int rows)
{
    var iss = InitialSessionState.CreateDefault2();
    using var runspace = RunspaceFactory.CreateRunspace(iss);
    runspace.Open();
    using var ps = PowerShell.Create();
    ps.Runspace = runspace;
    ps.AddScript($$"""
        Import-Module '{{module}}'
        Connect-Milvus {{uri}}
        $schema = New-MilvusSchema (New-MilvusField id Int64 -PrimaryKey), (New-MilvusField v FloatVector -Dimension {{dim}})
        New-MilvusCollection {{name}} -Schema $schema | Out-Null
        $random = [Random]::new(1)
        $rows = foreach ($i in 0..({{rows}} - 1)) { @{ id = $i; v = [float[]]::new({{dim}}).ForEach({ $random.NextDouble() }) } }
        $watch = [Diagnostics.Stopwatch]::StartNew()
        $rows | Add-MilvusEntity {{name}} -BatchSize 1000 | Out-Null
        $watch.Elapsed.TotalSeconds
        """);
    var seconds = (double)ps.Invoke().Last().BaseObject;
    if (ps.HadErrors) throw new InvalidOperationException(string.Join("; ", ps.Streams.Error));
    return rows / seconds;
}

static MilvusCollectionSchema Schema(int dim)
{
    var s = new MilvusCollectionSchema();
    s.Fields.Add(new MilvusField("id", MilvusDataType.Int64) { IsPrimaryKey = true });
    s.Fields.Add(new MilvusField("v", MilvusDataType.FloatVector) { Dimension = dim });
    return s;
}

static float[] Vector(Random r, int dim)
{
    var v = new float[dim];
    for (var i = 0; i < dim; i++) v[i] = (float)r.NextDouble();
    return v;
}

static string FindModule()
{
    for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
    {
        var path = Path.Combine(dir.FullName, "artifacts", "module", "MilvusPS", "MilvusPS.psd1");
        if (File.Exists(path)) return path;
    }
    throw new InvalidOperationException("Build the module first (dotnet build MilvusPS.sln).");
}
