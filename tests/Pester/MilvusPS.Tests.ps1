#Requires -Version 7.4
#Requires -Modules @{ ModuleName = 'Pester'; ModuleVersion = '5.5.0' }

<#
    The built module in real pwsh (7.4 LTS and later): import, exports, names, help, and an
    end-to-end run against the emulator that ships with the module.

    Which module:  $env:MILVUSPS_MODULE_PATH (the .psd1, or the folder that holds it), else
                   artifacts/module/MilvusPS/MilvusPS.psd1 under the repository root (what
                   `dotnet build` lays out).
    Which server:  $env:MILVUS_URI (with MILVUS_USER / MILVUS_PASSWORD when it needs them) for the
                   server tests; otherwise an emulator started here. The authentication tests
                   always use an emulator started with -EnableAuthorization, because they need a
                   server whose root password is known.
    Help tests:    need the MAML file en-US/MilvusPS.dll-Help.xml in the module folder, which
                   build.ps1 -Task Help makes where PlatyPS is installed; without it they are
                   reported as skipped, with the reason. The markdown sources in docs/en-US are
                   checked against the cmdlets either way.

    Run with tests/Pester/Invoke-PesterSuite.ps1, or Invoke-Pester on this file.
#>

BeforeDiscovery {
    # Discovery only needs the names of the cmdlets, which the manifest declares; the module is
    # imported in BeforeAll, for the run.
    $repoRoot = (Resolve-Path (Join-Path $PSScriptRoot '..' '..')).Path
    $modulePath = if ($env:MILVUSPS_MODULE_PATH) { $env:MILVUSPS_MODULE_PATH } else { Join-Path $repoRoot 'artifacts/module/MilvusPS/MilvusPS.psd1' }
    if (Test-Path -LiteralPath $modulePath -PathType Container) { $modulePath = Join-Path $modulePath 'MilvusPS.psd1' }
    $declared = if (Test-Path -LiteralPath $modulePath) { (Import-PowerShellDataFile -LiteralPath $modulePath).CmdletsToExport } else { @() }
    $cmdletCases = @($declared | Sort-Object | ForEach-Object { @{ Name = $_ } })
}

BeforeAll {
    $script:repoRoot = (Resolve-Path (Join-Path $PSScriptRoot '..' '..')).Path
    $script:modulePath = if ($env:MILVUSPS_MODULE_PATH) { $env:MILVUSPS_MODULE_PATH } else { Join-Path $repoRoot 'artifacts/module/MilvusPS/MilvusPS.psd1' }
    if (Test-Path -LiteralPath $modulePath -PathType Container) { $script:modulePath = Join-Path $modulePath 'MilvusPS.psd1' }
    if (-not (Test-Path -LiteralPath $modulePath)) {
        throw "The module manifest '$modulePath' does not exist. Run 'dotnet build MilvusPS.sln' first, or set MILVUSPS_MODULE_PATH."
    }
    $script:modulePath = (Resolve-Path -LiteralPath $modulePath).Path
    $script:moduleFolder = Split-Path -Parent $modulePath
    $script:manifest = Import-PowerShellDataFile -LiteralPath $modulePath
    $script:module = Import-Module $modulePath -Force -PassThru -ErrorAction Stop

    $script:mamlPath = Join-Path $moduleFolder 'en-US/MilvusPS.dll-Help.xml'
    $script:noMamlReason = "the MAML help file '$mamlPath' is not in the module folder (build.ps1 -Task Help makes it where PlatyPS is installed)"

    # Get-Help looks for en-US/ by the UI culture. A Linux runner with LANG=C.UTF-8 has the invariant
    # culture, so ask for en-US explicitly; the whole run happens on this pipeline thread.
    if ([string]::IsNullOrEmpty([cultureinfo]::CurrentUICulture.Name)) {
        [cultureinfo]::CurrentUICulture = [cultureinfo]::GetCultureInfo('en-US')
    }

    function script:New-TestCredential([string] $User, [string] $Password) {
        [pscredential]::new($User, (ConvertTo-SecureString $Password -AsPlainText -Force))
    }
}

AfterAll {
    Remove-Module MilvusPS -Force -ErrorAction SilentlyContinue
}

