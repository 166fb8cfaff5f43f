; Inno Setup 6 script: installs the PyInstaller folder (dist\copydesk) for all users of a PC.
; Build on the Windows build PC after `pyinstaller packaging\copydesk.spec` and
; `python packaging\checksums.py write dist\copydesk` (steps in packaging\README.md):
;     iscc packaging\windows\copydesk.iss
; Output: dist\copydesk-<version>-setup.exe. Nothing is downloaded at install or run time.
; Silent install for software distribution: copydesk-<version>-setup.exe /VERYSILENT /NORESTART

#define AppName "copydesk"
#define BundleDir "..\..\dist\copydesk"
#ifndef AppVersion
  ; The version stamped into copydesk.exe by the spec (copydesk/__init__.py __version__).
  #define AppVersion GetVersionNumbersString(AddBackslash(SourcePath) + BundleDir + "\copydesk.exe")
#endif

[Setup]
; Never change AppId: upgrades find the installed version by it.
AppId={{C531811C-7D03-4D1A-9856-5D1254F99882}
AppName={#AppName}
AppVersion={#AppVersion}
AppVerName={#AppName} {#AppVersion}
AppPublisher=copydesk developers
AppCopyright=(c) copydesk developers, Apache-2.0
VersionInfoVersion={#AppVersion}
VersionInfoProductName={#AppName}
VersionInfoProductVersion={#AppVersion}
VersionInfoDescription={#AppName} {#AppVersion} offline installer
; Per-machine: Program Files, Start menu for all users; needs an administrator (IT), and the
; per-user switch is not offered.
PrivilegesRequired=admin
DefaultDirName={autopf}\{#AppName}
DefaultGroupName={#AppName}
DisableProgramGroupPage=yes
UsePreviousAppDir=yes
ArchitecturesAllowed=x64compatible
ArchitecturesInstallIn64BitMode=x64compatible
MinVersion=10.0
SetupIconFile=..\..\assets\icons\copydesk.ico
UninstallDisplayIcon={app}\copydesk-gui.exe
UninstallDisplayName={#AppName} {#AppVersion}
; A running copydesk is closed (after asking) so its files can be replaced.
CloseApplications=yes
RestartApplications=no
OutputDir=..\..\dist
OutputBaseFilename={#AppName}-{#AppVersion}-setup
Compression=lzma2/max
SolidCompression=yes
LZMANumBlockThreads=4
WizardStyle=modern

[Languages]
Name: "en"; MessagesFile: "compiler:Default.isl"

[InstallDelete]
; An upgrade replaces the program folder whole, so no library of the old version lingers. The
; database, settings, logs and model cache live in each user's AppData and are not touched.
Type: filesandordirs; Name: "{app}\_internal"

[Files]
Source: "{#BundleDir}\*"; DestDir: "{app}"; Flags: ignoreversion recursesubdirs createallsubdirs
Source: "..\..\dist\SHA256SUMS"; DestDir: "{app}"; Flags: ignoreversion
Source: "verify-checksums.ps1"; DestDir: "{app}"; Flags: ignoreversion
Source: "..\README.md"; DestDir: "{app}"; DestName: "README-IT.md"; Flags: ignoreversion

[Icons]
Name: "{group}\{#AppName}"; Filename: "{app}\copydesk-gui.exe"; WorkingDir: "{userdocs}"; Comment: "Compliance-first marketing copy"
Name: "{group}\{#AppName} self-test"; Filename: "{cmd}"; Parameters: "/k ""{app}\copydesk.exe"" self-test --all"; WorkingDir: "{userdocs}"; IconFilename: "{app}\copydesk.exe"; Comment: "Check this installation (offline)"
Name: "{group}\Uninstall {#AppName}"; Filename: "{uninstallexe}"

[UninstallDelete]
; Only the program folder. Users' databases and backups stay (see README-IT.md to remove them).
Type: dirifempty; Name: "{app}"
