#Requires -Version 7.4
#Requires -Modules @{ ModuleName = 'Pester'; ModuleVersion = '5.5.0' }

<#
    Search end to end in real pwsh: Invoke-MilvusSearch, New-MilvusSearchRequest and
    Invoke-MilvusHybridSearch against a server.

    Which module:  $env:MILVUSPS_MODULE_PATH (the .psd1, or the folder that holds it), else
                   artifacts/module/MilvusPS/MilvusPS.psd1 under the repository root.
    Which server:  $env:MILVUS_URI (with MILVUS_USER / MILVUS_PASSWORD when it needs them); names
                   carry a random suffix and everything made here is dropped in AfterAll. Otherwise
                   an emulator started here. Searches use Strong consistency so that they see the
                   rows inserted just before.

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

    function script:New-TestCredential([string] $User, [string] $Password) {
        [pscredential]::new($User, (ConvertTo-SecureString $Password -AsPlainText -Force))
    }
}

AfterAll {
    Remove-Module MilvusPS -Force -ErrorAction SilentlyContinue
}

Describe 'Search end to end' {
    BeforeAll {
        $script:external = -not [string]::IsNullOrEmpty($env:MILVUS_URI)
        $connectArgs = @{ TimeoutSec = 60 }
        if ($external) {
            $connectArgs.Uri = $env:MILVUS_URI
            if ($env:MILVUS_USER) { $connectArgs.Credential = New-TestCredential $env:MILVUS_USER "$env:MILVUS_PASSWORD" }
        }
        else {
            $script:searchEmulator = Start-MilvusEmulator -ErrorAction Stop
            $connectArgs.Uri = $searchEmulator.Uri
        }
        Connect-Milvus @connectArgs -ErrorAction Stop
        $match = [regex]::Match((Get-MilvusServer).Version, '(\d+)\.(\d+)\.(\d+)')
        $script:serverVersion = [version]::new([int]$match.Groups[1].Value, [int]$match.Groups[2].Value, [int]$match.Groups[3].Value)

        $suffix = [guid]::NewGuid().ToString('N').Substring(0, 8)
        $script:books = "pester_search_books_$suffix"
        $script:articles = "pester_search_articles_$suffix"

        # Eight books in three genres, 4-dimensional vectors, an HNSW index with L2.
        @(
            New-MilvusField id Int64 -PrimaryKey
            New-MilvusField title VarChar -MaxLength 64
            New-MilvusField genre VarChar -MaxLength 16
            New-MilvusField year Int32
            New-MilvusField embedding FloatVector -Dimension 4
        ) | New-MilvusSchema | New-MilvusCollection -Name $books -ErrorAction Stop | Out-Null
        New-MilvusIndex $books embedding HNSW -MetricType L2 -Parameter @{ M = 16; efConstruction = 200 } -ErrorAction Stop | Out-Null
        Mount-MilvusCollection $books -Wait -TimeoutSec 120 -ErrorAction Stop
        $script:bookRows = @(
            @{ id = 1; title = 'Dune';        genre = 'sf';      year = 1965; embedding = 0.1, 0.2, 0.3, 0.4 }
            @{ id = 2; title = 'Neuromancer'; genre = 'sf';      year = 1984; embedding = 0.2, 0.1, 0.0, 0.5 }
            @{ id = 3; title = 'Foundation';  genre = 'sf';      year = 1951; embedding = 0.7, 0.1, 0.1, 0.1 }
            @{ id = 4; title = 'Dracula';     genre = 'horror';  year = 1897; embedding = 0.0, 0.9, 0.1, 0.1 }
            @{ id = 5; title = 'It';          genre = 'horror';  year = 1986; embedding = 0.1, 0.8, 0.2, 0.2 }
            @{ id = 6; title = 'Emma';        genre = 'romance'; year = 1815; embedding = 0.9, 0.0, 0.4, 0.0 }
            @{ id = 7; title = 'Persuasion';  genre = 'romance'; year = 1817; embedding = 0.8, 0.1, 0.5, 0.1 }
            @{ id = 8; title = 'Hyperion';    genre = 'sf';      year = 1989; embedding = 0.2, 0.2, 0.3, 0.4 }
        )
        ($bookRows | Add-MilvusEntity $books -ErrorAction Stop).Written | Should -Be 8

        # The squared Euclidean distance, as Milvus's L2 reports it.
        function script:Get-L2([double[]] $a, [double[]] $b) {
            $sum = 0.0
            for ($i = 0; $i -lt $a.Count; $i++) { $sum += ($a[$i] - $b[$i]) * ($a[$i] - $b[$i]) }
            $sum
        }
        # Invoke-MilvusSearch on the books with Strong consistency; piped query vectors pass through.
        function script:Search-Books {
            $input | Invoke-MilvusSearch $books -ConsistencyLevel Strong @args
        }
    }

    AfterAll {
        Remove-MilvusCollection $books -Force -ErrorAction SilentlyContinue
        Remove-MilvusCollection $articles -Force -ErrorAction SilentlyContinue
        Disconnect-Milvus -All
        if ($searchEmulator) { $searchEmulator | Stop-MilvusEmulator -Force }
    }

    Context 'Invoke-MilvusSearch' {
        It 'finds every row itself first, at L2 distance 0, and sorts by ascending squared distance' {
            foreach ($row in $bookRows) {
                $hits = @(Search-Books $row.embedding -Limit 3 -OutputField title)
                $hits.Count | Should -Be 3
                $hits[0].PSObject.TypeNames | Should -Contain 'MilvusPS.Core.Operations.MilvusSearchHit'
                $hits[0].Id | Should -Be $row.id -Because "the query is the vector of $($row.title)"
                $hits[0].Distance | Should -BeLessThan 1e-6
                $hits[0].title | Should -BeExactly $row.title
                # ForEach-Object, not .Rank: member enumeration would give the array's own Rank (1).
                @($hits | ForEach-Object Rank) | Should -Be @(1, 2, 3)
                @($hits.QueryIndex | Select-Object -Unique) | Should -Be @(0)
                $hits[1].Distance | Should -BeGreaterOrEqual $hits[0].Distance
                $hits[2].Distance | Should -BeGreaterOrEqual $hits[1].Distance
            }
            # L2 is the squared distance, without the square root.
            $neighbour = (Search-Books 0.1, 0.2, 0.3, 0.4 -Limit 2)[1]
            $neighbour.Id | Should -Be 8
            $expected = Get-L2 (0.1, 0.2, 0.3, 0.4) (0.2, 0.2, 0.3, 0.4)
            $neighbour.Distance | Should -BeGreaterThan ($expected - 1e-5)
            $neighbour.Distance | Should -BeLessThan ($expected + 1e-5)
        }

        It 'returns only the primary key and distance without -OutputField, and the fields as properties with it' {
            $bare = Search-Books 0.1, 0.2, 0.3, 0.4 -Limit 1
            $bare.Fields.Count | Should -Be 0
            $hit = Search-Books 0.1, 0.2, 0.3, 0.4 -Limit 1 -OutputField title, year
            $hit.Fields['title'] | Should -BeExactly 'Dune'
            $hit.year | Should -Be 1965
        }

        It 'respects -Filter, with search parameters' {
            $hits = @(Search-Books 0.1, 0.2, 0.3, 0.4 -Filter 'genre == "sf" and year > 1960' -SearchParameter @{ ef = 64 } -OutputField title, genre, year)
            @($hits.Id) | Should -Be @(1, 8, 2)
            $hits | ForEach-Object { $_.genre | Should -BeExactly 'sf'; $_.year | Should -BeGreaterThan 1960 }
            @(Search-Books 0.1, 0.2, 0.3, 0.4 -Filter 'genre == "western"') | Should -BeNullOrEmpty
            @(Search-Books 0.1, 0.2, 0.3, 0.4 -Where 'id in [4, 6]').Id | Sort-Object | Should -Be @(4, 6)
        }

        It 'applies -Limit (alias TopK) and -Offset' {
            $all = @(Search-Books 0.1, 0.2, 0.3, 0.4 -Limit 8)
            $all.Count | Should -Be 8
            $page = @(Search-Books 0.1, 0.2, 0.3, 0.4 -TopK 3 -Offset 2)
            @($page.Id) | Should -Be @($all[2..4].Id)
        }

        It 'runs several queries in one request, from -Vector and from the pipeline' {
            $hits = @(Search-Books @(0.0, 0.9, 0.1, 0.1), @(0.9, 0.0, 0.4, 0.0) -Limit 2 -OutputField title)
            $hits.Count | Should -Be 4
            @($hits | Where-Object QueryIndex -EQ 0 | ForEach-Object Id) | Should -Be @(4, 5)
            @($hits | Where-Object QueryIndex -EQ 1 | ForEach-Object Id) | Should -Be @(6, 7)
            @($hits | Where-Object QueryIndex -EQ 1 | ForEach-Object Rank) | Should -Be @(1, 2)

            $piped = @(@(0.0, 0.9, 0.1, 0.1), @(0.9, 0.0, 0.4, 0.0) | Search-Books -Limit 2)
            @($piped.Id) | Should -Be @($hits.Id)
            $single = @(, @(0.7, 0.1, 0.1, 0.1) | Search-Books -Limit 1)
            $single.Id | Should -Be 3
            # Stored vectors piped back in: one query per entity, in order.
            $neighbours = @(Get-MilvusEntity $books -Id 4, 6 -ConsistencyLevel Strong | ForEach-Object { , $_.embedding } | Search-Books -Limit 1)
            @($neighbours.QueryIndex) | Should -Be @(0, 1)
            @($neighbours.Id) | Should -Be @(4, 6)
        }

        It 'runs a range search: RangeFilter <= distance < Radius for L2' {
            $hits = @(Search-Books 0.1, 0.2, 0.3, 0.4 -Radius 0.2 -RangeFilter 0.0001 -OutputField title)
            @($hits.Id) | Should -Be @(8, 2)
            $hits | ForEach-Object { $_.Distance | Should -BeLessThan 0.2; $_.Distance | Should -BeGreaterOrEqual 0.0001 }
            # Without the inner bound the row itself (distance 0) is in range.
            @(Search-Books 0.1, 0.2, 0.3, 0.4 -Radius 0.2).Id | Should -Be @(1, 8, 2)
        }

        It 'groups hits by a scalar field with -GroupBy and -GroupSize' {
            $hits = @(Search-Books 0.1, 0.2, 0.3, 0.4 -GroupBy genre -Limit 3 -OutputField title)
            $hits.Count | Should -Be 3
            @($hits.GroupValue) | Should -Be @('sf', 'horror', 'romance')
            $hits[0].Id | Should -Be 1

            $strict = @(Search-Books 0.1, 0.2, 0.3, 0.4 -GroupBy genre -GroupSize 2 -StrictGroupSize -Limit 3)
            $strict.Count | Should -Be 6
            $strict | Group-Object GroupValue | ForEach-Object { $_.Count | Should -Be 2 }
        }

        It 'rounds distances with -RoundDecimal' {
            # Neuromancer is at 0.12 from Dune; to one decimal, 0.1.
            $exact = (Search-Books 0.1, 0.2, 0.3, 0.4 -Limit 3)[2]
            $exact.Id | Should -Be 2
            [double]$exact.Distance | Should -BeGreaterThan 0.115
            $rounded = (Search-Books 0.1, 0.2, 0.3, 0.4 -Limit 3 -RoundDecimal 1)[2]
            $rounded.Id | Should -Be 2
            [double]$rounded.Distance | Should -BeGreaterThan 0.0999
            [double]$rounded.Distance | Should -BeLessThan 0.1001
        }
    }

    Context 'Invoke-MilvusSearch errors' {
        It 'reports <Id> for <Case>' -ForEach @(
            @{ Case = 'a query vector of the wrong dimension'; Arguments = @{ Vector = 0.1, 0.2, 0.3 }; Id = 'SearchVectorInvalid'; Category = 'InvalidArgument'; Text = '*3 dimensions; the field has 4*' }
            @{ Case = 'no query vector'; Arguments = @{}; Id = 'SearchVectorMissing'; Category = 'InvalidArgument'; Text = '*No query vectors*' }
            @{ Case = 'a scalar field as the vector field'; Arguments = @{ Vector = 0.1, 0.2, 0.3, 0.4; AnnsField = 'title' }; Id = 'AnnsFieldNotVector'; Category = 'InvalidArgument'; Text = "*'title' is VarChar*" }
            @{ Case = 'a field that does not exist'; Arguments = @{ Vector = 0.1, 0.2, 0.3, 0.4; AnnsField = 'nope' }; Id = 'FieldNotFound'; Category = 'ObjectNotFound'; Text = '*nope*' }
            @{ Case = 'a metric other than the index''s'; Arguments = @{ Vector = 0.1, 0.2, 0.3, 0.4; MetricType = 'COSINE' }; Id = 'ParameterInvalid'; Category = 'InvalidArgument'; Text = '*metric type not match*' }
            @{ Case = 'range search with grouping'; Arguments = @{ Vector = 0.1, 0.2, 0.3, 0.4; Radius = 0.5; GroupBy = 'genre' }; Id = 'ParameterInvalid'; Category = 'InvalidArgument'; Text = '*' }
            @{ Case = 'an HNSW ef below the limit'; Arguments = @{ Vector = 0.1, 0.2, 0.3, 0.4; Limit = 10; SearchParameter = @{ ef = 2 } }; Id = 'SearchParameterInvalid'; Category = 'InvalidArgument'; Text = "*ef=2 is below Limit + Offset (10) for the HNSW index on 'embedding'*" }
        ) {
            Invoke-MilvusSearch $books @Arguments -ErrorAction SilentlyContinue -ErrorVariable refused | Should -BeNullOrEmpty
            @($refused).Count | Should -Be 1
            "$($refused[0].FullyQualifiedErrorId)" | Should -BeLike "$Id,*"
            "$($refused[0].CategoryInfo.Category)" | Should -Be $Category
            $refused[0].Exception.Message | Should -BeLike $Text
        }

        It 'refuses Offset + Limit past the 16384 window before sending, and pages a larger -Limit with the iterator' {
            Invoke-MilvusSearch $books 0.1, 0.2, 0.3, 0.4 -Offset 16380 -Limit 10 -ErrorAction SilentlyContinue -ErrorVariable refused | Should -BeNullOrEmpty
            @($refused).Count | Should -Be 1
            "$($refused[0].FullyQualifiedErrorId)" | Should -BeLike 'ResultWindowExceeded,*'
            "$($refused[0].CategoryInfo.Category)" | Should -Be 'InvalidArgument'
            $refused[0].Exception.Message | Should -BeLike '*16390*16384*iterator*'
            $all = @(Invoke-MilvusSearch $books 0.1, 0.2, 0.3, 0.4 -Limit 16385 -ConsistencyLevel Strong)
            $all.Count | Should -Be @(Get-MilvusEntity $books -ConsistencyLevel Strong).Count
            @($all.Id | Sort-Object -Unique).Count | Should -Be $all.Count
        }

        It 'reports CollectionNotFound, and CollectionNotLoaded for a released collection' {
            Invoke-MilvusSearch "pester_no_such_$([guid]::NewGuid().ToString('N').Substring(0, 8))" 0.1, 0.2, 0.3, 0.4 -ErrorAction SilentlyContinue -ErrorVariable missing
            "$($missing[0].FullyQualifiedErrorId)" | Should -BeLike 'CollectionNotFound,*'

            Dismount-MilvusCollection $books
            try {
                Invoke-MilvusSearch $books 0.1, 0.2, 0.3, 0.4 -ErrorAction SilentlyContinue -ErrorVariable notLoaded | Should -BeNullOrEmpty
                "$($notLoaded[0].FullyQualifiedErrorId)" | Should -BeLike 'CollectionNotLoaded,*'
                "$($notLoaded[0].CategoryInfo.Category)" | Should -Be 'InvalidOperation'
            }
            finally {
                Mount-MilvusCollection $books -Wait -TimeoutSec 120 -ErrorAction Stop
            }
        }
    }

    Context 'Hybrid search over a dense and a sparse (BM25) field' {
        BeforeAll {
            $script:hybridReason = if ($serverVersion -lt [version]'2.5.0') { "BM25 functions need Milvus 2.5 (the server is $serverVersion)" }
            if (-not $hybridReason) {
                $fields = @(
                    New-MilvusField id Int64 -PrimaryKey
                    New-MilvusField text VarChar -MaxLength 256 -EnableAnalyzer
                    New-MilvusField dense FloatVector -Dimension 4
                    New-MilvusField sparse SparseFloatVector
                )
                $bm25 = New-MilvusFunction text_bm25 -InputField text -OutputField sparse
                New-MilvusSchema -Field $fields -Function $bm25 | New-MilvusCollection -Name $articles -ErrorAction Stop | Out-Null
                New-MilvusIndex $articles dense HNSW -MetricType COSINE -ErrorAction Stop | Out-Null
                New-MilvusIndex $articles sparse SPARSE_INVERTED_INDEX -MetricType BM25 -ErrorAction Stop | Out-Null
                Mount-MilvusCollection $articles -Wait -TimeoutSec 120 -ErrorAction Stop
                @(
                    @{ id = 1; text = 'Milvus is a vector database'; dense = 0.1, 0.2, 0.3, 0.4 }
                    @{ id = 2; text = 'PowerShell pipelines pass objects'; dense = 0.4, 0.3, 0.2, 0.1 }
                    @{ id = 3; text = 'Vector search with Milvus and PowerShell'; dense = 0.2, 0.2, 0.3, 0.3 }
                    @{ id = 4; text = 'Cooking pasta at home'; dense = 0.9, 0.1, 0.0, 0.0 }
                    @{ id = 5; text = 'A database of recipes'; dense = 0.0, 0.1, 0.9, 0.1 }
                ) | Add-MilvusEntity $articles -ErrorAction Stop | Out-Null
                $script:denseRequest = New-MilvusSearchRequest dense 0.1, 0.2, 0.3, 0.4 -Limit 5
                $script:sparseRequest = New-MilvusSearchRequest sparse 'milvus powershell' -Limit 5
            }
        }

        BeforeEach {
            if ($hybridReason) { Set-ItResult -Skipped -Because $hybridReason }
        }

        It 'makes search requests without sending anything' {
            $denseRequest.PSObject.TypeNames | Should -Contain 'MilvusPS.Core.Operations.MilvusSearchRequest'
            $denseRequest.AnnsField | Should -BeExactly 'dense'
            $denseRequest.Vectors.Count | Should -Be 1
            $denseRequest.Limit | Should -Be 5
            "$sparseRequest" | Should -BeExactly '1 query on sparse, limit 5'
            $two = New-MilvusSearchRequest dense @(0.1, 0.2, 0.3, 0.4), @(0.4, 0.3, 0.2, 0.1) -Filter 'id > 1' -SearchParameter @{ ef = 64 }
            $two.Vectors.Count | Should -Be 2
            $two.Filter | Should -BeExactly 'id > 1'
            $two.Parameters['ef'] | Should -Be 64
        }

        It 'needs -AnnsField on a collection with two vector fields, and searches the BM25 field by text' {
            Invoke-MilvusSearch $articles 0.1, 0.2, 0.3, 0.4 -ErrorAction SilentlyContinue -ErrorVariable refused | Should -BeNullOrEmpty
            "$($refused[0].FullyQualifiedErrorId)" | Should -BeLike 'AnnsFieldRequired,*'
            $refused[0].Exception.Message | Should -BeLike '*dense, sparse*'

            $text = @(Invoke-MilvusSearch $articles 'milvus powershell' -AnnsField sparse -Limit 5 -ConsistencyLevel Strong)
            @($text.Id) | Should -Be @(3, 2, 1)
            $text[0].Distance | Should -BeGreaterThan $text[1].Distance   # BM25: larger is closer
        }

        It 'fuses the two searches with RRF: the sum of 1/(k + rank)' {
            $dense = @(Invoke-MilvusSearch $articles 0.1, 0.2, 0.3, 0.4 -AnnsField dense -Limit 5 -ConsistencyLevel Strong)
            $sparse = @(Invoke-MilvusSearch $articles 'milvus powershell' -AnnsField sparse -Limit 5 -ConsistencyLevel Strong)
            # The expected fused ranking, computed from the two rankings.
            $scores = @{}
            foreach ($list in $dense, $sparse) { foreach ($hit in $list) { $scores[$hit.Id] = $scores[$hit.Id] + 1.0 / (60 + $hit.Rank) } }
            $expected = @($scores.GetEnumerator() | Sort-Object Value -Descending | Select-Object -First 3)

            $fused = @(Invoke-MilvusHybridSearch $articles $denseRequest, $sparseRequest -Limit 3 -OutputField text -ConsistencyLevel Strong)
            $fused.Count | Should -Be 3
            @($fused.Id) | Should -Be @($expected.Key)
            @($fused.Id) | Should -Be @(3, 1, 2)
            for ($i = 0; $i -lt 3; $i++) { $fused[$i].Distance | Should -BeGreaterThan ($expected[$i].Value - 1e-5); $fused[$i].Distance | Should -BeLessThan ($expected[$i].Value + 1e-5) }
            $fused[0].text | Should -BeExactly 'Vector search with Milvus and PowerShell'
            @($fused | ForEach-Object Rank) | Should -Be @(1, 2, 3)
        }

        It 'takes piped requests and -RrfK' {
            $fused = @($denseRequest, $sparseRequest | Invoke-MilvusHybridSearch $articles -RrfK 10 -Limit 3 -ConsistencyLevel Strong)
            @($fused.Id) | Should -Be @(3, 1, 2)
            $fused[0].Distance | Should -BeGreaterThan (1.0 / 11 + 1.0 / 12 - 1e-5)
            $fused[0].Distance | Should -BeLessThan (1.0 / 11 + 1.0 / 12 + 1e-5)
        }

        It 'fuses with weights, normalized by metric unless -NoNormalize' {
            $weighted = @(Invoke-MilvusHybridSearch $articles $denseRequest, $sparseRequest -Weight 0.7, 0.3 -Limit 3 -ConsistencyLevel Strong)
            @($weighted.Id) | Should -Be @(3, 1, 2)
            $cosine = (Invoke-MilvusSearch $articles 0.1, 0.2, 0.3, 0.4 -AnnsField dense -Filter 'id == 3' -Limit 1 -ConsistencyLevel Strong).Distance
            $bm25 = (Invoke-MilvusSearch $articles 'milvus powershell' -AnnsField sparse -Filter 'id == 3' -Limit 1 -ConsistencyLevel Strong).Distance
            $expected = 0.7 * (1 + $cosine) / 2 + 0.3 * 2 * [math]::Atan($bm25) / [math]::PI
            $weighted[0].Distance | Should -BeGreaterThan ($expected - 1e-4)
            $weighted[0].Distance | Should -BeLessThan ($expected + 1e-4)

            $raw = @(Invoke-MilvusHybridSearch $articles $denseRequest, $sparseRequest -Weight 0.7, 0.3 -NoNormalize -Limit 3 -ConsistencyLevel Strong)
            $raw[0].Id | Should -Be 3
            $raw[0].Distance | Should -BeGreaterThan (0.7 * $cosine + 0.3 * $bm25 - 1e-4)
            $raw[0].Distance | Should -BeLessThan (0.7 * $cosine + 0.3 * $bm25 + 1e-4)
        }

        It 'applies each request''s own filter' {
            $filtered = New-MilvusSearchRequest sparse 'milvus powershell' -Limit 5 -Filter 'id != 3'
            $dense = New-MilvusSearchRequest dense 0.1, 0.2, 0.3, 0.4 -Limit 5 -Filter 'id != 3'
            @(Invoke-MilvusHybridSearch $articles $dense, $filtered -ConsistencyLevel Strong).Id | Should -Not -Contain 3
        }

        It 'reports <Id> for <Case>' -ForEach @(
            @{ Case = 'one weight for two requests'; Weighted = $true; Field = 'sparse'; Id = 'HybridWeightInvalid'; Text = '*one weight per search request*2 requests, 1 weights*' }
            @{ Case = 'a request on a scalar field'; Weighted = $false; Field = 'text'; Id = 'AnnsFieldNotVector'; Text = "*'text' is VarChar*" }
            @{ Case = 'a request on a field that does not exist'; Weighted = $false; Field = 'nope'; Id = 'FieldNotFound'; Text = '*nope*' }
        ) {
            $second = New-MilvusSearchRequest $Field 'milvus'
            $arguments = if ($Weighted) { @{ Weight = 0.7 } } else { @{} }
            Invoke-MilvusHybridSearch $articles $denseRequest, $second @arguments -ErrorAction SilentlyContinue -ErrorVariable refused | Should -BeNullOrEmpty
            @($refused).Count | Should -Be 1
            "$($refused[0].FullyQualifiedErrorId)" | Should -BeLike "$Id,*"
            $refused[0].Exception.Message | Should -BeLike $Text
        }

        It 'refuses requests with different numbers of queries' {
            $two = New-MilvusSearchRequest dense @(0.1, 0.2, 0.3, 0.4), @(0.4, 0.3, 0.2, 0.1)
            Invoke-MilvusHybridSearch $articles $two, $sparseRequest -ErrorAction SilentlyContinue -ErrorVariable refused | Should -BeNullOrEmpty
            "$($refused[0].FullyQualifiedErrorId)" | Should -BeLike 'ParameterInvalid,*'
            $refused[0].Exception.Message | Should -BeLike '*nq should be the same*'
        }
    }
}

Describe 'Hybrid search on a server older than 2.4' {
    BeforeAll {
        $script:oldEmulator = if (-not $env:MILVUS_URI) { Start-MilvusEmulator -MilvusVersion 2.3.16 -ErrorAction Stop }
        if ($oldEmulator) { $script:oldConnection = $oldEmulator | Connect-Milvus -NotDefault -PassThru -TimeoutSec 60 }
    }

    AfterAll {
        if ($oldConnection) { Disconnect-Milvus -Connection $oldConnection -ErrorAction SilentlyContinue }
        if ($oldEmulator) { $oldEmulator | Stop-MilvusEmulator -Force }
    }

    It 'reports ServerVersionTooOld before anything is sent' -Skip:([bool]$env:MILVUS_URI) {
        $request = New-MilvusSearchRequest vector 0.1, 0.2
        Invoke-MilvusHybridSearch anything $request -Connection $oldConnection -ErrorAction SilentlyContinue -ErrorVariable refused | Should -BeNullOrEmpty
        "$($refused[0].FullyQualifiedErrorId)" | Should -BeLike 'ServerVersionTooOld,*'
        $refused[0].Exception.Message | Should -BeLike '*2.4*'
    }
}
