<#
.SYNOPSIS
    MilvusPS quickstart: connect to Milvus (or start the local emulator), look at the server, disconnect.

.DESCRIPTION
    Uses $env:MILVUS_URI when it is set (with $env:MILVUS_USER / $env:MILVUS_PASSWORD for a server with
    authentication); otherwise starts the MilvusPS emulator, the embedded default for a first run.
    Keeps to the PowerShell engine's core cmdlets, so it also runs under MilvusPS.ScriptHost (no pwsh needed).
    It grows as MilvusPS does: collections, data, indexes, search, export and plans come next.

.EXAMPLE
    pwsh ./build.ps1 -Task Quickstart

.EXAMPLE
    dotnet run --project src/MilvusPS.ScriptHost -- examples/quickstart.ps1
#>
[CmdletBinding()]
param(
    [string] $Uri = $env:MILVUS_URI
)

$ErrorActionPreference = 'Stop'
$emulator = $null

try {
    if ($Uri) {
        $connect = @{ Uri = $Uri }
        if ($env:MILVUS_USER) {
            $password = [System.Net.NetworkCredential]::new('', $env:MILVUS_PASSWORD).SecurePassword
            $connect.Credential = [pscredential]::new($env:MILVUS_USER, $password)
        }
        Connect-Milvus @connect
    }
    else {
        '== Starting the MilvusPS emulator (no MILVUS_URI given)'
        $emulator = Start-MilvusEmulator
        $emulator | Out-Default
        $emulator | Connect-Milvus
    }

    '== Connection'
    Get-MilvusConnection | Out-Default

    '== Server'
    $server = Get-MilvusServer
    $server | Out-Default

    '== Features this server supports, and what newer ones need'
    $server.Capabilities | Out-Default

    '== Health check'
    Test-MilvusConnection -Detailed | Out-Default
}
finally {
    if (Get-MilvusConnection -All) { Disconnect-Milvus -All }
    if ($emulator) { $emulator | Stop-MilvusEmulator -Force }
}
'== Done'
