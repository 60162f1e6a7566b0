using System.Management.Automation;
using System.Management.Automation.Runspaces;
using MilvusPS.Core.Schema;

namespace MilvusPS.Bench;

/// <summary>What the benchmarks share: the schema, random vectors, the built module, a runspace with it imported.</summary>
internal static class Shared
{
    public static MilvusCollectionSchema Schema(int dim)
    {
        var s = new MilvusCollectionSchema();
        s.Fields.Add(new MilvusField("id", MilvusDataType.Int64) { IsPrimaryKey = true });
        s.Fields.Add(new MilvusField("v", MilvusDataType.FloatVector) { Dimension = dim });
        return s;
    }

    public static float[] Vector(Random r, int dim)
    {
        var v = new float[dim];
        for (var i = 0; i < dim; i++) v[i] = (float)r.NextDouble();
        return v;
    }

    public static string FindModule()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var path = Path.Combine(dir.FullName, "artifacts", "module", "MilvusPS", "MilvusPS.psd1");
            if (File.Exists(path)) return path;
        }
        throw new InvalidOperationException("Build the module first (dotnet build MilvusPS.sln).");
    }

    /// <summary>Runs a script in a fresh runspace with the module imported and connected; returns its last output.</summary>
    public static object RunScript(Uri uri, string script)
    {
        using var runspace = RunspaceFactory.CreateRunspace(InitialSessionState.CreateDefault2());
        runspace.Open();
        using var ps = PowerShell.Create();
        ps.Runspace = runspace;
        ps.AddScript($"Import-Module '{FindModule()}'; Connect-Milvus {uri}\n" + script);
        var output = ps.Invoke();
        if (ps.HadErrors) throw new InvalidOperationException(string.Join("; ", ps.Streams.Error));
        return output.Last().BaseObject;
    }
}