Describe 'Module' {
    It 'imports from the built module folder' {
        $module | Should -Not -BeNullOrEmpty
        $module.Name | Should -BeExactly 'MilvusPS'
        $module.Version | Should -Be ([version]$manifest.ModuleVersion)
        $module.ModuleBase | Should -Be $moduleFolder
    }

    It 'has a valid manifest for PowerShell 7.4 Core' {
        $tested = Test-ModuleManifest -Path $modulePath -ErrorAction Stop
        $tested.PowerShellVersion | Should -Be ([version]'7.4')
        $tested.CompatiblePSEditions | Should -Contain 'Core'
    }

    It 'exports exactly the cmdlets the manifest lists' {
        $exported = @($module.ExportedCmdlets.Keys | Sort-Object)
        $listed = @($manifest.CmdletsToExport | Sort-Object)
        $exported.Count | Should -BeGreaterThan 0
        ($exported -join ', ') | Should -BeExactly ($listed -join ', ')
    }

    It 'exports no functions, variables or aliases' {
        $module.ExportedFunctions.Count | Should -Be 0
        $module.ExportedVariables.Count | Should -Be 0
        $module.ExportedAliases.Count | Should -Be 0
    }

    It 'imports a second time without harm' {
        { Import-Module $modulePath -Force -ErrorAction Stop } | Should -Not -Throw
        @(Get-Command -Module MilvusPS).Count | Should -Be @($manifest.CmdletsToExport).Count
    }

    It 'ships the about_MilvusPS topic' {
        $about = Join-Path $moduleFolder 'en-US/about_MilvusPS.help.txt'
        $about | Should -Exist
        $about | Should -FileContentMatch 'PSDefaultParameterValues'
    }

    It 'ships the emulator' {
        Join-Path $moduleFolder 'Emulator/MilvusPS.Emulator.dll' | Should -Exist
    }
}

