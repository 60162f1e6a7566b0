using System.Management.Automation;
using System.Management.Automation.Runspaces;
using MilvusPS.ScriptHost;

// Usage: dotnet run --project src/MilvusPS.ScriptHost -- <script.ps1> [script arguments...]
if (args.Length == 0 || args[0] is "-h" or "--help" or "-?")
{
    Console.Error.WriteLine("Usage: MilvusPS.ScriptHost <script.ps1> [arguments...]");
    Console.Error.WriteLine("Runs the script with the built MilvusPS module imported (override with MILVUSPS_MODULE_PATH).");
    return 2;
}
var script = Path.GetFullPath(args[0]);
if (!File.Exists(script))
{
    Console.Error.WriteLine($"No script at '{script}'.");
    return 2;
}
var modulePath = ModuleLocator.Find();
if (modulePath is null)
{
    Console.Error.WriteLine("The MilvusPS module is not built: run 'dotnet build MilvusPS.sln' (or set MILVUSPS_MODULE_PATH to MilvusPS.psd1).");
    return 2;
}

var host = new ConsoleHost();
var iss = InitialSessionState.CreateDefault2();
if (OperatingSystem.IsWindows()) iss.ExecutionPolicy = Microsoft.PowerShell.ExecutionPolicy.Bypass;
using var runspace = RunspaceFactory.CreateRunspace(host, iss);
runspace.Open();

using var ps = PowerShell.Create();
ps.Runspace = runspace;
// Import, run the script with its arguments, and render everything (errors too) through the format views.
ps.AddScript("param($Module, $Script, $Arguments) Import-Module $Module -ErrorAction Stop; & $Script @Arguments")
    .AddParameter("Module", modulePath)
    .AddParameter("Script", script)
    .AddParameter("Arguments", args.Skip(1).ToArray());
ps.Commands.Commands[0].MergeMyResults(PipelineResultTypes.Error, PipelineResultTypes.Output);
ps.AddCommand("Out-Default");

Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = true;
    ps.BeginStop(null, null);
};
try
{
    ps.Invoke();
}
catch (RuntimeException e)
{
    host.UI.WriteErrorLine(e.ErrorRecord.ToString());
    return 1;
}
if (ps.InvocationStateInfo.State == PSInvocationState.Stopped) return 130;
return ps.HadErrors || host.HadErrors ? 1 : 0;
