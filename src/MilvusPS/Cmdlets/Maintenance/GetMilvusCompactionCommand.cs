using System.Management.Automation;
using MilvusPS.Core.Errors;
using MilvusPS.Core.Operations;
using MilvusPS.Infrastructure;

namespace MilvusPS.Cmdlets.Maintenance;

/// <summary>Gets the state of a compaction (from Compress-MilvusCollection).</summary>
[Cmdlet(VerbsCommon.Get, "MilvusCompaction")]
[OutputType(typeof(MilvusCompaction))]
public sealed class GetMilvusCompactionCommand : MilvusConnectedCmdlet
{
    [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
    [Alias("CompactionId")]
    public long Id { get; set; }

    protected override void ProcessRecord()
    {
        var connection = ResolveConnection();
        try
        {
            WriteObject(RunAsync(token => connection.GetCompactionAsync(Id, null, token)));
        }
        catch (MilvusException e)
        {
            WriteMilvusError(e, Id);
        }
    }
}
