using System.Management.Automation;
using MilvusPS.Module.Tests.Hosting;
using MilvusPS.TestSupport;

namespace MilvusPS.Module.Tests;

/// <summary>Connect-Milvus against a server with authentication on.</summary>
public class AuthenticationTests
{
    [SkippableFact]
    public async Task RightCredentialsConnect()
    {
        var endpoint = await Endpoints.AuthenticatedAsync();
        Skip.If(endpoint is null, "No server with authentication in this environment (set MILVUS_USER and MILVUS_PASSWORD).");
        using var session = PsSession.Create();
        session.SetVariable("cred", PsSession.Credential(endpoint!.User!, endpoint.Password!));
        var c = session.Invoke($"Connect-Milvus {endpoint.Uri} -Credential $cred -PassThru").AssertSuccess().Output.Single();
        Assert.Equal("Password", c.Properties["Authentication"].Value);
        Assert.Equal(endpoint.User, c.Properties["User"].Value);
        Assert.True((bool)session.Invoke("Test-MilvusConnection").AssertSuccess().Output.Single().BaseObject);
    }

    [SkippableFact]
    public async Task AUserPasswordTokenConnects()
    {
        var endpoint = await Endpoints.AuthenticatedAsync();
        Skip.If(endpoint is null, "No server with authentication in this environment.");
        using var session = PsSession.Create();
        session.SetVariable("token", PsSession.Secure($"{endpoint!.User}:{endpoint.Password}"));
        var c = session.Invoke($"Connect-Milvus {endpoint.Uri} -Token $token -PassThru").AssertSuccess().Output.Single();
        Assert.Equal("Token", c.Properties["Authentication"].Value);
    }

    [SkippableTheory]
    [InlineData("wrong-password")]
    [InlineData(null)]
    public async Task WrongOrMissingCredentialsAreAnAuthenticationError(string? password)
    {
        var endpoint = await Endpoints.AuthenticatedAsync();
        Skip.If(endpoint is null, "No server with authentication in this environment.");
        using var session = PsSession.Create();
        session.SetVariable("cred", password is null ? null : PsSession.Credential(endpoint!.User!, password));
        var result = session.Invoke($"$p = @{{}}; if ($cred) {{ $p.Credential = $cred }}; Connect-Milvus {endpoint!.Uri} @p -TimeoutSec 10");
        Assert.NotNull(result.Error);
        Assert.StartsWith("AuthenticationFailed,", result.Error!.FullyQualifiedErrorId);
        Assert.Equal(ErrorCategory.AuthenticationError, result.Error.CategoryInfo.Category);
        Assert.Contains("-Credential", result.Error.ErrorDetails?.RecommendedAction ?? string.Empty);
        // Nothing was registered: there is still no default connection.
        Assert.Empty(session.Invoke("Get-MilvusConnection").Output);
    }
}