Describe 'Cmdlet <Name>' -ForEach $cmdletCases {
    BeforeAll {
        $command = Get-Command -Name $Name -Module MilvusPS -CommandType Cmdlet -ErrorAction Stop
        $approvedVerbs = (Get-Verb).Verb
        # Parameters that carry their own help: everything but the common parameters. WhatIf and
        # Confirm are documented in docs/en-US like any other parameter.
        $ownParameters = @($command.Parameters.Keys | Where-Object { $_ -notin [System.Management.Automation.Cmdlet]::CommonParameters } | Sort-Object)
        $markdownPath = Join-Path $repoRoot "docs/en-US/$Name.md"
    }

    It 'uses an approved verb' {
        $command.Verb | Should -BeIn $approvedVerbs
    }

    It 'has a noun that starts with Milvus' {
        $command.Noun | Should -MatchExactly '^Milvus'
    }

    It 'declares its output type' {
        @($command.OutputType).Count | Should -BeGreaterThan 0
    }

    Context 'Markdown help source' {
        It 'has docs/en-US/<Name>.md' {
            if (-not (Test-Path -LiteralPath (Join-Path $repoRoot 'docs/en-US'))) {
                Set-ItResult -Skipped -Because 'docs/en-US is not next to this test (an installed module is being tested)'
            }
            $markdownPath | Should -Exist
        }

        It 'documents every parameter and no parameter that does not exist' {
            if (-not (Test-Path -LiteralPath $markdownPath)) {
                Set-ItResult -Skipped -Because "$markdownPath does not exist"
            }
            $documented = @(Select-String -LiteralPath $markdownPath -Pattern '^### -(\w+)\s*$' | ForEach-Object { $_.Matches[0].Groups[1].Value } | Sort-Object)
            ($documented -join ', ') | Should -BeExactly ($ownParameters -join ', ')
        }

        It 'has one syntax block per parameter set' {
            if (-not (Test-Path -LiteralPath $markdownPath)) {
                Set-ItResult -Skipped -Because "$markdownPath does not exist"
            }
            $text = Get-Content -LiteralPath $markdownPath -Raw
            $syntax = [regex]::Match($text, '(?s)## SYNTAX(.*?)## ALIASES').Groups[1].Value
            $headings = @([regex]::Matches($syntax, '(?m)^### (\S+)') | ForEach-Object { $_.Groups[1].Value } | Sort-Object)
            $sets = @($command.ParameterSets.Name | Sort-Object)
            ($headings -join ', ') | Should -BeExactly ($sets -join ', ')
        }
    }

    Context 'Get-Help' {
        BeforeAll {
            $help = if (Test-Path -LiteralPath $mamlPath) { Get-Help -Name $Name -Full -ErrorAction SilentlyContinue }
        }

        It 'has a written synopsis, not the generated syntax line' {
            if (-not (Test-Path -LiteralPath $mamlPath)) { Set-ItResult -Skipped -Because $noMamlReason }
            $help.Synopsis | Should -Not -BeNullOrEmpty
            # Without help, Get-Help puts the syntax ("Name [-Parameter <type>] ...") in the synopsis.
            $help.Synopsis.Trim() | Should -Not -Match "^$([regex]::Escape($Name))(\s|$)"
            $help.Synopsis | Should -Not -BeLike '*<CommonParameters>*'
        }

        It 'has a description' {
            if (-not (Test-Path -LiteralPath $mamlPath)) { Set-ItResult -Skipped -Because $noMamlReason }
            (@($help.Description.Text) -join '').Trim() | Should -Not -BeNullOrEmpty
        }

        It 'has at least one example with code' {
            if (-not (Test-Path -LiteralPath $mamlPath)) { Set-ItResult -Skipped -Because $noMamlReason }
            $examples = @($help.Examples.Example)
            $examples.Count | Should -BeGreaterOrEqual 1
            foreach ($example in $examples) {
                "$($example.Code)".Trim() | Should -Not -BeNullOrEmpty -Because "every example of $Name needs code ($($example.Title))"
            }
        }

        It 'describes every parameter' {
            if (-not (Test-Path -LiteralPath $mamlPath)) { Set-ItResult -Skipped -Because $noMamlReason }
            $undescribed = foreach ($parameter in $ownParameters) {
                $entry = @($help.Parameters.Parameter) | Where-Object Name -EQ $parameter | Select-Object -First 1
                if (-not $entry -or -not (@($entry.Description.Text) -join '').Trim()) { $parameter }
            }
            @($undescribed) | Should -BeNullOrEmpty -Because "every parameter of $Name needs a description"
        }
    }
}

Describe 'Connect-Milvus argument errors' {
    It 'refuses an address that is not http or https with InvalidUri' {
        $e = { Connect-Milvus -Uri 'ftp://localhost:19530' } | Should -Throw -ErrorId 'InvalidUri' -PassThru
        $e.CategoryInfo.Category | Should -Be 'InvalidArgument'
    }

    It 'refuses an address with a path with InvalidUri' {
        { Connect-Milvus -Uri 'http://localhost:19530/milvus' } | Should -Throw -ErrorId 'InvalidUri'
    }

    It 'refuses TLS options with an http address with TlsConfigurationInvalid' {
        $ca = Join-Path $TestDrive 'ca.pem'
        Set-Content -LiteralPath $ca -Value 'not a certificate'
        $e = { Connect-Milvus -Uri 'http://127.0.0.1:1' -ServerCaPath $ca } | Should -Throw -ErrorId 'TlsConfigurationInvalid' -PassThru
        $e.CategoryInfo.Category | Should -Be 'InvalidArgument'
    }

    It 'reports a port where nothing listens as ServerUnavailable' {
        # A port that was free a moment ago: nothing listens there.
        $listener = [System.Net.Sockets.TcpListener]::new([System.Net.IPAddress]::Loopback, 0)
        $listener.Start()
        $port = $listener.LocalEndpoint.Port
        $listener.Stop()
        $e = { Connect-Milvus -Uri "http://127.0.0.1:$port" -TimeoutSec 3 } | Should -Throw -ErrorId 'ServerUnavailable' -PassThru
        $e.CategoryInfo.Category | Should -Be 'ConnectionError'
        Get-MilvusConnection -All | Should -BeNullOrEmpty
    }
}

