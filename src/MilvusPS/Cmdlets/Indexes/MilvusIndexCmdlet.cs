using System.Management.Automation;
using MilvusPS.Core.Connection;
using MilvusPS.Core.Operations;
using MilvusPS.Infrastructure;

namespace MilvusPS.Cmdlets.Indexes;

/// <summary>What the index cmdlets share: waiting for a build with progress from indexed/total rows.</summary>
public abstract class MilvusIndexCmdlet : MilvusCollectionCmdlet
{
    protected MilvusIndexSummary WaitForIndex(MilvusConnection connection, string database, string collection, string indexName, int timeoutSec)
    {
        var activity = $"Building index {indexName} on {collection}";
        var index = RunAsync(token => connection.WaitForIndexAsync(database, collection, indexName, TimeSpan.FromSeconds(timeoutSec),
            new ReportNow<MilvusIndexSummary>(i => Post(() => WriteProgress(new ProgressRecord(2, activity, $"{i.State}: {i.IndexedRows} of {i.TotalRows} rows indexed, {i.PendingIndexRows} pending")
            {
                PercentComplete = i.PercentIndexed,
            }))), token));
        WriteProgress(new ProgressRecord(2, activity, "Built") { RecordType = ProgressRecordType.Completed });
        index.Collection = collection;
        index.Database = database;
        return index;
    }
}
