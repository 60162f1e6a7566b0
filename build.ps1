<#
.SYNOPSIS
    Builds, tests and packages MilvusPS.

.DESCRIPTION
    Tasks:
      Build       dotnet build; lays out the importable module in artifacts/module/MilvusPS.
      Test        dotnet test (xunit: core, emulator, the cmdlets in a hosted runspace), then the Pester suite.
      Quickstart  runs examples/quickstart.ps1 in this pwsh with the built module imported.
      Help        turns docs/en-US (PlatyPS markdown) into MAML help in the module (needs Microsoft.PowerShell.PlatyPS).
      Package     Build + Help, then copies the module to artifacts/package/MilvusPS/<version>.
      Clean       removes bin, obj and artifacts.

.EXAMPLE
    pwsh ./build.ps1 -Task Quickstart
#>
[CmdletBinding()]
param(
    [ValidateSet('Build', 'Test', 'Quickstart', 'Help', 'Package', 'Clean')]
    [string[]] $Task = 'Build',

    [ValidateSet('Debug', 'Release')]
    [string] $Configuration = 'Debug'
)

$ErrorActionPreference = 'Stop'
Set-StrictMode -Version Latest
$root = $PSScriptRoot
$moduleDir = Join-Path $root 'artifacts/module/MilvusPS'

function Invoke-Native([string] $Command, [string[]] $Arguments) {
    & $Command @Arguments
    if ($LASTEXITCODE -ne 0) { throw "$Command $($Arguments -join ' ') failed with exit code $LASTEXITCODE." }
}

function Invoke-Build {
    Invoke-Native dotnet @('build', (Join-Path $root 'MilvusPS.sln'), '-c', $Configuration)
}

function Invoke-Test {
    Invoke-Native dotnet @('test', (Join-Path $root 'MilvusPS.sln'), '-c', $Configuration)
    $env:MILVUSPS_MODULE_PATH = Join-Path $moduleDir 'MilvusPS.psd1'
    & (Join-Path $root 'tests/Pester/Invoke-PesterSuite.ps1')
    if ($LASTEXITCODE) { throw "Pester reported $LASTEXITCODE failed test(s)." }
}

function Invoke-Quickstart {
    if (-not (Test-Path (Join-Path $moduleDir 'MilvusPS.psd1'))) { Invoke-Build }
    # In this session: the quickstart disconnects and stops the emulator it started when it ends.
    Import-Module (Join-Path $moduleDir 'MilvusPS.psd1') -Force
    & (Join-Path $root 'examples/quickstart.ps1')
}

function Invoke-Help {
    if (-not (Get-Module -ListAvailable Microsoft.PowerShell.PlatyPS)) {
        Install-Module Microsoft.PowerShell.PlatyPS -Scope CurrentUser -Force
    }
    Import-Module Microsoft.PowerShell.PlatyPS
    $commands = Get-ChildItem (Join-Path $root 'docs/en-US') -Filter '*-*.md' | ForEach-Object { Import-MarkdownCommandHelp -Path $_.FullName }
    $out = Join-Path $root 'module'
    $commands | Export-MamlCommandHelp -OutputFolder $out -Force | Out-Null
    # Export-MamlCommandHelp writes <out>/MilvusPS/MilvusPS-Help.xml; the module expects en-US/MilvusPS.dll-Help.xml.
    $maml = Get-ChildItem $out -Recurse -Filter '*-Help.xml' | Select-Object -First 1
    $dest = Join-Path $out 'en-US'
    New-Item -ItemType Directory -Force $dest | Out-Null
    Move-Item $maml.FullName (Join-Path $dest 'MilvusPS.dll-Help.xml') -Force
    Copy-Item (Join-Path $root 'docs/en-US/about_MilvusPS.help.txt') $dest -Force
    Invoke-Build
}

function Invoke-Package {
    Invoke-Help
    $version = (Import-PowerShellDataFile (Join-Path $moduleDir 'MilvusPS.psd1')).ModuleVersion
    $dest = Join-Path $root "artifacts/package/MilvusPS/$version"
    if (Test-Path $dest) { Remove-Item $dest -Recurse -Force }
    New-Item -ItemType Directory -Force $dest | Out-Null
    Copy-Item (Join-Path $moduleDir '*') $dest -Recurse
    Get-ChildItem $dest -Recurse -Filter '*.pdb' | Remove-Item
    "Packaged MilvusPS $version in $dest"
}

function Invoke-Clean {
    Get-ChildItem $root -Recurse -Directory -Include bin, obj | Remove-Item -Recurse -Force
    if (Test-Path (Join-Path $root 'artifacts')) { Remove-Item (Join-Path $root 'artifacts') -Recurse -Force }
}

foreach ($t in $Task) {
    Write-Host "== $t" -ForegroundColor Cyan
    & "Invoke-$t"
}
