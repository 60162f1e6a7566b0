using System.Management.Automation;
using MilvusPS.Core.Errors;
using MilvusPS.Core.Operations;
using MilvusPS.Infrastructure;

namespace MilvusPS.Cmdlets.Aliases;

/// <summary>Lists aliases and the collections they point to (all in the database, or those of one collection).</summary>
[Cmdlet(VerbsCommon.Get, "MilvusAlias")]
[OutputType(typeof(MilvusAlias))]
public sealed class GetMilvusAliasCommand : MilvusConnectedCmdlet
{
    /// <summary>Alias names; wildcards allowed.</summary>
    [Parameter(Position = 0)]
    [SupportsWildcards]
    [Alias("Alias")]
    [ArgumentCompleter(typeof(Infrastructure.Completion.AliasNameCompleter))]
    public string[]? Name { get; set; }

    /// <summary>Only the aliases of this collection.</summary>
    [Parameter(ValueFromPipelineByPropertyName = true)]
    [Alias("CollectionName")]
    [ArgumentCompleter(typeof(Infrastructure.Completion.CollectionNameCompleter))]
    public string? Collection { get; set; }

    [Parameter(ValueFromPipelineByPropertyName = true)]
    [ArgumentCompleter(typeof(Infrastructure.Completion.DatabaseNameCompleter))]
    public string? Database { get; set; }

    protected override void ProcessRecord()
    {
        var connection = ResolveConnection();
        var database = string.IsNullOrEmpty(Database) ? connection.Database : Database!;
        try
        {
            // A plain name is described directly; wildcards filter the listing.
            if (Name is { Length: > 0 } && !Name.Any(WildcardPattern.ContainsWildcardCharacters) && Collection is null)
            {
                foreach (var alias in Name)
                {
                    try { WriteObject(RunAsync(token => connection.DescribeAliasAsync(database, alias, token))); }
                    catch (MilvusException e) { WriteMilvusError(e, alias); }
                }
                return;
            }
            var all = RunAsync(token => connection.ListAliasesAsync(database, Collection, token));
            var patterns = (Name ?? ["*"]).Select(p => WildcardPattern.Get(p, WildcardOptions.IgnoreCase)).ToList();
            foreach (var alias in all.Where(a => patterns.Any(p => p.IsMatch(a.Alias))).OrderBy(a => a.Alias, StringComparer.Ordinal))
                WriteObject(alias);
        }
        catch (MilvusException e)
        {
            WriteMilvusError(e, Collection ?? database);
        }
    }
}
