using System.Management.Automation;
using MilvusPS.Core.Connection;
using MilvusPS.Core.Errors;
using MilvusPS.Infrastructure;

namespace MilvusPS.Cmdlets.Databases;

/// <summary>Makes a database the connection's current one (checked with the server first).</summary>
[Cmdlet(VerbsOther.Use, "MilvusDatabase")]
[OutputType(typeof(MilvusConnection))]
public sealed class UseMilvusDatabaseCommand : MilvusConnectedCmdlet
{
    [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
    [Alias("DbName")]
    [ValidateNotNullOrEmpty]
    [ArgumentCompleter(typeof(Infrastructure.Completion.DatabaseNameCompleter))]
    public string Name { get; set; } = string.Empty;

    /// <summary>Write the connection afterwards.</summary>
    [Parameter]
    public SwitchParameter PassThru { get; set; }

    protected override void ProcessRecord()
    {
        var connection = ResolveConnection();
        try
        {
            RunAsync(token => connection.UseDatabaseAsync(Name, token));
            if (PassThru) WriteObject(connection);
        }
        catch (MilvusException e)
        {
            ThrowMilvusError(e, Name);
        }
    }
}
