@{
    RootModule           = 'MilvusPS.dll'
    # Imported before the root module: sets up the private load context for the dependencies.
    NestedModules        = @('MilvusPS.Loader.dll')
    ModuleVersion        = '0.1.0'
    GUID                 = '6c0f5a52-8f1e-4f4f-9a43-3f5e1d2c7b10'
    Author               = 'MilvusPS contributors'
    CompanyName          = 'MilvusPS'
    Copyright            = '(c) MilvusPS contributors. MIT License.'
    Description          = 'Run, govern and automate Milvus vector databases from PowerShell: connections, databases, collections and schemas, partitions, aliases, indexes, load/release, flush and compaction, entities (insert, upsert, query, search, import and export of CSV, JSON and Parquet files), and a Milvus-compatible local emulator.'
    PowerShellVersion    = '7.4'
    CompatiblePSEditions = @('Core')
    FormatsToProcess     = @('MilvusPS.format.ps1xml')
    CmdletsToExport      = @(
        'Add-MilvusEntity'
        'Add-MilvusField'
        'Clear-MilvusCollection'
        'Compress-MilvusCollection'
        'Connect-Milvus'
        'Disconnect-Milvus'
        'Dismount-MilvusCollection'
        'Dismount-MilvusPartition'
        'Export-MilvusEntity'
        'Get-MilvusAlias'
        'Get-MilvusCollection'
        'Get-MilvusCompaction'
        'Get-MilvusConnection'
        'Get-MilvusDatabase'
        'Get-MilvusEntity'
        'Get-MilvusIndex'
        'Get-MilvusLoadState'
        'Get-MilvusPartition'
        'Get-MilvusServer'
        'Import-MilvusEntity'
        'Invoke-MilvusFlush'
        'Invoke-MilvusHybridSearch'
        'Invoke-MilvusSearch'
        'Measure-MilvusEntity'
        'Mount-MilvusCollection'
        'Mount-MilvusPartition'
        'New-MilvusAlias'
        'New-MilvusCollection'
        'New-MilvusDatabase'
        'New-MilvusField'
        'New-MilvusFunction'
        'New-MilvusIndex'
        'New-MilvusPartition'
        'New-MilvusSchema'
        'New-MilvusSearchRequest'
        'Remove-MilvusAlias'
        'Remove-MilvusCollection'
        'Remove-MilvusDatabase'
        'Remove-MilvusEntity'
        'Remove-MilvusIndex'
        'Remove-MilvusPartition'
        'Rename-MilvusCollection'
        'Set-MilvusAlias'
        'Set-MilvusCollection'
        'Set-MilvusDatabase'
        'Set-MilvusEntity'
        'Set-MilvusIndex'
        'Start-MilvusEmulator'
        'Stop-MilvusEmulator'
        'Test-MilvusConnection'
        'Use-MilvusDatabase'
        'Wait-MilvusIndex'
    )
    FunctionsToExport    = @()
    VariablesToExport    = @()
    AliasesToExport      = @()
    PrivateData          = @{
        PSData = @{
            Tags         = @('Milvus', 'VectorDatabase', 'Vector', 'gRPC', 'Emulator', 'Linux', 'Windows', 'MacOS')
            LicenseUri   = 'https://opensource.org/licenses/MIT'
            ProjectUri   = 'https://github.com/milvusps/MilvusPS'
            ReleaseNotes = 'Connections, server information and the local emulator; databases, collections, schemas, partitions, aliases, load/release, flush and compaction.'
        }
    }
}
