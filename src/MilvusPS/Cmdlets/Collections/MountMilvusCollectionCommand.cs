using System.Management.Automation;
using MilvusPS.Core.Errors;
using MilvusPS.Core.Operations;
using MilvusPS.Infrastructure;

namespace MilvusPS.Cmdlets.Collections;

/// <summary>Loads a collection (or some of its partitions) into query memory so it can be searched; -Wait shows progress until loaded.</summary>
[Cmdlet(VerbsData.Mount, "MilvusCollection", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Low, DefaultParameterSetName = ByInputObject)]
[OutputType(typeof(MilvusCollection))]
public sealed class MountMilvusCollectionCommand : MilvusCollectionCmdlet
{
    /// <summary>Load only these partitions.</summary>
    [Parameter]
    [ArgumentCompleter(typeof(Infrastructure.Completion.PartitionNameCompleter))]
    public string[]? Partition { get; set; }

    /// <summary>In-memory replicas.</summary>
    [Parameter]
    [ValidateRange(1, 100)]
    public int ReplicaNumber { get; set; }

    /// <summary>Load only these fields (2.4+).</summary>
    [Parameter]
    [ArgumentCompleter(typeof(Infrastructure.Completion.FieldNameCompleter))]
    public string[]? LoadField { get; set; }

    /// <summary>Reload a loaded collection's segments (after a bulk import).</summary>
    [Parameter]
    public SwitchParameter Refresh { get; set; }

    /// <summary>Wait until loaded, showing progress.</summary>
    [Parameter]
    public SwitchParameter Wait { get; set; }

    /// <summary>How long -Wait waits, in seconds.</summary>
    [Parameter]
    [ValidateRange(1, 86400)]
    public int TimeoutSec { get; set; } = 600;

    [Parameter]
    public SwitchParameter PassThru { get; set; }

    protected override void ProcessRecord()
    {
        var connection = ResolveConnection();
        var (database, name) = TargetCollection(connection);
        var target = Describe(connection, database, name) + (Partition is { Length: > 0 } ? $" (partitions {string.Join(", ", Partition)})" : string.Empty);
        if (!ShouldProcess(target, Refresh ? "Refresh the loaded Milvus collection" : "Load Milvus collection into memory")) return;
        var load = new LoadRequest { Partitions = Partition ?? [], ReplicaNumber = ReplicaNumber, LoadFields = LoadField ?? [], Refresh = Refresh };
        var activity = $"Loading {target}";
        try
        {
            RunAsync(async token =>
            {
                await connection.LoadAsync(database, name, load, token).ConfigureAwait(false);
                if (!Wait) return;
                await connection.WaitForLoadAsync(database, name, Partition, Refresh, TimeSpan.FromSeconds(TimeoutSec), new ReportNow<long>(p => Post(() => WriteProgress(new ProgressRecord(1, activity, $"{p}% loaded") { PercentComplete = (int)Math.Clamp(p, 0, 100) }))), token).ConfigureAwait(false);
            });
            if (Wait) WriteProgress(new ProgressRecord(1, activity, "Loaded") { RecordType = ProgressRecordType.Completed });
            if (PassThru) WriteObject(RunAsync(token => connection.DescribeCollectionWithDetailsAsync(database, name, false, token)));
        }
        catch (MilvusException e)
        {
            WriteMilvusError(e, target);
        }
    }
}
