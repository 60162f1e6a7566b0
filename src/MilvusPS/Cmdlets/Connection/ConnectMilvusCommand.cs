using System.Management.Automation;
using System.Net;
using System.Security;
using MilvusPS.Core.Connection;
using MilvusPS.Core.Errors;
using MilvusPS.Infrastructure;

namespace MilvusPS.Cmdlets.Connection;

/// <summary>
/// Opens a connection to a Milvus server, runs the handshake, and makes it this runspace's default.
/// </summary>
[Cmdlet(VerbsCommunications.Connect, "Milvus", DefaultParameterSetName = CredentialSet)]
[OutputType(typeof(MilvusConnection))]
public sealed class ConnectMilvusCommand : MilvusCmdlet
{
    private const string CredentialSet = "Credential";
    private const string TokenSet = "Token";

    /// <summary>
    /// http://host:port or https://host:port (host or host:port mean http); defaults to $env:MILVUS_URI,
    /// else http://localhost:19530. Binds the Uri property of piped objects (an emulator, a connection).
    /// </summary>
    [Parameter(Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
    [ValidateNotNull]
    public Uri? Uri { get; set; }

    /// <summary>User name and password (Milvus's built-in user is root).</summary>
    [Parameter(ParameterSetName = CredentialSet)]
    [Credential]
    public PSCredential? Credential { get; set; }

    /// <summary>An API key, or "user:password", sent as the token.</summary>
    [Parameter(Mandatory = true, ParameterSetName = TokenSet)]
    public SecureString? Token { get; set; }

    /// <summary>The database later calls use; Milvus's "default" when omitted.</summary>
    [Parameter]
    [Alias("DbName")]
    [ValidateNotNullOrEmpty]
    public string? Database { get; set; }

    /// <summary>CA certificate file (PEM or DER) that signed the server's certificate.</summary>
    [Parameter]
    [Alias("CaCertificatePath")]
    public string? ServerCaPath { get; set; }

    /// <summary>Client certificate file (PEM or PFX) for mutual TLS.</summary>
    [Parameter]
    public string? ClientCertificatePath { get; set; }

    /// <summary>The client certificate's private key file (PEM), when not inside the certificate file.</summary>
    [Parameter]
    public string? ClientKeyPath { get; set; }

    /// <summary>The name to check the server's certificate against, when it differs from the URI's host.</summary>
    [Parameter]
    public string? ServerName { get; set; }

    /// <summary>Accept any server certificate (test servers only).</summary>
    [Parameter]
    public SwitchParameter SkipCertificateCheck { get; set; }

    /// <summary>Time limit for each call, retries included, in seconds.</summary>
    [Parameter]
    [ValidateRange(1, 86400)]
    public int TimeoutSec { get; set; } = 30;

    /// <summary>A name for the connection, shown by Get-MilvusConnection.</summary>
    [Parameter]
    public string? Name { get; set; }

    /// <summary>Open the connection without making it the default.</summary>
    [Parameter]
    public SwitchParameter NotDefault { get; set; }

    /// <summary>Write the connection to the pipeline.</summary>
    [Parameter]
    public SwitchParameter PassThru { get; set; }

    protected override void ProcessRecord()
    {
        Uri uri;
        try
        {
            // A Uri parameter (not a string) lets piped objects bind by their Uri property instead of by ToString().
            uri = MilvusConnectionOptions.ParseUri(Uri?.OriginalString ?? Environment.GetEnvironmentVariable("MILVUS_URI") ?? "http://localhost:19530");
        }
        catch (ArgumentException e)
        {
            ThrowError(e, "InvalidUri", ErrorCategory.InvalidArgument, Uri?.OriginalString);
            return;
        }
        var options = new MilvusConnectionOptions
        {
            Uri = uri,
            User = Credential?.UserName,
            Password = Credential?.GetNetworkCredential().Password,
            Token = Token is null ? null : new NetworkCredential(string.Empty, Token).Password,
            Database = Database,
            ServerCaPath = Resolve(ServerCaPath),
            ClientCertificatePath = Resolve(ClientCertificatePath),
            ClientKeyPath = Resolve(ClientKeyPath),
            ServerName = ServerName,
            SkipCertificateCheck = SkipCertificateCheck,
            Timeout = TimeSpan.FromSeconds(TimeoutSec),
            Name = Name,
        };
        WriteVerbose($"Connecting to {uri} (database '{Database ?? MilvusConnection.DefaultDatabase}', authentication: {(options.User is not null ? "password" : options.Token is not null ? "token" : "none")}).");
        MilvusConnection connection;
        try
        {
            connection = RunAsync(token => MilvusConnection.OpenAsync(options, token));
        }
        catch (MilvusException e)
        {
            ThrowMilvusError(e, uri);
            return;
        }
        catch (ArgumentException e)
        {
            ThrowError(e, "ConnectionOptionsInvalid", ErrorCategory.InvalidArgument, uri);
            return;
        }
        catch (FileNotFoundException e)
        {
            ThrowError(e, "TlsFileNotFound", ErrorCategory.ObjectNotFound, e.FileName);
            return;
        }
        catch (Exception e) when (e is IOException or System.Security.Cryptography.CryptographicException)
        {
            ThrowError(e, "TlsConfigurationInvalid", ErrorCategory.InvalidData, uri);
            return;
        }
        WriteVerbose($"Connected to Milvus {connection.ServerVersion} at {uri} (identifier {connection.Identifier}).");
        var session = RunspaceSession.Current;
        session.Add(connection);
        if (!NotDefault) session.Default = connection;
        if (PassThru || NotDefault) WriteObject(connection);
    }

    private string? Resolve(string? path) => path is null ? null : GetUnresolvedProviderPathFromPSPath(path);
}
