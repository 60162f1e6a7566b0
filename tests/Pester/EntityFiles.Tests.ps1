#Requires -Version 7.4
#Requires -Modules @{ ModuleName = 'Pester'; ModuleVersion = '5.5.0' }

<#
    Export-MilvusEntity and Import-MilvusEntity end to end in real pwsh, with real files and the
    cmdlets a user pipes them with (Get-ChildItem, Get-Content, Import-Csv, ConvertFrom-Json).

    Which module:  $env:MILVUSPS_MODULE_PATH (the .psd1, or the folder that holds it), else
                   artifacts/module/MilvusPS/MilvusPS.psd1 under the repository root.
    Which server:  $env:MILVUS_URI (with MILVUS_USER / MILVUS_PASSWORD when it needs them); names
                   carry a random suffix and everything made here is dropped in AfterAll. Otherwise
                   an emulator started here.

    Run with tests/Pester/Invoke-PesterSuite.ps1, or Invoke-Pester on this file.
#>

BeforeAll {
    $script:repoRoot = (Resolve-Path (Join-Path $PSScriptRoot '..' '..')).Path
    $script:modulePath = if ($env:MILVUSPS_MODULE_PATH) { $env:MILVUSPS_MODULE_PATH } else { Join-Path $repoRoot 'artifacts/module/MilvusPS/MilvusPS.psd1' }
    if (Test-Path -LiteralPath $modulePath -PathType Container) { $script:modulePath = Join-Path $modulePath 'MilvusPS.psd1' }
    if (-not (Test-Path -LiteralPath $modulePath)) {
        throw "The module manifest '$modulePath' does not exist. Run 'dotnet build MilvusPS.sln' first, or set MILVUSPS_MODULE_PATH."
    }
    Import-Module (Resolve-Path -LiteralPath $modulePath).Path -Force -ErrorAction Stop
}

AfterAll {
    Remove-Module MilvusPS -Force -ErrorAction SilentlyContinue
}

