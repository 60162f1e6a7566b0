<#
.SYNOPSIS
    MilvusPS quickstart: connect to Milvus (or start the local emulator), look at the server, disconnect.

.DESCRIPTION
    Uses $env:MILVUS_URI when it is set (with $env:MILVUS_USER / $env:MILVUS_PASSWORD for a server with
    authentication); otherwise starts the MilvusPS emulator, the embedded default for a first run.
    Keeps to the PowerShell engine's core cmdlets, so it also runs under MilvusPS.ScriptHost (no pwsh needed).
    It grows as MilvusPS does: file import/export, RBAC and plans come next.

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

    '== A collection the quick way (id + vector, indexed and loaded, like MilvusClient quick setup)'
    New-MilvusCollection quickstart_docs -Dimension 8 -MetricType COSINE | Out-Default

    '== Entities in, then a vector search with a filter'
    $colours = 'red', 'green', 'blue'
    1..50 | ForEach-Object {
        $angle = $_ / 8.0
        @{ id = $_; vector = @([math]::Cos($angle), [math]::Sin($angle), 0.1, 0.2, 0.3, 0.4, 0.5, 0.6); colour = $colours[$_ % 3] }
    } | Add-MilvusEntity quickstart_docs | Out-Default
    Measure-MilvusEntity quickstart_docs -Filter 'colour == "red"' | Out-Default
    Invoke-MilvusSearch quickstart_docs -Vector 1, 0, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6 -Limit 3 -Filter 'colour in {c}' -FilterParameter @{ c = @('red', 'blue') } -OutputField colour |
        Out-Default

    '== A collection from a schema'
    $fields = @(
        New-MilvusField id Int64 -PrimaryKey -AutoId
        New-MilvusField title VarChar -MaxLength 256
        New-MilvusField tags Array -ElementType VarChar -MaxCapacity 8 -MaxLength 32
        New-MilvusField embedding FloatVector -Dimension 8
    )
    $schema = New-MilvusSchema -Field $fields -Description 'quickstart articles' -EnableDynamicField
    $schema.Fields | Out-Default
    New-MilvusCollection quickstart_articles -Schema $schema -ConsistencyLevel Session | Out-Null
    New-MilvusPartition quickstart_articles -Name y2025, y2026 | Out-Null
    Get-MilvusPartition quickstart_articles | Out-Default

    '== An alias, the blue/green way'
    New-MilvusAlias quickstart_live -Collection quickstart_docs | Out-Null
    Set-MilvusAlias quickstart_live -Collection quickstart_articles -PassThru | Out-Default
    Get-MilvusCollection quickstart_* -Detailed | Out-Default

    '== Flush and compaction'
    Invoke-MilvusFlush -Collection quickstart_docs, quickstart_articles -Wait | Out-Default
    Compress-MilvusCollection quickstart_docs -Wait | Out-Default

    '== What -WhatIf says before dropping'
    Get-MilvusCollection quickstart_* | Remove-MilvusCollection -WhatIf
}
finally {
    if (Get-MilvusConnection -All) {
        # Leave a real server as it was found.
        Remove-MilvusAlias quickstart_live -Force -ErrorAction SilentlyContinue
        Get-MilvusCollection quickstart_* -ErrorAction SilentlyContinue | Remove-MilvusCollection -Force
        Disconnect-Milvus -All
    }
    if ($emulator) { $emulator | Stop-MilvusEmulator -Force }
}
'== Done'