Describe 'End to end' {
    BeforeAll {
        $script:external = -not [string]::IsNullOrEmpty($env:MILVUS_URI)
        $script:connectArgs = @{ TimeoutSec = 30 }
        if ($external) {
            $connectArgs.Uri = $env:MILVUS_URI
            if ($env:MILVUS_USER) { $connectArgs.Credential = New-TestCredential $env:MILVUS_USER "$env:MILVUS_PASSWORD" }
        }
        else {
            $script:emulator = Start-MilvusEmulator -ErrorAction Stop
            $connectArgs.Uri = $emulator.Uri
        }
    }

    AfterAll {
        $PSDefaultParameterValues.Remove('*-Milvus*:Connection')
        Disconnect-Milvus -All
        Stop-MilvusEmulator -Force
    }

    It 'starts an emulator that runs and reports its address' -Skip:([bool]$env:MILVUS_URI) {
        $emulator.PSObject.TypeNames | Should -Contain 'MilvusPS.Core.Emulator.EmulatorInstance'
        $emulator.HasExited | Should -BeFalse
        $emulator.Uri.Host | Should -Be '127.0.0.1'
        $emulator.Port | Should -BeGreaterThan 0
        $emulator.MilvusVersion | Should -Not -BeNullOrEmpty
    }

    It 'connects: Start-MilvusEmulator | Connect-Milvus, or MILVUS_URI' {
        if ($external) {
            Connect-Milvus @connectArgs | Should -BeNullOrEmpty
        }
        else {
            # The emulator object itself binds to -Uri from the pipeline.
            $emulator | Connect-Milvus | Should -BeNullOrEmpty
        }
        $connection = Get-MilvusConnection
        $connection.PSObject.TypeNames | Should -Contain 'MilvusPS.Core.Connection.MilvusConnection'
        $connection.IsOpen | Should -BeTrue
        $connection.Database | Should -BeExactly 'default'
        $connection.ServerVersion | Should -Not -BeNullOrEmpty
    }

    It 'describes the server with Get-MilvusServer' {
        $connection = Get-MilvusConnection
        $server = Get-MilvusServer
        $server.PSObject.TypeNames | Should -Contain 'MilvusPS.Core.Connection.MilvusServerInfo'
        $server.Version | Should -BeExactly $connection.ServerVersion
        $server.IsHealthy | Should -BeTrue
        @($server.Components).Count | Should -BeGreaterThan 0
        @($server.SupportedFeatures).Count | Should -BeGreaterThan 0
        if (-not $external) { $server.DeployMode | Should -BeExactly 'STANDALONE' }
    }

    It 'tests the connection: $true, and details with -Detailed' {
        $ok = Test-MilvusConnection
        $ok | Should -BeOfType [bool]
        $ok | Should -BeTrue

        $detail = Test-MilvusConnection -Detailed
        $detail.PSObject.TypeNames | Should -Contain 'MilvusPS.Core.Connection.MilvusConnectionTest'
        $detail.Success | Should -BeTrue
        $detail.IsHealthy | Should -BeTrue
        $detail.ServerVersion | Should -BeExactly (Get-MilvusConnection).ServerVersion
        $detail.LatencyMs | Should -BeGreaterOrEqual 0
        $detail.ErrorId | Should -BeNullOrEmpty
    }

    It 'renders the table views' {
        (Get-MilvusConnection | Out-String) | Should -Match 'Database'
        (Test-MilvusConnection -Detailed | Out-String) | Should -Match 'LatencyMs'
        if (-not $external) { ($emulator | Out-String) | Should -Match '\(memory\)' }
    }

    It 'keeps the default connection to this runspace' {
        $modulePathForRunspace = $modulePath
        $connection = Get-MilvusConnection
        $results = 1 | ForEach-Object -Parallel {
            Import-Module $using:modulePathForRunspace
            $own = Get-MilvusConnection -ErrorAction SilentlyContinue -ErrorVariable missing
            [pscustomobject]@{
                Own     = $own
                ErrorId = "$($missing[0].FullyQualifiedErrorId)"
                Passed  = Test-MilvusConnection -Connection $using:connection
            }
        }
        $results.Own | Should -BeNullOrEmpty
        $results.ErrorId | Should -BeLike 'ConnectionNotFound,*'
        $results.Passed | Should -BeTrue
    }

    It 'uses $PSDefaultParameterValues[''*-Milvus*:Connection''] in place of the default' {
        $side = Connect-Milvus @connectArgs -NotDefault -Name 'pester-side'
        $side.Name | Should -BeExactly 'pester-side'
        (Get-MilvusConnection).Name | Should -Not -Be 'pester-side'
        $PSDefaultParameterValues['*-Milvus*:Connection'] = $side
        try {
            (Test-MilvusConnection -Detailed).Success | Should -BeTrue
            # Disconnect-Milvus takes -Connection too: the default value names what it closes.
            Disconnect-Milvus
            $side.IsOpen | Should -BeFalse
            (Get-MilvusConnection).IsOpen | Should -BeTrue
            { Get-MilvusServer } | Should -Throw -ErrorId 'ConnectionClosed'
        }
        finally {
            $PSDefaultParameterValues.Remove('*-Milvus*:Connection')
        }
        (Get-MilvusServer).IsHealthy | Should -BeTrue
    }

    It 'fails with ConnectionNotFound once disconnected' {
        Disconnect-Milvus
        Get-MilvusConnection -All | Should -BeNullOrEmpty
        $e = { Get-MilvusServer } | Should -Throw -ErrorId 'ConnectionNotFound' -PassThru
        $e.CategoryInfo.Category | Should -Be 'ObjectNotFound'
        { Get-MilvusConnection -ErrorAction Stop } | Should -Throw -ErrorId 'ConnectionNotFound'
    }

    It 'stops the emulator, after which the test reports ServerUnavailable' -Skip:([bool]$env:MILVUS_URI) {
        $connection = $emulator | Connect-Milvus -NotDefault -TimeoutSec 5
        $emulator | Stop-MilvusEmulator -Force
        $emulator.HasExited | Should -BeTrue
        $detail = Test-MilvusConnection -Connection $connection -Detailed
        $detail.Success | Should -BeFalse
        $detail.ErrorId | Should -BeIn @('ServerUnavailable', 'OperationTimeout')
        Disconnect-Milvus -Connection $connection
    }
}

