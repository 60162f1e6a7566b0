#Requires -Version 7.4
<#
.SYNOPSIS
    Runs the Pester suite in tests/Pester against the built MilvusPS module.

.DESCRIPTION
    Installs Pester 5.5 or later for the current user when no such version is available, runs every
    *.Tests.ps1 file in this folder with output suited to CI (GitHub Actions annotations when
    GITHUB_ACTIONS is set), and writes a test result file.

    The exit code is the number of failures: failed tests, plus failed blocks (a BeforeAll or
    AfterAll that threw) and failed containers (a file that did not load), which Pester does not
    count as failed tests but which must not pass a build. 0 means success. Capped at 255.

    The module under test is $env:MILVUSPS_MODULE_PATH, else artifacts/module/MilvusPS/MilvusPS.psd1
    (see MilvusPS.Tests.ps1).

.PARAMETER ResultPath
    Where to write the test results. Default: artifacts/test-results/pester.xml under the
    repository root.

.PARAMETER ResultFormat
    NUnitXml (NUnit 2.5, the default) or JUnitXml.

.PARAMETER Tag
    Run only tests with these tags.

.PARAMETER ExcludeTag
    Skip tests with these tags.

.EXAMPLE
    pwsh ./tests/Pester/Invoke-PesterSuite.ps1

.EXAMPLE
    pwsh ./tests/Pester/Invoke-PesterSuite.ps1 -ResultFormat JUnitXml -ResultPath ./pester-junit.xml
#>
[CmdletBinding()]
param(
    [string] $ResultPath = (Join-Path $PSScriptRoot '../../artifacts/test-results/pester.xml'),

    [ValidateSet('NUnitXml', 'JUnitXml')]
    [string] $ResultFormat = 'NUnitXml',

    [string[]] $Tag,

    [string[]] $ExcludeTag
)

$ErrorActionPreference = 'Stop'
Set-StrictMode -Version Latest

$minimum = [version]'5.5.0'
$available = Get-Module -ListAvailable -Name Pester | Where-Object { $_.Version -ge $minimum }
if (-not $available) {
    Write-Host "Installing Pester $minimum or later for the current user..."
    Install-Module -Name Pester -MinimumVersion $minimum -Force -Scope CurrentUser -SkipPublisherCheck
}
# pwsh on Windows also sees the Pester 3.4 that ships with Windows; make sure 5.x is the one in use.
Remove-Module Pester -Force -ErrorAction SilentlyContinue
Import-Module Pester -MinimumVersion $minimum -Force
$pester = Get-Module Pester
Write-Host "PowerShell $($PSVersionTable.PSVersion) ($($PSVersionTable.OS)); Pester $($pester.Version)"

$resultFolder = Split-Path -Parent $ResultPath
if ($resultFolder -and -not (Test-Path -LiteralPath $resultFolder)) {
    New-Item -ItemType Directory -Path $resultFolder -Force | Out-Null
}

$configuration = New-PesterConfiguration
$configuration.Run.Path = $PSScriptRoot
$configuration.Run.PassThru = $true
$configuration.Run.Exit = $false
$configuration.Output.Verbosity = 'Detailed'
$configuration.Output.CIFormat = 'Auto'
$configuration.Output.StackTraceVerbosity = 'Filtered'
$configuration.TestResult.Enabled = $true
$configuration.TestResult.OutputFormat = $ResultFormat
$configuration.TestResult.OutputPath = $ResultPath
$configuration.TestResult.TestSuiteName = 'MilvusPS'
if ($Tag) { $configuration.Filter.Tag = $Tag }
if ($ExcludeTag) { $configuration.Filter.ExcludeTag = $ExcludeTag }

$result = Invoke-Pester -Configuration $configuration

$failures = $result.FailedCount + $result.FailedBlocksCount + $result.FailedContainersCount
Write-Host "Pester: $($result.PassedCount) passed, $($result.FailedCount) failed, $($result.SkippedCount) skipped; $($result.FailedBlocksCount) failed blocks, $($result.FailedContainersCount) failed containers. Results: $ResultPath"
exit [Math]::Min($failures, 255)
