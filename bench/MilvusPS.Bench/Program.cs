using MilvusPS.Bench;

// Benchmarks, reported as ratios (never asserted in tests). Modes: insert, search, scan; no mode runs all three.
//   dotnet run -c Release --project bench/MilvusPS.Bench -- [insert|search|scan] [rows]
var modes = args.Where(a => !int.TryParse(a, out _)).Select(a => a.ToLowerInvariant()).ToList();
var rows = args.Select(a => int.TryParse(a, out var n) ? n : 0).FirstOrDefault(n => n > 0);
if (modes.Count == 0) modes = ["insert", "search", "scan"];
foreach (var mode in modes)
{
    switch (mode)
    {
        case "insert": await InsertBench.RunAsync(rows > 0 ? rows : 20000); break;
        case "search": await SearchBench.RunAsync(rows > 0 ? rows : 20000); break;
        case "scan": await ScanBench.RunAsync(rows > 0 ? rows : 100000); break;
        default: Console.Error.WriteLine($"Unknown mode '{mode}': use insert, search or scan."); return 2;
    }
    Console.WriteLine();
}
return 0;
