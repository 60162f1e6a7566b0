using System.Management.Automation;
using MilvusPS.Core.Errors;
using MilvusPS.Core.Operations;
using MilvusPS.Infrastructure;

namespace MilvusPS.Cmdlets.Indexes;

/// <summary>Describes a collection's indexes: type, metric, parameters, state, indexed/total/pending rows and any failure reason.</summary>
[Cmdlet(VerbsCommon.Get, "MilvusIndex", DefaultParameterSetName = ByInputObject)]
[OutputType(typeof(MilvusIndexSummary))]
public sealed class GetMilvusIndexCommand : MilvusIndexCmdlet
{
    /// <summary>Only the index on this field.</summary>
    [Parameter]
    [Alias("FieldName")]
    [ArgumentCompleter(typeof(Infrastructure.Completion.FieldNameCompleter))]
    public string? Field { get; set; }

    /// <summary>Index names; wildcards allowed.</summary>
    [Parameter(Position = 1)]
    [Alias("IndexName")]
    [SupportsWildcards]
    public string[]? Name { get; set; }

    protected override void ProcessRecord()
    {
        var connection = ResolveConnection();
        var (database, collection) = TargetCollection(connection);
        try
        {
            var indexes = RunAsync(token => connection.ListIndexesAsync(database, collection, token, fieldName: Field));
            var patterns = (Name ?? ["*"]).Select(n => WildcardPattern.Get(n, WildcardOptions.IgnoreCase)).ToList();
            foreach (var index in indexes.Where(i => patterns.Any(p => p.IsMatch(i.IndexName))))
            {
                index.Collection = collection;
                index.Database = database;
                WriteObject(index);
            }
        }
        catch (MilvusException e)
        {
            WriteMilvusError(e, Describe(connection, database, collection));
        }
    }
}
