@{
    RootModule           = 'MilvusPS.dll'
    # Imported before the root module: sets up the private load context for the dependencies.
    NestedModules        = @('MilvusPS.Loader.dll')
    ModuleVersion        = '0.1.0'
    GUID                 = '6c0f5a52-8f1e-4f4f-9a43-3f5e1d2c7b10'
    Author               = 'MilvusPS contributors'
    CompanyName          = 'MilvusPS'
    Copyright            = '(c) MilvusPS contributors. MIT License.'
    Description          = 'Run, govern and automate Milvus vector databases from PowerShell: connections, a Milvus-compatible local emulator, and (growing) every management and data API.'
    PowerShellVersion    = '7.4'
    CompatiblePSEditions = @('Core')
    FormatsToProcess     = @('MilvusPS.format.ps1xml')
    CmdletsToExport      = @(
        'Connect-Milvus'
        'Disconnect-Milvus'
        'Get-MilvusConnection'
        'Test-MilvusConnection'
        'Get-MilvusServer'
        'Start-MilvusEmulator'
        'Stop-MilvusEmulator'
    )
    FunctionsToExport    = @()
    VariablesToExport    = @()
    AliasesToExport      = @()
    PrivateData          = @{
        PSData = @{
            Tags         = @('Milvus', 'VectorDatabase', 'Vector', 'gRPC', 'Emulator', 'Linux', 'Windows', 'MacOS')
            LicenseUri   = 'https://opensource.org/licenses/MIT'
            ProjectUri   = 'https://github.com/milvusps/MilvusPS'
            ReleaseNotes = 'Foundation: connections, server information, the local emulator.'
        }
    }
}
