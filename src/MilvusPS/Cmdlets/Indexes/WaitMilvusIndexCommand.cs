using System.Management.Automation;
using MilvusPS.Core.Errors;
using MilvusPS.Core.Operations;
using MilvusPS.Infrastructure;

namespace MilvusPS.Cmdlets.Indexes;

/// <summary>
/// Waits until an index has built every row, with progress from indexed/total rows (completion is judged
/// from the row counts, because a server can report Finished while rows are still pending).
/// </summary>
[Cmdlet(VerbsLifecycle.Wait, "MilvusIndex", DefaultParameterSetName = ByInputObject)]
[OutputType(typeof(MilvusIndexSummary))]
public sealed class WaitMilvusIndexCommand : MilvusIndexCmdlet
{
    /// <summary>Index names; every index of the collection when omitted.</summary>
    [Parameter(Position = 1, ValueFromPipelineByPropertyName = true)]
    [Alias("IndexName")]
    public string[]? Name { get; set; }

    [Parameter]
    [ValidateRange(1, 86400)]
    public int TimeoutSec { get; set; } = 600;

    protected override void ProcessRecord()
    {
        var connection = ResolveConnection();
        var (database, collection) = TargetCollection(connection);
        try
        {
            var names = Name ?? RunAsync(token => connection.ListIndexesAsync(database, collection, token)).Select(i => i.IndexName).ToArray();
            foreach (var name in names) WriteObject(WaitForIndex(connection, database, collection, name, TimeoutSec));
        }
        catch (MilvusException e)
        {
            WriteMilvusError(e, Describe(connection, database, collection));
        }
    }
}
