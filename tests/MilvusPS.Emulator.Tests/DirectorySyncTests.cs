using MilvusPS.Emulator.Persistence;

namespace MilvusPS.Emulator.Tests;

/// <summary>The folder flush behind the snapshot swap: it reaches the system (Unix), and a refusal is an IOException, not a crash.</summary>
public sealed class DirectorySyncTests
{
    [Fact]
    public void Flushes_a_folder_and_reports_one_it_cannot_open()
    {
        var folder = Directory.CreateTempSubdirectory("milvusps-sync-").FullName;
        try
        {
            File.WriteAllText(Path.Combine(folder, "a"), "x");
            DirectorySync.Flush(folder); // fsync of the folder succeeded, or there was nothing to do (Windows)
            if (!OperatingSystem.IsWindows())
            {
                var missing = Path.Combine(folder, "missing");
                var e = Assert.Throws<IOException>(() => DirectorySync.Flush(missing));
                Assert.Contains(missing, e.Message);
            }
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }
}
