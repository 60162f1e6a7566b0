using System.Management.Automation;
using MilvusPS.Core.Errors;
using MilvusPS.Core.Operations;
using MilvusPS.Infrastructure;

namespace MilvusPS.Cmdlets.Maintenance;

/// <summary>Starts a compaction of a collection (merges small segments, purges deleted rows); -Wait waits until it completes.</summary>
[Cmdlet(VerbsData.Compress, "MilvusCollection", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Low, DefaultParameterSetName = ByInputObject)]
[OutputType(typeof(MilvusCompaction))]
public sealed class CompressMilvusCollectionCommand : MilvusCollectionCmdlet
{
    /// <summary>A clustering (major) compaction, for collections with a clustering key.</summary>
    [Parameter]
    public SwitchParameter Clustering { get; set; }

    [Parameter]
    public SwitchParameter Wait { get; set; }

    [Parameter]
    [ValidateRange(1, 86400)]
    public int TimeoutSec { get; set; } = 600;

    protected override void ProcessRecord()
    {
        var connection = ResolveConnection();
        var (database, name) = TargetCollection(connection);
        var target = Describe(connection, database, name);
        if (!ShouldProcess(target, Clustering ? "Start a clustering compaction" : "Start a compaction")) return;
        try
        {
            var compaction = RunAsync(token => connection.CompactAsync(database, name, Clustering, token));
            if (Wait)
            {
                var activity = $"Compacting {target}";
                WriteProgress(new ProgressRecord(1, activity, $"Compaction {compaction.CompactionId}"));
                compaction = RunAsync(token => connection.WaitForCompactionAsync(compaction, TimeSpan.FromSeconds(TimeoutSec), token));
                WriteProgress(new ProgressRecord(1, activity, "Completed") { RecordType = ProgressRecordType.Completed });
            }
            WriteObject(compaction);
        }
        catch (MilvusException e)
        {
            WriteMilvusError(e, target);
        }
    }
}