Describe 'Authentication against an emulator with -EnableAuthorization' {
    BeforeAll {
        $script:authEmulator = Start-MilvusEmulator -EnableAuthorization -ErrorAction Stop
    }

    AfterAll {
        Disconnect-Milvus -All
        $authEmulator | Stop-MilvusEmulator -Force
    }

    It 'refuses a wrong password with AuthenticationFailed' {
        $wrong = New-TestCredential 'root' 'not-the-password'
        $e = { $authEmulator | Connect-Milvus -Credential $wrong -TimeoutSec 10 } | Should -Throw -ErrorId 'AuthenticationFailed' -PassThru
        $e.CategoryInfo.Category | Should -Be 'AuthenticationError'
        $e.Exception.ErrorId | Should -BeExactly 'AuthenticationFailed'
        $e.ErrorDetails.RecommendedAction | Should -Match '-Credential'
        Get-MilvusConnection -All | Should -BeNullOrEmpty
    }

    It 'refuses a connection without credentials with AuthenticationFailed' {
        { $authEmulator | Connect-Milvus -TimeoutSec 10 } | Should -Throw -ErrorId 'AuthenticationFailed'
    }

    It 'accepts root with the default password' {
        $connection = $authEmulator | Connect-Milvus -Credential (New-TestCredential 'root' 'Milvus') -PassThru
        $connection.Authentication | Should -BeExactly 'Password'
        $connection.User | Should -BeExactly 'root'
        Test-MilvusConnection | Should -BeTrue
    }

    It 'accepts a user:password token' {
        $token = ConvertTo-SecureString 'root:Milvus' -AsPlainText -Force
        $connection = Connect-Milvus -Uri $authEmulator.Uri -Token $token -NotDefault
        $connection.Authentication | Should -BeExactly 'Token'
        $connection.User | Should -BeExactly 'root'
    }
}

Describe 'Start-MilvusEmulator -WhatIf' {
    It 'starts nothing' {
        Start-MilvusEmulator -WhatIf | Should -BeNullOrEmpty
    }
}
