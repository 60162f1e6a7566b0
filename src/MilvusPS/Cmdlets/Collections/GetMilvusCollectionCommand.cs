using System.Management.Automation;
using MilvusPS.Core.Errors;
using MilvusPS.Core.Operations;
using MilvusPS.Infrastructure;

namespace MilvusPS.Cmdlets.Collections;

/// <summary>
/// Lists and describes collections: fields with vector types and dimensions, indexes, partitions, aliases,
/// load state, properties, consistency level; -Detailed adds the row count.
/// </summary>
[Cmdlet(VerbsCommon.Get, "MilvusCollection")]
[OutputType(typeof(MilvusCollection))]
public sealed class GetMilvusCollectionCommand : MilvusConnectedCmdlet
{
    /// <summary>Collection names or aliases; wildcards allowed. All collections when omitted.</summary>
    [Parameter(Position = 0)]
    [SupportsWildcards]
    [Alias("CollectionName")]
    [ArgumentCompleter(typeof(Infrastructure.Completion.CollectionNameCompleter))]
    public string[]? Name { get; set; }

    /// <summary>The database to look in; the connection's current one when omitted.</summary>
    [Parameter(ValueFromPipelineByPropertyName = true)]
    [ArgumentCompleter(typeof(Infrastructure.Completion.DatabaseNameCompleter))]
    public string? Database { get; set; }

    /// <summary>Also read the row count (collection statistics).</summary>
    [Parameter]
    public SwitchParameter Detailed { get; set; }

    protected override void ProcessRecord()
    {
        var connection = ResolveConnection();
        var database = string.IsNullOrEmpty(Database) ? connection.Database : Database!;
        var patterns = Name ?? ["*"];
        IReadOnlyList<MilvusCollectionListing> listing;
        try
        {
            listing = patterns.Any(WildcardPattern.ContainsWildcardCharacters)
                ? RunAsync(token => connection.ListCollectionsAsync(database, token))
                : [];
        }
        catch (MilvusException e)
        {
            ThrowMilvusError(e, database);
            return;
        }
        foreach (var pattern in patterns)
        {
            // A plain name is described directly, so an alias works too; a wildcard filters the listing.
            var names = WildcardPattern.ContainsWildcardCharacters(pattern)
                ? listing.Where(c => WildcardPattern.Get(pattern, WildcardOptions.IgnoreCase).IsMatch(c.Name)).Select(c => c.Name).Order(StringComparer.Ordinal).ToList()
                : [pattern];
            foreach (var name in names)
            {
                try
                {
                    WriteObject(RunAsync(token => connection.DescribeCollectionWithDetailsAsync(database, name, Detailed, token)));
                }
                catch (MilvusException e)
                {
                    WriteMilvusError(e, name);
                }
            }
        }
    }
}
