using System.Management.Automation;
using MilvusPS.Core.Errors;
using MilvusPS.Core.Operations;
using MilvusPS.Infrastructure;

namespace MilvusPS.Cmdlets.Partitions;

/// <summary>Lists a collection's partitions with their load state; -Detailed adds row counts (partition statistics).</summary>
[Cmdlet(VerbsCommon.Get, "MilvusPartition", DefaultParameterSetName = ByInputObject)]
[OutputType(typeof(MilvusPartition))]
public sealed class GetMilvusPartitionCommand : MilvusCollectionCmdlet
{
    /// <summary>Partition names; wildcards allowed.</summary>
    [Parameter(Position = 1)]
    [SupportsWildcards]
    [Alias("PartitionName")]
    [ArgumentCompleter(typeof(Infrastructure.Completion.PartitionNameCompleter))]
    public string[]? Name { get; set; }

    [Parameter]
    public SwitchParameter Detailed { get; set; }

    protected override void ProcessRecord()
    {
        var connection = ResolveConnection();
        var (database, collection) = TargetCollection(connection);
        try
        {
            var partitions = RunAsync(token => connection.ListPartitionsAsync(database, collection, token));
            foreach (var pattern in Name ?? ["*"])
            {
                var wildcard = WildcardPattern.Get(pattern, WildcardOptions.IgnoreCase);
                var matches = partitions.Where(p => wildcard.IsMatch(p.Name)).ToList();
                if (matches.Count == 0 && !WildcardPattern.ContainsWildcardCharacters(pattern))
                {
                    var error = MilvusErrors.NotFound("ShowPartitions", $"{collection}/{pattern}", "PartitionNotFound", $"partition not found[partition={pattern}]", 200);
                    WriteMilvusError(error, pattern);
                    continue;
                }
                foreach (var partition in matches)
                {
                    RunAsync(async token =>
                    {
                        partition.LoadState = await connection.GetLoadStateAsync(database, collection, [partition.Name], token).ConfigureAwait(false);
                        if (Detailed) partition.RowCount = await connection.GetRowCountAsync(database, collection, partition.Name, token).ConfigureAwait(false);
                    });
                    WriteObject(partition);
                }
            }
        }
        catch (MilvusException e)
        {
            WriteMilvusError(e, Describe(connection, database, collection));
        }
    }
}
