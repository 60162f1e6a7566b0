using System.Text.Json.Nodes;
using MilvusPS.Emulator.Persistence;

namespace MilvusPS.Emulator.Tests;

public sealed class DataFolderTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("milvusps-data-").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    [Fact]
    public async Task Data_folder_is_created_marked_and_locked()
    {
        var folder = Path.Combine(_root, "nested", "data");
        await using (var server = await TestEmulator.StartAsync(o => { o.DataPath = folder; o.MilvusVersion = "2.5"; }))
        {
            var marker = JsonNode.Parse(File.ReadAllText(Path.Combine(folder, DataFolder.MarkerFileName)))!.AsObject();
            Assert.Equal("2.5.27", (string?)marker["milvusVersion"]);
            Assert.NotNull((string?)marker["created"]);

            var second = await Assert.ThrowsAsync<DataFolderException>(() => TestEmulator.StartAsync(o => o.DataPath = folder));
            Assert.Contains("in use by another MilvusPS emulator", second.Message);
        }

        // Released on stop: the folder can be used again, and the marker is kept.
        var created = File.ReadAllText(Path.Combine(folder, DataFolder.MarkerFileName));
        await using (await TestEmulator.StartAsync(o => o.DataPath = folder)) { }
        Assert.Equal(created, File.ReadAllText(Path.Combine(folder, DataFolder.MarkerFileName)));
    }
}