Describe 'Entity files end to end' {
    BeforeAll {
        $connectArgs = @{ TimeoutSec = 60 }
        if ($env:MILVUS_URI) {
            $connectArgs.Uri = $env:MILVUS_URI
            if ($env:MILVUS_USER) { $connectArgs.Credential = [pscredential]::new($env:MILVUS_USER, (ConvertTo-SecureString "$env:MILVUS_PASSWORD" -AsPlainText -Force)) }
        }
        else {
            $script:filesEmulator = Start-MilvusEmulator -ErrorAction Stop
            $connectArgs.Uri = $filesEmulator.Uri
        }
        Connect-Milvus @connectArgs -ErrorAction Stop

        $suffix = [guid]::NewGuid().ToString('N').Substring(0, 8)
        $script:source = "pester_files_src_$suffix"
        $script:copies = @()
        $script:folder = Join-Path ([IO.Path]::GetTempPath()) "milvusps-pester-$suffix"
        New-Item -ItemType Directory -Path $folder | Out-Null

        function script:New-BookCollection([string] $Name) {
            @(
                New-MilvusField id Int64 -PrimaryKey
                New-MilvusField title VarChar -MaxLength 64
                New-MilvusField rating Double -Nullable
                New-MilvusField tags Array -ElementType VarChar -MaxCapacity 4 -MaxLength 16
                New-MilvusField embedding FloatVector -Dimension 4
            ) | New-MilvusSchema -EnableDynamicField | New-MilvusCollection -Name $Name -ErrorAction Stop | Out-Null
            New-MilvusIndex $Name embedding FLAT -MetricType L2 -ErrorAction Stop | Out-Null
            Mount-MilvusCollection $Name -Wait -TimeoutSec 120 -ErrorAction Stop
            $script:copies += $Name
        }
        New-BookCollection $source
        $rows = 1..40 | ForEach-Object {
            $row = @{ id = $_; title = "Book $_, ""vol."" $_"; rating = if ($_ % 4) { $_ / 10 } else { $null }; tags = @('sf', "t$_"); embedding = @(($_ / 40), 0.5, 0.25, 1) }
            if ($_ % 2) { $row.publisher = 'Gnome Press' }
            $row
        }
        ($rows | Add-MilvusEntity $source -ErrorAction Stop).Written | Should -Be 40

        function script:Get-Books([string] $Name) {
            Get-MilvusEntity $Name -ConsistencyLevel Strong | Sort-Object id
        }
        # Each entity as one line of JSON with sorted keys, so two collections compare line by line.
        function script:ConvertTo-Canonical([object[]] $Entities) {
            foreach ($e in $Entities) {
                $ordered = [ordered]@{}
                foreach ($p in ($e.PSObject.Properties | Sort-Object Name)) { $ordered[$p.Name] = $p.Value }
                $ordered | ConvertTo-Json -Compress -Depth 5
            }
        }
    }

    AfterAll {
        foreach ($name in $copies) { Remove-MilvusCollection $name -Force -ErrorAction SilentlyContinue }
        Disconnect-Milvus -All
        if ($filesEmulator) { $filesEmulator | Stop-MilvusEmulator -Force }
        Remove-Item -LiteralPath $folder -Recurse -Force -ErrorAction SilentlyContinue
    }

    It 'exports to <Extension> and imports into another collection with the same entities' -ForEach @(
        @{ Extension = 'csv' }, @{ Extension = 'jsonl' }, @{ Extension = 'json' }, @{ Extension = 'parquet' }
    ) {
        $path = Join-Path $folder "books.$Extension"
        $summary = Export-MilvusEntity $source $path -BatchSize 16
        $summary.Rows | Should -Be 40
        $summary.Bytes | Should -Be (Get-Item -LiteralPath $path).Length

        $copy = "pester_files_$($Extension)_$suffix"
        New-BookCollection $copy
        (Import-MilvusEntity $copy $path).Written | Should -Be 40
        ConvertTo-Canonical (Get-Books $copy) | Should -Be (ConvertTo-Canonical (Get-Books $source))
    }

    It 'writes CSV that Import-Csv reads, vectors and $meta as JSON text' {
        $path = Join-Path $folder 'books.csv'
        $csv = Import-Csv -LiteralPath $path
        $csv.Count | Should -Be 40
        ($csv[0].PSObject.Properties.Name -join ',') | Should -Be 'id,title,rating,tags,embedding,$meta'
        $first = $csv | Where-Object id -EQ 1
        $first.title | Should -BeExactly 'Book 1, "vol." 1'
        ($first.embedding | ConvertFrom-Json) | Should -Be @(0.025, 0.5, 0.25, 1)
        ($first.'$meta' | ConvertFrom-Json).publisher | Should -BeExactly 'Gnome Press'
        ($csv | Where-Object id -EQ 4).rating | Should -BeExactly ''
    }

    It 'writes JSON lines that ConvertFrom-Json reads, dynamic fields as keys' {
        $lines = Get-Content -LiteralPath (Join-Path $folder 'books.jsonl')
        $lines.Count | Should -Be 40
        $one = $lines | ForEach-Object { $_ | ConvertFrom-Json } | Where-Object id -EQ 1
        $one.publisher | Should -BeExactly 'Gnome Press'
        $one.tags | Should -Be @('sf', 't1')
    }

    It 'imports files piped from Get-ChildItem, bound by PSPath' {
        Set-Content -LiteralPath (Join-Path $folder 'more-1.jsonl') -Value '{"id": 101, "title": "A", "tags": [], "embedding": [1, 0, 0, 0]}'
        Set-Content -LiteralPath (Join-Path $folder 'more-2.jsonl') -Value '{"id": 102, "title": "B", "tags": [], "embedding": [0, 1, 0, 0]}', '{"id": 103, "title": "C", "tags": [], "embedding": [0, 0, 1, 0]}'
        $copy = "pester_files_gci_$suffix"
        New-BookCollection $copy
        $summary = Get-ChildItem -Path $folder -Filter 'more-*.jsonl' | Import-MilvusEntity $copy
        $summary.Written | Should -Be 3
        $summary.Files.Count | Should -Be 2
        @(Get-Books $copy).id | Should -Be @(101, 102, 103)
    }

    It 'keeps an existing file with -NoClobber (EntityFileExists) and writes nothing with -WhatIf' {
        $path = Join-Path $folder 'kept.parquet'
        Set-Content -LiteralPath $path -Value 'precious'
        { Export-MilvusEntity $source $path -NoClobber -ErrorAction Stop } | Should -Throw -ErrorId 'EntityFileExists,MilvusPS.Cmdlets.Entities.ExportMilvusEntityCommand'
        Get-Content -LiteralPath $path | Should -Be 'precious'

        $new = Join-Path $folder 'never.parquet'
        Export-MilvusEntity $source $new -WhatIf
        Test-Path -LiteralPath $new | Should -BeFalse
        @(Get-ChildItem -LiteralPath $folder -Filter '*.tmp' -Force).Count | Should -Be 0
    }

    It 'reports a bad row by file and line, and imports the good ones' {
        $path = Join-Path $folder 'mixed.csv'
        Set-Content -LiteralPath $path -Value 'id,title,tags,embedding', '201,Good,[],"[1,1,1,1]"', '202,Bad,[],"[1,1]"', '203,Also good,[],"[2,2,2,2]"'
        $copy = "pester_files_bad_$suffix"
        New-BookCollection $copy
        $summary = Import-MilvusEntity $copy $path -ErrorVariable bad -ErrorAction SilentlyContinue
        $summary.Written | Should -Be 2
        $bad.Count | Should -Be 1
        $bad[0].FullyQualifiedErrorId | Should -BeLike 'EntityInvalid,*'
        $bad[0].TargetObject.Location | Should -Be 'mixed.csv line 3'
        $bad[0].TargetObject.Field | Should -Be 'embedding'
    }
}
