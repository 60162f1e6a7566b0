using System.Management.Automation;
using MilvusPS.Core.Connection;
using MilvusPS.Core.Errors;
using MilvusPS.Core.Operations;
using MilvusPS.Infrastructure;

namespace MilvusPS.Cmdlets.Databases;

/// <summary>Makes a database the connection's current one (checked with the server first).</summary>
[Cmdlet(VerbsOther.Use, "MilvusDatabase", DefaultParameterSetName = ByName)]
[OutputType(typeof(MilvusConnection))]
public sealed class UseMilvusDatabaseCommand : MilvusDatabaseCmdlet
{
    /// <summary>Write the connection afterwards.</summary>
    [Parameter]
    public SwitchParameter PassThru { get; set; }

    protected override void ProcessRecord()
    {
        var name = DatabaseName;
        var connection = ResolveConnection();
        try
        {
            RunAsync(token => connection.UseDatabaseAsync(name, token));
            if (PassThru) WriteObject(connection);
        }
        catch (MilvusException e)
        {
            ThrowMilvusError(e, name);
        }
    }
}
