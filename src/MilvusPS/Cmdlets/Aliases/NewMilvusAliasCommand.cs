using System.Management.Automation;
using MilvusPS.Core.Errors;
using MilvusPS.Core.Operations;
using MilvusPS.Infrastructure;

namespace MilvusPS.Cmdlets.Aliases;

/// <summary>Creates an alias for a collection.</summary>
[Cmdlet(VerbsCommon.New, "MilvusAlias", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
[OutputType(typeof(MilvusAlias))]
public sealed class NewMilvusAliasCommand : MilvusConnectedCmdlet
{
    [Parameter(Mandatory = true, Position = 0)]
    [Alias("Alias")]
    [ValidateNotNullOrEmpty]
    public string Name { get; set; } = string.Empty;

    [Parameter(Mandatory = true, Position = 1, ValueFromPipelineByPropertyName = true)]
    [Alias("CollectionName")]
    [ArgumentCompleter(typeof(Infrastructure.Completion.CollectionNameCompleter))]
    public string Collection { get; set; } = string.Empty;

    [Parameter(ValueFromPipelineByPropertyName = true)]
    [ArgumentCompleter(typeof(Infrastructure.Completion.DatabaseNameCompleter))]
    public string? Database { get; set; }

    protected override void ProcessRecord()
    {
        var connection = ResolveConnection();
        var database = string.IsNullOrEmpty(Database) ? connection.Database : Database!;
        if (!ShouldProcess(Name, $"Create Milvus alias for collection '{Collection}'")) return;
        try
        {
            RunAsync(token => connection.CreateAliasAsync(database, Collection, Name, token));
            WriteObject(new MilvusAlias(Name, Collection, database));
        }
        catch (MilvusException e)
        {
            WriteMilvusError(e, Name);
        }
    }
}
