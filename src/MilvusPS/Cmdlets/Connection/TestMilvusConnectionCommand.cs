using System.Management.Automation;
using MilvusPS.Core.Connection;
using MilvusPS.Core.Errors;
using MilvusPS.Infrastructure;

namespace MilvusPS.Cmdlets.Connection;

/// <summary>
/// Tests whether a server answers and accepts the connection's credentials: $true or $false, or with
/// -Detailed the version, health and round-trip latency. Never fails for an unreachable server.
/// </summary>
[Cmdlet(VerbsDiagnostic.Test, "MilvusConnection")]
[OutputType(typeof(bool), typeof(MilvusConnectionTest))]
public sealed class TestMilvusConnectionCommand : MilvusConnectedCmdlet
{
    /// <summary>Return the version, health and latency instead of $true/$false.</summary>
    [Parameter]
    public SwitchParameter Detailed { get; set; }

    protected override void ProcessRecord()
    {
        var connection = ResolveConnection();
        var result = RunAsync(async token =>
        {
            try
            {
                var version = await connection.GetVersionAsync(token).ConfigureAwait(false);
                var health = await connection.CheckHealthAsync(token).ConfigureAwait(false);
                return new MilvusConnectionTest
                {
                    Uri = connection.Uri,
                    Database = connection.Database,
                    Success = true,
                    ServerVersion = version,
                    IsHealthy = health.IsHealthy,
                    HealthReasons = health.Reasons,
                    LatencyMs = Math.Round(health.Latency.TotalMilliseconds, 2),
                };
            }
            catch (MilvusException e)
            {
                return new MilvusConnectionTest { Uri = connection.Uri, Database = connection.Database, Error = e.Message, ErrorId = e.ErrorId };
            }
        });
        if (!result.Success) WriteVerbose($"{result.ErrorId}: {result.Error}");
        WriteObject(Detailed ? result : result.Success);
    }
}
