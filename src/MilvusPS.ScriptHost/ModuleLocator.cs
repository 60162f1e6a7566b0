namespace MilvusPS.ScriptHost;

/// <summary>Finds the built module: MILVUSPS_MODULE_PATH, else artifacts/module/MilvusPS above the working folder or this program.</summary>
internal static class ModuleLocator
{
    public static string? Find()
    {
        var fromEnv = Environment.GetEnvironmentVariable("MILVUSPS_MODULE_PATH");
        if (!string.IsNullOrEmpty(fromEnv)) return File.Exists(fromEnv) ? Path.GetFullPath(fromEnv) : null;
        foreach (var start in new[] { Environment.CurrentDirectory, AppContext.BaseDirectory })
        {
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                var candidate = Path.Combine(dir.FullName, "artifacts", "module", "MilvusPS", "MilvusPS.psd1");
                if (File.Exists(candidate)) return candidate;
            }
        }
        return null;
    }
}
