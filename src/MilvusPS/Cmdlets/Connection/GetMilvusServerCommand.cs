using System.Management.Automation;
using MilvusPS.Core.Connection;
using MilvusPS.Core.Errors;
using MilvusPS.Infrastructure;

namespace MilvusPS.Cmdlets.Connection;

/// <summary>Describes the server: version, deploy mode, build, health, components and which features it supports.</summary>
[Cmdlet(VerbsCommon.Get, "MilvusServer")]
[OutputType(typeof(MilvusServerInfo))]
public sealed class GetMilvusServerCommand : MilvusConnectedCmdlet
{
    protected override void ProcessRecord()
    {
        var connection = ResolveConnection();
        try
        {
            WriteObject(RunAsync(token => MilvusServerInfo.DescribeAsync(connection, token)));
        }
        catch (MilvusException e)
        {
            ThrowMilvusError(e, connection.Uri);
        }
    }
}
