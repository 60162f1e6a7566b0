using System.Management.Automation;
using MilvusPS.Core.Errors;
using MilvusPS.Core.Operations;
using MilvusPS.Infrastructure;

namespace MilvusPS.Cmdlets.Maintenance;

/// <summary>Seals and persists growing segments of collections (or of every collection in the database); -Wait waits for the flush state.</summary>
[Cmdlet(VerbsLifecycle.Invoke, "MilvusFlush", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Low, DefaultParameterSetName = NamedSet)]
[OutputType(typeof(MilvusFlushResult))]
public sealed class InvokeMilvusFlushCommand : MilvusConnectedCmdlet
{
    private const string NamedSet = "Collection";
    private const string AllSet = "All";
    private readonly List<(string? Database, string Collection)> _collections = [];

    [Parameter(Mandatory = true, Position = 0, ParameterSetName = NamedSet, ValueFromPipelineByPropertyName = true)]
    [Alias("CollectionName", "Name")]
    [ArgumentCompleter(typeof(Infrastructure.Completion.CollectionNameCompleter))]
    public string[] Collection { get; set; } = [];

    /// <summary>Flush every collection of the database.</summary>
    [Parameter(Mandatory = true, ParameterSetName = AllSet)]
    public SwitchParameter All { get; set; }

    [Parameter(ValueFromPipelineByPropertyName = true)]
    [ArgumentCompleter(typeof(Infrastructure.Completion.DatabaseNameCompleter))]
    public string? Database { get; set; }

    [Parameter]
    public SwitchParameter Wait { get; set; }

    [Parameter]
    [ValidateRange(1, 86400)]
    public int TimeoutSec { get; set; } = 300;

    // Collect pipeline input so one Flush call per database covers its collections, as Milvus's Flush takes a list.
    protected override void ProcessRecord() => _collections.AddRange(Collection.Select(c => (string.IsNullOrEmpty(Database) ? null : Database, c)));

    protected override void EndProcessing()
    {
        var connection = ResolveConnection();
        if (All)
        {
            var database = string.IsNullOrEmpty(Database) ? connection.Database : Database!;
            try { Flush(connection, database, RunAsync(token => connection.ListCollectionsAsync(database, token)).Select(c => c.Name).ToList()); }
            catch (MilvusException e) { WriteMilvusError(e, database); }
            return;
        }
        foreach (var group in _collections.GroupBy(c => c.Database ?? connection.Database))
        {
            try { Flush(connection, group.Key, group.Select(c => c.Collection).Distinct().ToList()); }
            catch (MilvusException e) { WriteMilvusError(e, string.Join(",", group.Select(c => c.Collection))); }
        }
    }

    private void Flush(MilvusPS.Core.Connection.MilvusConnection connection, string database, List<string> names)
    {
        {
            if (names.Count == 0) return;
            if (!ShouldProcess(string.Join(", ", names), "Flush Milvus collections")) return;
            var results = RunAsync(token => connection.FlushAsync(database, names, token));
            foreach (var result in results)
            {
                if (Wait)
                {
                    var activity = $"Flushing {result.Collection}";
                    WriteProgress(new ProgressRecord(1, activity, "Waiting for the flush state"));
                    RunAsync(token => connection.WaitForFlushAsync(result, TimeSpan.FromSeconds(TimeoutSec), token));
                    WriteProgress(new ProgressRecord(1, activity, "Flushed") { RecordType = ProgressRecordType.Completed });
                }
                WriteObject(result);
            }
        }
    }
}
