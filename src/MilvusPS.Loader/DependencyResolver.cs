using System.Management.Automation;
using System.Reflection;
using System.Runtime.Loader;

namespace MilvusPS.Loader;

/// <summary>
/// Loads MilvusPS.Core and everything it depends on (Grpc, Protobuf, Polly, YamlDotNet) into a private
/// AssemblyLoadContext, so MilvusPS never breaks, or is broken by, a module that loads other versions.
/// PowerShell loads MilvusPS.dll in the default context; when the runtime first needs MilvusPS.Core (which
/// sits in Dependencies/, where the default context does not look), the handler below hands it over.
/// This lives in its own assembly, imported before MilvusPS.dll, because PowerShell inspects a binary
/// module's types (and so needs MilvusPS.Core) before it runs that module's own initializer.
/// </summary>
public sealed class DependencyResolver : IModuleAssemblyInitializer
{
    // The one assembly MilvusPS.dll references (a test keeps it so); everything it references in turn
    // resolves inside the private context.
    private const string CoreAssemblyName = "MilvusPS.Core";
    private static int _registered;

    public void OnImport()
    {
        // Import-Module -Force and several runspaces call this again: register once per process.
        if (Interlocked.Exchange(ref _registered, 1) == 0)
            AssemblyLoadContext.Default.Resolving += ResolveCore;
    }

    private static Assembly? ResolveCore(AssemblyLoadContext context, AssemblyName name) =>
        name.Name == CoreAssemblyName ? DependencyLoadContext.Instance.LoadFromAssemblyName(name) : null;
}

/// <summary>The private load context: resolves from the module's Dependencies folder, else falls back to the default context.</summary>
internal sealed class DependencyLoadContext : AssemblyLoadContext
{
    private readonly string _folder;

    private DependencyLoadContext(string folder) : base("MilvusPS", isCollectible: false) => _folder = folder;

    public static DependencyLoadContext Instance { get; } = new(Path.Combine(
        Path.GetDirectoryName(typeof(DependencyLoadContext).Assembly.Location) ?? ".", "Dependencies"));

    protected override Assembly? Load(AssemblyName assemblyName)
    {
        var path = Path.Combine(_folder, assemblyName.Name + ".dll");
        return File.Exists(path) ? LoadFromAssemblyPath(path) : null;
    }
}
