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

    It 'has a help page for every exported cmdlet and none for cmdlets that do not exist' {
        $docs = Join-Path $repoRoot 'docs/en-US'
        if (-not (Test-Path -LiteralPath $docs)) {
            Set-ItResult -Skipped -Because 'docs/en-US is not next to this test (an installed module is being tested)'
        }
        $pages = @(Get-ChildItem -LiteralPath $docs -Filter '*-*.md' | ForEach-Object BaseName | Sort-Object)
        ($pages -join ', ') | Should -BeExactly (@($manifest.CmdletsToExport | Sort-Object) -join ', ')
    }

    It 'lists every cmdlet on the module page' {
        $modulePage = Join-Path $repoRoot 'docs/en-US/MilvusPS.md'
        if (-not (Test-Path -LiteralPath $modulePage)) {
            Set-ItResult -Skipped -Because "$modulePage does not exist"
        }
        $listed = @(Select-String -LiteralPath $modulePage -Pattern '^### \[([\w-]+)\]' | ForEach-Object { $_.Matches[0].Groups[1].Value } | Sort-Object)
        ($listed -join ', ') | Should -BeExactly (@($manifest.CmdletsToExport | Sort-Object) -join ', ')
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

    It 'declares its output type, or documents that it writes nothing' {
        # [OutputType] on every cmdlet that writes objects; a cmdlet without one must say in its help
        # that it writes nothing (OUTPUTS: None only), so the two cannot drift apart silently.
        if (@($command.OutputType).Count -gt 0) { return }
        if (-not (Test-Path -LiteralPath $markdownPath)) {
            Set-ItResult -Skipped -Because "$Name declares no output type and $markdownPath does not exist"
        }
        $text = Get-Content -LiteralPath $markdownPath -Raw
        $outputs = [regex]::Match($text, '(?s)## OUTPUTS(.*?)## NOTES').Groups[1].Value
        @([regex]::Matches($outputs, '(?m)^### (\S+)') | ForEach-Object { $_.Groups[1].Value }) | Should -Be @('None') -Because "$Name declares no [OutputType]"
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

        It 'lists every declared output type under OUTPUTS' {
            if (-not (Test-Path -LiteralPath $markdownPath)) {
                Set-ItResult -Skipped -Because "$Name.md does not exist"
            }
            $text = Get-Content -LiteralPath $markdownPath -Raw
            $outputs = [regex]::Match($text, '(?s)## OUTPUTS(.*?)## NOTES').Groups[1].Value
            $documented = @([regex]::Matches($outputs, '(?m)^### (\S+)') | ForEach-Object { $_.Groups[1].Value })
            # ForEach-Object, not .Name: member enumeration on no output types gives one $null.
            foreach ($type in @($command.OutputType | ForEach-Object Name)) {
                $documented | Should -Contain $type -Because "$Name declares [OutputType($type)]"
            }
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
        $e = { Connect-Milvus -Uri 'ftp://localhost:19530' } | Should -Throw -ErrorId 'InvalidUri,*' -PassThru
        $e.CategoryInfo.Category | Should -Be 'InvalidArgument'
    }

    It 'refuses an address with a path with InvalidUri' {
        { Connect-Milvus -Uri 'http://localhost:19530/milvus' } | Should -Throw -ErrorId 'InvalidUri,*'
    }

    It 'refuses TLS options with an http address with ConnectionOptionsInvalid' {
        $ca = Join-Path $TestDrive 'ca.pem'
        Set-Content -LiteralPath $ca -Value 'not a certificate'
        $e = { Connect-Milvus -Uri 'http://127.0.0.1:1' -ServerCaPath $ca } | Should -Throw -ErrorId 'ConnectionOptionsInvalid,*' -PassThru
        $e.CategoryInfo.Category | Should -Be 'InvalidArgument'
    }

    It 'names a missing certificate file with TlsFileNotFound' {
        $e = { Connect-Milvus -Uri 'https://127.0.0.1:1' -ServerCaPath (Join-Path $TestDrive 'no-such-ca.pem') } | Should -Throw -ErrorId 'TlsFileNotFound,*' -PassThru
        $e.CategoryInfo.Category | Should -Be 'ObjectNotFound'
    }

    It 'reports a port where nothing listens as ServerUnavailable' {
        # A port that was free a moment ago: nothing listens there.
        $listener = [System.Net.Sockets.TcpListener]::new([System.Net.IPAddress]::Loopback, 0)
        $listener.Start()
        $port = $listener.LocalEndpoint.Port
        $listener.Stop()
        $e = { Connect-Milvus -Uri "http://127.0.0.1:$port" -TimeoutSec 3 } | Should -Throw -ErrorId 'ServerUnavailable,*' -PassThru
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
        Stop-MilvusEmulator -All -Force
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
            { Get-MilvusServer } | Should -Throw -ErrorId 'ConnectionClosed,*'
        }
        finally {
            $PSDefaultParameterValues.Remove('*-Milvus*:Connection')
        }
        (Get-MilvusServer).IsHealthy | Should -BeTrue
    }

    It 'fails with ConnectionNotFound once disconnected' {
        Disconnect-Milvus
        Get-MilvusConnection -All | Should -BeNullOrEmpty
        $e = { Get-MilvusServer } | Should -Throw -ErrorId 'ConnectionNotFound,*' -PassThru
        $e.CategoryInfo.Category | Should -Be 'ObjectNotFound'
        { Get-MilvusConnection -ErrorAction Stop } | Should -Throw -ErrorId 'ConnectionNotFound,*'
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
        $e = { $authEmulator | Connect-Milvus -Credential $wrong -TimeoutSec 10 } | Should -Throw -ErrorId 'AuthenticationFailed,*' -PassThru
        $e.CategoryInfo.Category | Should -Be 'AuthenticationError'
        $e.Exception.ErrorId | Should -BeExactly 'AuthenticationFailed'
        $e.ErrorDetails.RecommendedAction | Should -Match '-Credential'
        Get-MilvusConnection -All | Should -BeNullOrEmpty
    }

    It 'refuses a connection without credentials with AuthenticationFailed' {
        { $authEmulator | Connect-Milvus -TimeoutSec 10 } | Should -Throw -ErrorId 'AuthenticationFailed,*'
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

Describe 'Schema lifecycle end to end' {
    BeforeAll {
        # Against $env:MILVUS_URI when set (names carry a random suffix, and everything made here is
        # dropped in AfterAll), else against an emulator of its own.
        $script:external = -not [string]::IsNullOrEmpty($env:MILVUS_URI)
        $connectArgs = @{ TimeoutSec = 60 }
        if ($external) {
            $connectArgs.Uri = $env:MILVUS_URI
            if ($env:MILVUS_USER) { $connectArgs.Credential = New-TestCredential $env:MILVUS_USER "$env:MILVUS_PASSWORD" }
        }
        else {
            $script:lifecycleEmulator = Start-MilvusEmulator -ErrorAction Stop
            $connectArgs.Uri = $lifecycleEmulator.Uri
        }
        Connect-Milvus @connectArgs -ErrorAction Stop

        $match = [regex]::Match((Get-MilvusServer).Version, '(\d+)\.(\d+)\.(\d+)')
        $script:serverVersion = [version]::new([int]$match.Groups[1].Value, [int]$match.Groups[2].Value, [int]$match.Groups[3].Value)

        $script:sfx = [guid]::NewGuid().ToString('N').Substring(0, 8)
        $script:db = "pester_db_$sfx"
        $script:quick = "pester_${sfx}_quick"
        $script:typed = "pester_${sfx}_typed"
        $script:articles = "pester_${sfx}_articles"
        $script:blue = "pester_${sfx}_blue"
        $script:green = "pester_${sfx}_green"
        $script:live = "pester_${sfx}_live"
        $script:tmpPrefix = "tmp_${sfx}_"
        $script:schemaFile = Join-Path $repoRoot 'docs/examples/articles.schema.yaml'
    }

    AfterAll {
        Use-MilvusDatabase default -ErrorAction SilentlyContinue
        # Remove-MilvusCollection -Force drops the aliases of each collection first.
        Get-MilvusCollection "*$sfx*" -ErrorAction SilentlyContinue | Remove-MilvusCollection -Force -ErrorAction SilentlyContinue
        if (Get-MilvusDatabase $db -ErrorAction SilentlyContinue) { Remove-MilvusDatabase $db -Force -ErrorAction SilentlyContinue }
        Disconnect-Milvus -All
        if ($lifecycleEmulator) { $lifecycleEmulator | Stop-MilvusEmulator -Force }
    }

    It 'creates a database, uses it, and removes it with its collections' {
        $created = New-MilvusDatabase -Name $db
        $created.PSObject.TypeNames | Should -Contain 'MilvusPS.Core.Operations.MilvusDatabase'
        $created.Name | Should -BeExactly $db
        (Get-MilvusDatabase -Name $db).Name | Should -BeExactly $db
        (Get-MilvusDatabase -Name 'pester_db_*').Name | Should -Contain $db

        $connection = Use-MilvusDatabase $db -PassThru
        $connection.Database | Should -BeExactly $db
        (Get-MilvusConnection).Database | Should -BeExactly $db
        $inDb = New-MilvusCollection -Name 'inner' -Dimension 4 -NoLoad
        $inDb.Database | Should -BeExactly $db
        Use-MilvusDatabase default
        (Get-MilvusCollection -Name 'inner' -Database $db).Database | Should -BeExactly $db

        # Databases pipe into Set-/Use-/Remove-MilvusDatabase through -InputObject.
        $changed = Get-MilvusDatabase -Name $db | Set-MilvusDatabase -Property @{ 'database.max.collections' = 20 } -PassThru
        $changed.Properties['database.max.collections'] | Should -Be '20'
        (Get-MilvusDatabase -Name $db | Use-MilvusDatabase -PassThru).Database | Should -BeExactly $db
        Use-MilvusDatabase default
        New-MilvusAlias -Name 'inner_alias' -Collection 'inner' -Database $db | Out-Null

        Get-MilvusDatabase -Name $db | Remove-MilvusDatabase -WhatIf -Force
        Get-MilvusDatabase -Name $db | Should -Not -BeNullOrEmpty
        # Aliases go before the collections they point to, so the drop succeeds.
        Get-MilvusDatabase -Name $db | Remove-MilvusDatabase -Force -ErrorAction Stop
        Get-MilvusDatabase -Name $db -ErrorAction SilentlyContinue -ErrorVariable missing | Should -BeNullOrEmpty
        "$($missing[0].FullyQualifiedErrorId)" | Should -BeLike 'DatabaseNotFound,*'
        { Use-MilvusDatabase $db } | Should -Throw -ErrorId 'DatabaseNotFound,*'
        (Get-MilvusConnection).Database | Should -BeExactly 'default'
    }

    It 'refuses to drop the default database without touching its collections' {
        New-MilvusCollection -Name "$($tmpPrefix)keep" -Dimension 4 -NoLoad | Out-Null
        Remove-MilvusDatabase default -Force -ErrorAction SilentlyContinue -ErrorVariable refused
        @($refused).Count | Should -Be 1
        if (-not $external) { "$($refused[0].FullyQualifiedErrorId)" | Should -BeLike 'Unexpected,*' }
        (Get-MilvusCollection "$($tmpPrefix)keep").Name | Should -BeExactly "$($tmpPrefix)keep"
        Remove-MilvusCollection "$($tmpPrefix)keep" -Force
    }

    It 'binds -Name of Get-MilvusDatabase and Get-MilvusCollection only by position or name, not from the pipeline' {
        { [pscustomobject]@{ Name = 'default' } | Get-MilvusDatabase -ErrorAction Stop } | Should -Throw -ErrorId 'InputObjectNotBound,*'
        { [pscustomobject]@{ Name = $quick } | Get-MilvusCollection -ErrorAction Stop } | Should -Throw -ErrorId 'InputObjectNotBound,*'
        $parameter = (Get-Command Get-MilvusCollection).Parameters['Name'].ParameterSets.Values
        $parameter.ValueFromPipelineByPropertyName | Should -Not -Contain $true
    }

    It 'creates a collection by quick setup: indexed and loaded' {
        $collection = New-MilvusCollection -Name $quick -Dimension 8
        $collection.PSObject.TypeNames | Should -Contain 'MilvusPS.Core.Operations.MilvusCollection'
        $collection.PrimaryKey | Should -BeExactly 'id'
        $collection.VectorFields | Should -Contain 'vector FloatVector(8)'
        $collection.EnableDynamicField | Should -BeTrue
        "$($collection.LoadState)" | Should -Be 'Loaded'
        @($collection.Indexes).Count | Should -Be 1
        $state = Get-MilvusLoadState $quick
        "$($state.State)" | Should -Be 'Loaded'
        $state.Progress | Should -Be 100
        (Get-MilvusCollection $quick | Out-String) | Should -Match ([regex]::Escape($quick))
    }

    It 'creates a collection from New-MilvusField and New-MilvusSchema' {
        $schema = @(
            New-MilvusField id Int64 -PrimaryKey -AutoId
            New-MilvusField title VarChar -MaxLength 256
            New-MilvusField tags Array -ElementType Int64 -MaxCapacity 8
            New-MilvusField v FloatVector -Dimension 8
        ) | New-MilvusSchema -Description 'typed'
        $schema.PSObject.TypeNames | Should -Contain 'MilvusPS.Core.Schema.MilvusCollectionSchema'
        $collection = $schema | New-MilvusCollection -Name $typed -ConsistencyLevel Strong
        @($collection.Fields.Name) | Should -Be @('id', 'title', 'tags', 'v')
        ($collection.Fields | Where-Object Name -EQ 'title').MaxLength | Should -Be 256
        ($collection.Fields | Where-Object Name -EQ 'id').AutoId | Should -BeTrue
        "$($collection.ConsistencyLevel)" | Should -Be 'Strong'
        $collection.Description | Should -BeExactly 'typed'
        "$($collection.LoadState)" | Should -Be 'NotLoad'
    }

    It 'refuses incomplete fields and schemas before anything is sent' {
        { New-MilvusField v FloatVector } | Should -Throw -ErrorId 'FieldDimensionMissing,*'
        { New-MilvusField t VarChar } | Should -Throw -ErrorId 'FieldMaxLengthMissing,*'
        { New-MilvusField a Array -ElementType Int64 } | Should -Throw -ErrorId 'FieldArrayShapeMissing,*'
        { New-MilvusSchema -Field (New-MilvusField v FloatVector -Dimension 4) } | Should -Throw -ErrorId 'SchemaPrimaryKeyMissing,*'
        { New-MilvusSchema -Field (New-MilvusField id Int64 -PrimaryKey), (New-MilvusField id Int64) } | Should -Throw -ErrorId 'SchemaFieldDuplicate,*'
        { New-MilvusField tags Array -ElementType VarChar -MaxCapacity 4 } | Should -Throw -ErrorId 'FieldMaxLengthMissing,*'
        (New-MilvusField tags Array -ElementType VarChar -MaxCapacity 4 -MaxLength 32).MaxLength | Should -Be 32
        # -EnableDynamicField belongs to the Schema set only: the quick setup always has the dynamic field.
        (Get-Command New-MilvusCollection).Parameters['EnableDynamicField'].ParameterSets.Keys | Should -Be @('Schema')
    }

    It 'refuses a default value of the wrong type with FieldDefaultValueInvalid, creating nothing' {
        $schema = @(
            New-MilvusField id Int64 -PrimaryKey
            New-MilvusField n Int64 -DefaultValue 'abc'
            New-MilvusField v FloatVector -Dimension 4
        ) | New-MilvusSchema
        New-MilvusCollection -Name "$($tmpPrefix)default" -Schema $schema -ErrorAction SilentlyContinue -ErrorVariable invalid | Should -BeNullOrEmpty
        "$($invalid[0].FullyQualifiedErrorId)" | Should -BeLike 'FieldDefaultValueInvalid,*'
        $invalid[0].CategoryInfo.Category | Should -Be 'InvalidArgument'
        Get-MilvusCollection "$($tmpPrefix)default*" | Should -BeNullOrEmpty
    }

    It 'creates a collection from docs/examples/articles.schema.yaml (Milvus 2.5+)' {
        $schemaFile | Should -Exist
        if ($serverVersion -lt [version]'2.5.0') {
            Set-ItResult -Skipped -Because "the schema file has a BM25 function, which needs Milvus 2.5 or later; the server is $serverVersion"
        }
        $collection = New-MilvusCollection -Path $schemaFile -Name $articles -ErrorAction Stop
        $collection.Name | Should -BeExactly $articles
        @($collection.Fields.Name) | Should -Be @('id', 'title', 'embedding', 'sparse')
        ($collection.Fields | Where-Object Name -EQ 'title').EnableAnalyzer | Should -BeTrue
        ($collection.Fields | Where-Object Name -EQ 'embedding').Dimension | Should -Be 768
        ($collection.Fields | Where-Object Name -EQ 'sparse').IsFunctionOutput | Should -BeTrue
        "$($collection.Schema.Functions[0].Type)" | Should -Be 'BM25'
        $collection.Properties['collection.ttl.seconds'] | Should -Be '2592000'
    }

    It 'reports schema file problems with their own error ids' {
        { New-MilvusCollection -Path (Join-Path $TestDrive 'none.yaml') } | Should -Throw -ErrorId 'SchemaFileNotFound,*'
        $bad = Join-Path $TestDrive 'bad.yaml'
        Set-Content -LiteralPath $bad -Value "fields:`n  - { name: v, type: NoSuchType }"
        { New-MilvusCollection -Path $bad -Name x } | Should -Throw -ErrorId 'SchemaFileInvalid,*'
        $nameless = Join-Path $TestDrive 'nameless.yaml'
        Set-Content -LiteralPath $nameless -Value "fields:`n  - { name: id, type: Int64, primaryKey: true }`n  - { name: v, type: FloatVector, dim: 4 }"
        { New-MilvusCollection -Path $nameless } | Should -Throw -ErrorId 'CollectionNameMissing,*'
        New-MilvusCollection -Path $nameless -Name "$($tmpPrefix)preview" -WhatIf | Should -BeNullOrEmpty
        Get-MilvusCollection "$($tmpPrefix)preview*" | Should -BeNullOrEmpty
    }

    It 'sets and removes collection properties' {
        { Set-MilvusCollection $typed } | Should -Throw -ErrorId 'NothingToChange,*'
        $changed = Set-MilvusCollection $typed -Property @{ 'collection.ttl.seconds' = 3600 } -PassThru
        $changed.Properties['collection.ttl.seconds'] | Should -Be '3600'
        if ($serverVersion -ge [version]'2.4.18') {
            Set-MilvusCollection $typed -RemoveProperty 'collection.ttl.seconds'
            (Get-MilvusCollection $typed).Properties.ContainsKey('collection.ttl.seconds') | Should -BeFalse
        }
    }

    It 'manages partitions: create, list, loaded-partition guard, release, drop' {
        $new = New-MilvusPartition -Collection $quick -Name p1, p2
        @($new.Name) | Should -Be @('p1', 'p2')
        $new[0].PSObject.TypeNames | Should -Contain 'MilvusPS.Core.Operations.MilvusPartition'
        @(Get-MilvusPartition $quick).Name | Should -Be @('_default', 'p1', 'p2')
        (Get-MilvusPartition $quick p1 -Detailed).RowCount | Should -Be 0

        Mount-MilvusPartition $quick p1 -Wait -TimeoutSec 120
        "$((Get-MilvusLoadState $quick -Partition p1).State)" | Should -Be 'Loaded'
        Remove-MilvusPartition $quick p1 -ErrorAction SilentlyContinue -ErrorVariable refused
        "$($refused[0].FullyQualifiedErrorId)" | Should -BeLike 'PartitionLoaded,*'
        $refused[0].CategoryInfo.Category | Should -Be 'InvalidOperation'
        @(Get-MilvusPartition $quick).Name | Should -Contain 'p1'

        # Under -WhatIf a loaded partition is a What-if line ("refused ... add -Force"), not an error.
        Remove-MilvusPartition $quick p1 -WhatIf -ErrorVariable whatIfErrors
        @($whatIfErrors).Count | Should -Be 0
        @(Get-MilvusPartition $quick).Name | Should -Contain 'p1'

        Dismount-MilvusPartition $quick p1 -Force
        "$((Get-MilvusLoadState $quick -Partition p1).State)" | Should -Be 'NotLoad'
        Remove-MilvusPartition $quick p1 -Force
        # A piped partition binds Collection, Name and Database; -Force releases it first.
        Get-MilvusPartition $quick p2 | Remove-MilvusPartition -Force -WarningAction SilentlyContinue
        @(Get-MilvusPartition $quick).Name | Should -Be @('_default')
    }

    It 'points an alias at another collection with Set-MilvusAlias (blue/green cut-over)' {
        New-MilvusCollection -Name $blue -Dimension 8 | Out-Null
        New-MilvusCollection -Name $green -Dimension 8 | Out-Null
        $alias = New-MilvusAlias -Name $live -Collection $blue
        $alias.PSObject.TypeNames | Should -Contain 'MilvusPS.Core.Operations.MilvusAlias'
        (Get-MilvusAlias $live).Collection | Should -BeExactly $blue
        (Get-MilvusCollection $live).Name | Should -BeExactly $blue
        if (-not $external) {
            { New-MilvusAlias -Name $live -Collection $green -ErrorAction Stop } | Should -Throw -ErrorId 'AliasAlreadyExist,*'
        }

        Set-MilvusAlias -Name $live -Collection $green -WhatIf
        (Get-MilvusAlias $live).Collection | Should -BeExactly $blue
        (Set-MilvusAlias -Name $live -Collection $green -PassThru).Collection | Should -BeExactly $green
        (Get-MilvusAlias $live).Collection | Should -BeExactly $green
        @(Get-MilvusAlias -Collection $green).Alias | Should -Contain $live
        (Get-MilvusCollection $green).Aliases | Should -Contain $live

        # A collection binds -Collection of the alias cmdlets through its CollectionName property.
        @(Get-MilvusCollection $green | Get-MilvusAlias).Alias | Should -Contain $live
        $piped = Get-MilvusCollection $blue | New-MilvusAlias -Name "$($live)_piped"
        $piped.Collection | Should -BeExactly $blue
        Remove-MilvusAlias "$($live)_piped" -Force

        Set-MilvusAlias $live $blue
        Get-MilvusAlias $live | Remove-MilvusAlias -Force
        Get-MilvusAlias $live -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
    }

    It 'releases and loads a collection (Dismount/Mount) and reports it with Get-MilvusLoadState' {
        Dismount-MilvusCollection $green -WhatIf -Force
        "$((Get-MilvusLoadState $green).State)" | Should -Be 'Loaded'
        Dismount-MilvusCollection $green -Force
        "$((Get-MilvusLoadState $green).State)" | Should -Be 'NotLoad'
        $loaded = Mount-MilvusCollection $green -Wait -TimeoutSec 120 -PassThru
        "$($loaded.LoadState)" | Should -Be 'Loaded'
        $state = Get-MilvusCollection $green | Get-MilvusLoadState
        $state.PSObject.TypeNames | Should -Contain 'MilvusPS.Core.Operations.MilvusLoadStatus'
        "$($state.State)" | Should -Be 'Loaded'
        $state.Progress | Should -Be 100
    }

    It 'flushes with -Wait' {
        $result = Invoke-MilvusFlush $quick -Wait -TimeoutSec 120
        $result.PSObject.TypeNames | Should -Contain 'MilvusPS.Core.Operations.MilvusFlushResult'
        $result.Collection | Should -BeExactly $quick
        $result.Flushed | Should -BeTrue
    }

    It 'flushes piped collections of several databases, each in its own database' {
        $flushDb = "pester_flush_$sfx"
        New-MilvusDatabase $flushDb | Out-Null
        try {
            New-MilvusCollection -Name 'inflush' -Dimension 4 -Database $flushDb | Out-Null
            $results = @(@(Get-MilvusCollection -Database $flushDb) + @(Get-MilvusCollection $quick) | Invoke-MilvusFlush -Wait -TimeoutSec 120)
            $results.Count | Should -Be 2
            ($results | Where-Object Collection -EQ 'inflush').Database | Should -BeExactly $flushDb
            ($results | Where-Object Collection -EQ $quick).Database | Should -BeExactly 'default'
            $results.Flushed | Should -Not -Contain $false
        }
        finally {
            Remove-MilvusDatabase $flushDb -Force -ErrorAction SilentlyContinue
        }
    }

    It 'compacts with -Wait, and reads the compaction back' {
        $job = Compress-MilvusCollection $quick -Wait -TimeoutSec 300
        $job.PSObject.TypeNames | Should -Contain 'MilvusPS.Core.Operations.MilvusCompaction'
        $job.State | Should -BeExactly 'Completed'
        ($job | Get-MilvusCompaction).State | Should -BeExactly 'Completed'
    }

    It 'renames a collection and back' {
        (Rename-MilvusCollection $typed "$($typed)_renamed" -PassThru).Name | Should -BeExactly "$($typed)_renamed"
        Rename-MilvusCollection "$($typed)_renamed" $typed
        (Get-MilvusCollection $typed).Name | Should -BeExactly $typed
    }

    It 'clears a collection on Milvus 2.6.11+, and says which version it needs on older servers' {
        if ($serverVersion -ge [version]'2.6.11') {
            Clear-MilvusCollection $typed -Force
            (Get-MilvusCollection $typed).Name | Should -BeExactly $typed
        }
        else {
            Clear-MilvusCollection $typed -Force -ErrorAction SilentlyContinue -ErrorVariable tooOld
            "$($tooOld[0].FullyQualifiedErrorId)" | Should -BeLike 'ServerVersionTooOld,*'
        }
    }

    It 'leaves the collection with Remove-MilvusCollection -WhatIf, even with -Force' {
        Remove-MilvusCollection $blue -WhatIf -Force
        (Get-MilvusCollection $blue).Name | Should -BeExactly $blue
    }

    It 'drops collections from the pipeline: Get-MilvusCollection tmp_* | Remove-MilvusCollection -Force' {
        New-MilvusCollection -Name "$($tmpPrefix)a" -Dimension 4 | Out-Null
        New-MilvusCollection -Name "$($tmpPrefix)b" -Dimension 4 -NoLoad | Out-Null
        New-MilvusAlias -Name "$($tmpPrefix)alias" -Collection "$($tmpPrefix)a" | Out-Null
        @(Get-MilvusCollection "$($tmpPrefix)*").Count | Should -Be 2

        Get-MilvusCollection "$($tmpPrefix)*" | Remove-MilvusCollection -WhatIf
        @(Get-MilvusCollection "$($tmpPrefix)*").Count | Should -Be 2

        # Loaded and aliased: -Force answers the second question and drops the alias first.
        Get-MilvusCollection "$($tmpPrefix)*" | Remove-MilvusCollection -Force
        Get-MilvusCollection "$($tmpPrefix)*" | Should -BeNullOrEmpty
        Get-MilvusAlias "$($tmpPrefix)alias" -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
    }

    It 'reports a missing collection as a non-terminating CollectionNotFound' {
        Get-MilvusCollection "$($tmpPrefix)missing" -ErrorAction SilentlyContinue -ErrorVariable notFound | Should -BeNullOrEmpty
        "$($notFound[0].FullyQualifiedErrorId)" | Should -BeLike 'CollectionNotFound,*'
        $notFound[0].CategoryInfo.Category | Should -Be 'ObjectNotFound'
    }
}

Describe 'Indexes end to end' {
    BeforeAll {
        # Against $env:MILVUS_URI when set (names carry a random suffix; dropped in AfterAll), else
        # against an emulator of its own.
        $script:external = -not [string]::IsNullOrEmpty($env:MILVUS_URI)
        $connectArgs = @{ TimeoutSec = 60 }
        if ($external) {
            $connectArgs.Uri = $env:MILVUS_URI
            if ($env:MILVUS_USER) { $connectArgs.Credential = New-TestCredential $env:MILVUS_USER "$env:MILVUS_PASSWORD" }
        }
        else {
            $script:indexEmulator = Start-MilvusEmulator -ErrorAction Stop
            $connectArgs.Uri = $indexEmulator.Uri
        }
        Connect-Milvus @connectArgs -ErrorAction Stop
        $match = [regex]::Match((Get-MilvusServer).Version, '(\d+)\.(\d+)\.(\d+)')
        $script:serverVersion = [version]::new([int]$match.Groups[1].Value, [int]$match.Groups[2].Value, [int]$match.Groups[3].Value)

        $script:products = "pester_idx_$([guid]::NewGuid().ToString('N').Substring(0, 8))"
        @(
            New-MilvusField id Int64 -PrimaryKey -AutoId
            New-MilvusField category VarChar -MaxLength 64
            New-MilvusField price Double
            New-MilvusField embedding FloatVector -Dimension 8
        ) | New-MilvusSchema | New-MilvusCollection -Name $products -ErrorAction Stop | Out-Null
    }

    AfterAll {
        Remove-MilvusCollection $products -Force -ErrorAction SilentlyContinue
        Disconnect-Milvus -All
        if ($indexEmulator) { $indexEmulator | Stop-MilvusEmulator -Force }
    }

    It 'creates an HNSW index with -Wait and writes it built' {
        $index = New-MilvusIndex $products embedding HNSW -MetricType COSINE -Parameter @{ M = 16; efConstruction = 200 } -Wait -TimeoutSec 300
        $index.PSObject.TypeNames | Should -Contain 'MilvusPS.Core.Operations.MilvusIndexSummary'
        $index.IndexName | Should -BeExactly 'embedding'
        $index.FieldName | Should -BeExactly 'embedding'
        $index.IndexType | Should -BeExactly 'HNSW'
        $index.MetricType | Should -BeExactly 'COSINE'
        $index.Collection | Should -BeExactly $products
        $index.IsComplete | Should -BeTrue
        $index.PendingIndexRows | Should -Be 0
        # Build parameters travel as one JSON object under "params".
        ($index.Parameters['params'] | ConvertFrom-Json).M | Should -Be 16
    }

    It 'creates scalar indexes: INVERTED, and STL_SORT under another name' {
        $inverted = New-MilvusIndex $products category INVERTED
        $inverted.IndexType | Should -BeExactly 'INVERTED'
        $inverted.MetricType | Should -BeNullOrEmpty
        (New-MilvusIndex $products price STL_SORT -Name price_sort).IndexName | Should -BeExactly 'price_sort'
    }

    It 'gets indexes: all, by field, by wildcard name, from a piped collection' {
        @(Get-MilvusIndex $products).IndexName | Should -Be @('embedding', 'category', 'price_sort')
        (Get-MilvusIndex $products -Field price).IndexName | Should -BeExactly 'price_sort'
        (Get-MilvusIndex $products price*).IndexName | Should -BeExactly 'price_sort'
        @(Get-MilvusCollection $products | Get-MilvusIndex).Count | Should -Be 3
        @(Get-MilvusIndex $products | Wait-MilvusIndex -TimeoutSec 120).IsComplete | Should -Not -Contain $false
    }

    It 'refuses bad requests before anything is sent, with the pre-flight error ids' {
        $cases = @(
            @{ Args = @{ Field = 'embedding'; IndexType = 'HNSWW' }; Id = 'IndexTypeUnknown'; Text = '*did you mean HNSW?*' }
            @{ Args = @{ Field = 'price'; IndexType = 'Trie' }; Id = 'IndexTypeNotSupportedForField'; Text = '*use INVERTED or STL_SORT*' }
            @{ Args = @{ Field = 'embedding'; IndexType = 'HNSW'; MetricType = 'HAMMING' }; Id = 'IndexMetricNotAllowed'; Text = '*allowed: L2, IP, COSINE*' }
            @{ Args = @{ Field = 'embedding'; IndexType = 'HNSW'; Parameter = @{ m = 16 } }; Id = 'IndexParamUnknown'; Text = '*did you mean M?*' }
            @{ Args = @{ Field = 'embedding'; IndexType = 'HNSW'; Parameter = @{ ef = 64 } }; Id = 'IndexParamUnknown'; Text = '*search parameter*' }
            @{ Args = @{ Field = 'embedding'; IndexType = 'HNSW'; Parameter = @{ M = 4096 } }; Id = 'IndexParamOutOfRange'; Text = '*nearest valid: 2048*' }
            @{ Args = @{ Field = 'embedding'; IndexType = 'IVF_PQ'; Parameter = @{ m = 3 } }; Id = 'IndexParamInvalid'; Text = '*nearest valid: 2*' }
            @{ Args = @{ Field = 'embedding'; IndexType = 'IVF_PQ'; Parameter = @{ nlist = 128 } }; Id = 'IndexParamRequired'; Text = '*needs m*' }
            @{ Args = @{ Field = 'embedding'; Parameter = @{ M = 16 } }; Id = 'IndexParamInvalid'; Text = '*AUTOINDEX*takes only metric_type*' }
        )
        foreach ($case in $cases) {
            $arguments = $case.Args
            New-MilvusIndex $products @arguments -ErrorAction SilentlyContinue -ErrorVariable refused | Should -BeNullOrEmpty
            "$($refused[0].FullyQualifiedErrorId)" | Should -BeLike "$($case.Id),*" -Because "$($arguments | Out-String)"
            $refused[0].CategoryInfo.Category | Should -Be 'InvalidArgument'
            $refused[0].Exception.Message | Should -BeLike $case.Text
        }
        # The existing index is untouched.
        (Get-MilvusIndex $products -Field embedding).IndexType | Should -BeExactly 'HNSW'
    }

    It 'sets and removes mmap.enabled with Set-MilvusIndex' {
        if ($serverVersion -lt [version]'2.3.4') { Set-ItResult -Skipped -Because "AlterIndex needs Milvus 2.3.4; the server is $serverVersion" }
        { Set-MilvusIndex $products embedding } | Should -Throw -ErrorId 'NothingToChange,*'
        $changed = Set-MilvusIndex $products embedding -Property @{ 'mmap.enabled' = $true } -PassThru
        $changed.Parameters['mmap.enabled'] | Should -BeExactly 'true'
        if ($serverVersion -ge [version]'2.4.18') {
            Set-MilvusIndex $products embedding -RemoveProperty mmap.enabled
            (Get-MilvusIndex $products -Field embedding).Parameters.ContainsKey('mmap.enabled') | Should -BeFalse
        }
    }

    It 'refuses to drop an index of a loaded collection with CollectionLoaded, then drops it with -Force -Remount' {
        Mount-MilvusCollection $products -Wait -TimeoutSec 120
        Remove-MilvusIndex $products category -ErrorAction SilentlyContinue -ErrorVariable refused
        "$($refused[0].FullyQualifiedErrorId)" | Should -BeLike 'CollectionLoaded,*'
        $refused[0].CategoryInfo.Category | Should -Be 'InvalidOperation'
        @(Get-MilvusIndex $products).IndexName | Should -Contain 'category'

        # -WhatIf: a What-if line, no error, nothing dropped.
        Remove-MilvusIndex $products category -WhatIf -ErrorVariable whatIfErrors
        @($whatIfErrors).Count | Should -Be 0
        @(Get-MilvusIndex $products).IndexName | Should -Contain 'category'

        Remove-MilvusIndex $products category -Force -Remount -WarningVariable released -WarningAction SilentlyContinue
        "$released" | Should -BeLike '*Releasing the loaded collection*'
        @(Get-MilvusIndex $products).IndexName | Should -Not -Contain 'category'
        "$((Get-MilvusLoadState $products).State)" | Should -Be 'Loaded'
    }

    It 'drops piped indexes; without the vector index the collection no longer loads' {
        Get-MilvusIndex $products | Remove-MilvusIndex -Force -WarningAction SilentlyContinue
        Get-MilvusIndex $products | Should -BeNullOrEmpty
        Mount-MilvusCollection $products -ErrorAction SilentlyContinue -ErrorVariable notIndexed
        @($notIndexed).Count | Should -Be 1
        Remove-MilvusIndex $products embedding -Force -ErrorAction SilentlyContinue -ErrorVariable missing
        "$($missing[0].FullyQualifiedErrorId)" | Should -BeLike 'IndexNotFound,*'
    }
}

Describe 'Entities end to end' {
    BeforeAll {
        # Against $env:MILVUS_URI when set (names carry a random suffix; dropped in AfterAll), else
        # against an emulator of its own. Reads use Strong consistency so that they see the writes.
        $script:external = -not [string]::IsNullOrEmpty($env:MILVUS_URI)
        $connectArgs = @{ TimeoutSec = 60 }
        if ($external) {
            $connectArgs.Uri = $env:MILVUS_URI
            if ($env:MILVUS_USER) { $connectArgs.Credential = New-TestCredential $env:MILVUS_USER "$env:MILVUS_PASSWORD" }
        }
        else {
            $script:entityEmulator = Start-MilvusEmulator -ErrorAction Stop
            $connectArgs.Uri = $entityEmulator.Uri
        }
        Connect-Milvus @connectArgs -ErrorAction Stop
        $match = [regex]::Match((Get-MilvusServer).Version, '(\d+)\.(\d+)\.(\d+)')
        $script:serverVersion = [version]::new([int]$match.Groups[1].Value, [int]$match.Groups[2].Value, [int]$match.Groups[3].Value)

        $suffix = [guid]::NewGuid().ToString('N').Substring(0, 8)
        $script:books = "pester_books_$suffix"
        $script:events = "pester_events_$suffix"
        @(
            New-MilvusField id Int64 -PrimaryKey
            New-MilvusField title VarChar -MaxLength 64
            New-MilvusField year Int32
            New-MilvusField rating Double -Nullable
            New-MilvusField embedding FloatVector -Dimension 4
        ) | New-MilvusSchema -EnableDynamicField | New-MilvusCollection -Name $books -ErrorAction Stop | Out-Null
        New-MilvusIndex $books embedding AUTOINDEX -MetricType COSINE -ErrorAction Stop | Out-Null
        Mount-MilvusCollection $books -Wait -ErrorAction Stop

        function script:Count-Books([string] $Filter) {
            @(Get-MilvusEntity $books $Filter -OutputField id -ConsistencyLevel Strong).Count
        }
    }

    AfterAll {
        Remove-MilvusCollection $books -Force -ErrorAction SilentlyContinue
        Remove-MilvusCollection $events -Force -ErrorAction SilentlyContinue
        Disconnect-Milvus -All
        if ($entityEmulator) { $entityEmulator | Stop-MilvusEmulator -Force }
    }

    It 'inserts rows from the pipeline, as CSV gives them, and writes a summary' {
        $csv = "id,title,year,rating,embedding`n1,Dune,1965,4.3,`"[0.1,0.2,0.3,0.4]`"`n2,Neuromancer,1984,,`"[0.2,0.1,0.0,0.5]`"`n3,Foundation,1951,,`"[0.7,0.1,0.1,0.1]`""
        $summary = $csv | ConvertFrom-Csv | Select-Object id, title, year,
            @{ n = 'rating'; e = { if ($_.rating) { $_.rating } else { $null } } },
            @{ n = 'embedding'; e = { , ($_.embedding | ConvertFrom-Json) } } |
            Add-MilvusEntity $books -ErrorAction Stop
        $summary.PSObject.TypeNames | Should -Contain 'MilvusPS.Cmdlets.Entities.MilvusWriteSummary'
        $summary.Operation | Should -BeExactly 'Insert'
        $summary.Written | Should -Be 3
        $summary.Rejected | Should -Be 0
        $summary.Batches | Should -Be 1
        @($summary.Ids) | Should -Be @(1, 2, 3)
        Count-Books | Should -Be 3
    }

    It 'reports bad rows as EntityInvalid and still writes the good ones' {
        $rows = @(
            @{ id = 4; title = 'Hyperion'; year = 1989; rating = 4.2; embedding = 0.9, 0.1, 0.1, 0.1; publisher = 'Doubleday' }
            @{ id = 5; title = 'Gateway'; year = 'late seventies'; embedding = 0.1, 0.1, 0.1, 0.8 }
            @{ id = 6; title = 'Blindsight'; year = 2006; embedding = 0.1, 0.1, 0.1 }
        )
        $summary = $rows | Add-MilvusEntity $books -ErrorAction SilentlyContinue -ErrorVariable bad
        $summary.Written | Should -Be 1
        $summary.Rejected | Should -Be 2
        $bad.Count | Should -Be 2
        $bad | ForEach-Object { $_.FullyQualifiedErrorId | Should -BeLike 'EntityInvalid,*' }
        $bad | ForEach-Object { $_.CategoryInfo.Category | Should -Be 'InvalidData' }
        @($bad.TargetObject.Row) | Should -Be @(1, 2)
        @($bad.TargetObject.Field) | Should -Be @('year', 'embedding')
        Count-Books | Should -Be 4
    }

    It 'sends nothing with -Atomic when a row is bad' {
        $rows = @(
            @{ id = 7; title = 'Contact'; year = 1985; embedding = 0.2, 0.2, 0.2, 0.4 }
            @{ id = 8; title = 'Accelerando'; year = 2005; embedding = 0.4, 0.2 }
        )
        { $rows | Add-MilvusEntity $books -Atomic -ErrorAction Stop } | Should -Throw -ErrorId 'EntityBatchInvalid,*'
        Count-Books | Should -Be 4
    }

    It 'writes the row numbers and keys with -PassThru' {
        $written = @{ id = 9; title = 'Ubik'; year = 1969; rating = 4.0; embedding = 0.5, 0.4, 0.1, 0.0 } | Add-MilvusEntity $books -PassThru -ErrorAction Stop
        $written.PSObject.TypeNames | Should -Contain 'MilvusPS.Cmdlets.Entities.MilvusWrittenEntity'
        $written.Row | Should -Be 0
        $written.Id | Should -Be 9
    }

    It 'sends nothing under -WhatIf, and asks once per batch' {
        $rows = 100..104 | ForEach-Object { @{ id = $_; title = "Draft $_"; year = 2024; embedding = 0.25, 0.25, 0.25, 0.25 } }
        # Under -WhatIf the What-if lines are the answer: no summary object (as Remove-MilvusEntity).
        $summary = $rows | Add-MilvusEntity $books -BatchSize 2 -WhatIf
        $summary | Should -BeNullOrEmpty
        Count-Books | Should -Be 5
    }

    It 'reads by primary key, with the key first and the type name MilvusPS.Entity' {
        $entities = @(Get-MilvusEntity $books -Id 4, 1, 99 -ConsistencyLevel Strong)
        @($entities.id | Sort-Object) | Should -Be @(1, 4)
        $entities[0].PSObject.TypeNames | Should -Contain 'MilvusPS.Entity'
        $entities[0].PSObject.Properties.Name[0] | Should -BeExactly 'id'
        ($entities | Where-Object id -EQ 4).publisher | Should -BeExactly 'Doubleday'
        ($entities | Where-Object id -EQ 1).embedding.Count | Should -Be 4
    }

    It 'reads piped keys and reports a key of the wrong type as EntityIdInvalid' {
        @(3, 9 | Get-MilvusEntity $books -OutputField title -ConsistencyLevel Strong).title | Sort-Object | Should -Be @('Foundation', 'Ubik')
        Get-MilvusEntity $books -Id 'one' -ErrorAction SilentlyContinue -ErrorVariable e | Should -BeNullOrEmpty
        $e[0].FullyQualifiedErrorId | Should -BeLike 'EntityIdInvalid,*'
    }

    It 'reads by filter, with -Limit and -Offset, and nulls as $null' {
        @(Get-MilvusEntity $books 'rating is null' -ConsistencyLevel Strong).id | Sort-Object | Should -Be @(2, 3)
        (Get-MilvusEntity $books -Id 2 -ConsistencyLevel Strong).rating | Should -BeNullOrEmpty
        @(Get-MilvusEntity $books 'year > 1900' -Limit 2 -ConsistencyLevel Strong).Count | Should -Be 2
        $all = @(Get-MilvusEntity $books 'year > 1900' -Limit 10 -ConsistencyLevel Strong).id
        $offset = @(Get-MilvusEntity $books 'year > 1900' -Limit 10 -Offset 2 -ConsistencyLevel Strong).id
        $offset.Count | Should -Be ($all.Count - 2)
        @(Get-MilvusEntity $books 'publisher == "Doubleday"' -OutputField title -ConsistencyLevel Strong).title | Should -Be @('Hyperion')
    }

    It 'counts with Measure-MilvusEntity' {
        $count = Measure-MilvusEntity $books
        $count.PSObject.TypeNames | Should -Contain 'MilvusPS.Cmdlets.Entities.MilvusEntityCount'
        $count.Count | Should -Be 5
        (Measure-MilvusEntity $books 'year < 1970').Count | Should -Be 3
    }

    It 'upserts: replaces existing keys and inserts new ones' {
        $summary = @(
            @{ id = 2; title = 'Neuromancer'; year = 1984; rating = 4.1; embedding = 0.2, 0.1, 0.0, 0.5 }
            @{ id = 10; title = 'Solaris'; year = 1961; rating = 4.0; embedding = 0.3, 0.3, 0.3, 0.1 }
        ) | Set-MilvusEntity $books -ErrorAction Stop
        $summary.Operation | Should -BeExactly 'Upsert'
        $summary.Written | Should -Be 2
        (Get-MilvusEntity $books -Id 2 -ConsistencyLevel Strong).rating | Should -Be 4.1
        Count-Books | Should -Be 6
    }

    It 'updates only the given fields with Set-MilvusEntity -Partial' {
        if ($serverVersion -lt [version]'2.6.1') { Set-ItResult -Skipped -Because "partial upsert needs Milvus 2.6.1 (the server is $serverVersion)" }
        @{ id = 1; rating = 4.5 } | Set-MilvusEntity $books -Partial -ErrorAction Stop | Out-Null
        $dune = Get-MilvusEntity $books -Id 1 -ConsistencyLevel Strong
        $dune.rating | Should -Be 4.5
        $dune.title | Should -BeExactly 'Dune'
        $dune.year | Should -Be 1965
    }

    It 'refuses an upsert row without the primary key' {
        $summary = @{ title = 'Nameless'; year = 2000; embedding = 1, 1, 1, 1 } | Set-MilvusEntity $books -ErrorAction SilentlyContinue -ErrorVariable e
        $summary.Rejected | Should -Be 1
        $e[0].FullyQualifiedErrorId | Should -BeLike 'EntityInvalid,*'
    }

    It 'reads past the 16384-row window with the query iterator' {
        @( New-MilvusField id Int64 -PrimaryKey; New-MilvusField v FloatVector -Dimension 2 ) |
            New-MilvusSchema | New-MilvusCollection -Name $events -ErrorAction Stop | Out-Null
        New-MilvusIndex $events v AUTOINDEX -MetricType L2 -ErrorAction Stop | Out-Null
        Mount-MilvusCollection $events -Wait -ErrorAction Stop
        $summary = 1..20000 | ForEach-Object { @{ id = $_; v = 0.5, 0.5 } } | Add-MilvusEntity $events -BatchSize 5000 -ErrorAction Stop
        $summary.Batches | Should -Be 4
        $ids = @(Get-MilvusEntity $events -OutputField id -BatchSize 6000 -ConsistencyLevel Strong | ForEach-Object id)
        $ids.Count | Should -Be 20000
        @($ids | Select-Object -Unique).Count | Should -Be 20000
        @(Get-MilvusEntity $events 'id > 15000' -Offset 100 -BatchSize 1000 -ConsistencyLevel Strong).Count | Should -Be 4900
        (Measure-MilvusEntity $events).Count | Should -Be 20000
    }

    It 'deletes nothing under -WhatIf' {
        Get-MilvusEntity $books 'year < 1970' -ConsistencyLevel Strong | Remove-MilvusEntity $books -WhatIf | Should -BeNullOrEmpty
        Remove-MilvusEntity $books -Filter 'year < 1970' -WhatIf | Should -BeNullOrEmpty
        Count-Books | Should -Be 6
    }

    It 'deletes piped entities by their primary key' {
        $result = Get-MilvusEntity $books 'rating is null' -ConsistencyLevel Strong | Remove-MilvusEntity $books -Confirm:$false
        $result.PSObject.TypeNames | Should -Contain 'MilvusPS.Core.Operations.MilvusMutation'
        $result.DeleteCount | Should -Be 1
        Count-Books 'rating is null' | Should -Be 0
        Count-Books | Should -Be 5
    }

    It 'deletes by filter with -Force' {
        $result = Remove-MilvusEntity $books -Filter 'year < 1970' -Force
        $result.DeleteCount | Should -Be 3
        Count-Books 'year < 1970' | Should -Be 0
        Count-Books | Should -Be 2
    }
}
