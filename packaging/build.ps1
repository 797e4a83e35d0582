# Build the one-folder bundle dist\propdesk\ on Windows (propdesk.exe: the window, no console;
# propdesk-cli.exe: the same program for a console), check it, then build the installer if
# Inno Setup 6 is installed.
#   powershell -ExecutionPolicy Bypass -File packaging\build.ps1
# Needs Python 3.11+ (64-bit) from python.org on PATH as "py" or "python".
$ErrorActionPreference = "Stop"
Set-Location (Split-Path -Parent $PSScriptRoot)

$python = ".venv\Scripts\python.exe"
if (-not (Test-Path $python)) {
    if (Get-Command py -ErrorAction SilentlyContinue) { py -3 -m venv .venv } else { python -m venv .venv }
    if ($LASTEXITCODE -ne 0) { throw "cannot create .venv" }
}
& $python -m pip install -q -e ".[bundle]"
if ($LASTEXITCODE -ne 0) { throw "pip install failed" }

& $python -m PyInstaller --noconfirm --clean --log-level WARN `
    --distpath dist --workpath build\pyinstaller packaging\propdesk.spec
if ($LASTEXITCODE -ne 0) { throw "PyInstaller failed" }

# The console twin prints the check; propdesk.exe itself has no console to print to.
& dist\propdesk\propdesk-cli.exe --bundle-check
if ($LASTEXITCODE -ne 0) { throw "bundle check failed" }
& dist\propdesk\propdesk-cli.exe --help | Out-Null
if ($LASTEXITCODE -ne 0) { throw "propdesk-cli --help failed" }
$size = (Get-ChildItem dist\propdesk -Recurse -File | Measure-Object Length -Sum).Sum / 1MB
Write-Host ("built dist\propdesk: {0:N0} MB" -f $size)

$iscc = @(
    "${env:ProgramFiles(x86)}\Inno Setup 6\ISCC.exe",
    "$env:ProgramFiles\Inno Setup 6\ISCC.exe",
    "$env:LOCALAPPDATA\Programs\Inno Setup 6\ISCC.exe"
) | Where-Object { Test-Path $_ } | Select-Object -First 1
if ($iscc) {
    $version = & $python -c "import propdesk; print(propdesk.__version__)"
    & $iscc "/DAppVersion=$version" packaging\propdesk.iss
    if ($LASTEXITCODE -ne 0) { throw "Inno Setup failed" }
    Write-Host "installer: dist\installer\propdesk-setup-$version.exe"
} else {
    Write-Host "Inno Setup 6 not found: install it to build the installer (dist\propdesk is ready)"
}
