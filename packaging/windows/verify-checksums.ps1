# Check an installed copydesk folder against the SHA256SUMS written at build time.
# Run in PowerShell (no admin needed):
#     powershell -ExecutionPolicy Bypass -File "C:\Program Files\copydesk\verify-checksums.ps1"
# Exit 0 when every listed file is present and unchanged, 1 otherwise.
param([string]$Root = $PSScriptRoot)

$sums = Join-Path $Root "SHA256SUMS"
if (-not (Test-Path $sums)) { Write-Error "$sums not found"; exit 1 }
$bad = 0
$count = 0
foreach ($line in Get-Content -LiteralPath $sums -Encoding UTF8) {
    if ($line -notmatch '^([0-9a-f]{64})  (.+)$') { continue }
    $expected = $Matches[1]
    # Paths in SHA256SUMS start with the bundle folder's name ("copydesk/..."): drop it, so the
    # check works wherever IT installed the folder.
    $relative = ($Matches[2] -split '/', 2)[1] -replace '/', '\'
    $file = Join-Path $Root $relative
    $count++
    if (-not (Test-Path -LiteralPath $file -PathType Leaf)) {
        Write-Output "MISSING  $relative"; $bad++; continue
    }
    $actual = (Get-FileHash -LiteralPath $file -Algorithm SHA256).Hash.ToLowerInvariant()
    if ($actual -ne $expected) { Write-Output "CHANGED  $relative"; $bad++ }
}
if ($bad -gt 0) { Write-Output "$bad of $count files missing or changed"; exit 1 }
Write-Output "all $count files match SHA256SUMS"
exit 0
