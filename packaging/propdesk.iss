; Inno Setup 6 script: the Windows installer of propdesk, made from the one-folder bundle
; dist\propdesk\ that packaging\build.ps1 builds (it then runs ISCC on this file when Inno Setup
; 6 is installed):  ISCC.exe /DAppVersion=0.1.0 packaging\propdesk.iss
; -> dist\installer\propdesk-setup-0.1.0.exe
;
; Data: the program keeps its database, backups, logs and propdesk.ini in %APPDATA%\propdesk
; (per Windows user), never under the installation folder. Neither an upgrade nor the
; uninstaller touches that folder: an upgrade replaces the program only, and the new program
; migrates the database on its first start (after a backup copy beside it).
#ifndef AppVersion
  #define AppVersion "0.1.0"
#endif
#define AppName "物业报事报修派工系统"
#define DataFolder "{userappdata}\propdesk"

[Setup]
; The same AppId on every version: a newer installer upgrades the installed program in place.
AppId={{6F2B8C1D-4E7A-4D3B-9A5C-2E8F1B7D3A60}
AppName={#AppName}
AppVersion={#AppVersion}
AppVerName={#AppName} {#AppVersion}
AppPublisher=propdesk
VersionInfoVersion={#AppVersion}
; No administrator needed at a front desk: installs for the current Windows user into
; %LOCALAPPDATA%\Programs\propdesk; an administrator may choose all users instead.
PrivilegesRequired=lowest
PrivilegesRequiredOverridesAllowed=dialog
DefaultDirName={autopf}\propdesk
DefaultGroupName={#AppName}
DisableProgramGroupPage=yes
ArchitecturesAllowed=x64compatible
ArchitecturesInstallIn64BitMode=x64compatible
OutputDir=..\dist\installer
OutputBaseFilename=propdesk-setup-{#AppVersion}
Compression=lzma2
SolidCompression=yes
WizardStyle=modern
UninstallDisplayName={#AppName}
UninstallDisplayIcon={app}\propdesk.exe
; A running copy is closed before its files are replaced (upgrade) or removed.
CloseApplications=yes
RestartApplications=no

[Languages]
; Inno Setup ships no Simplified Chinese messages; the community translation
; ChineseSimplified.isl is used when it was put into Inno Setup's Languages folder.
#if FileExists(CompilerPath + "Languages\ChineseSimplified.isl")
Name: "chinesesimplified"; MessagesFile: "compiler:Languages\ChineseSimplified.isl"
#else
Name: "english"; MessagesFile: "compiler:Default.isl"
#endif

[CustomMessages]
DesktopIcon=在桌面创建快捷方式
Shortcuts=快捷方式：
Launch=启动{#AppName}
DataKept=程序已卸载。工单数据和备份仍保留在：%n%1%n重新安装本程序后会继续使用这些数据；不再需要时可手动删除该文件夹。

[Tasks]
Name: "desktopicon"; Description: "{cm:DesktopIcon}"; GroupDescription: "{cm:Shortcuts}"

[InstallDelete]
; An upgrade replaces the program's own files whole, so that nothing of the old version lingers.
; This is the installation folder only: the data folder is never listed here.
Type: filesandordirs; Name: "{app}\_internal"

[Files]
Source: "..\dist\propdesk\*"; DestDir: "{app}"; Flags: ignoreversion recursesubdirs createallsubdirs

[Dirs]
; Made at installation so that the Start-menu link below finds it; never removed by the
; uninstaller, whatever it holds.
Name: "{#DataFolder}"; Flags: uninsneveruninstall

[Icons]
Name: "{group}\{#AppName}"; Filename: "{app}\propdesk.exe"; WorkingDir: "{app}"
Name: "{group}\数据与备份文件夹"; Filename: "{#DataFolder}"
Name: "{group}\卸载{#AppName}"; Filename: "{uninstallexe}"
Name: "{autodesktop}\{#AppName}"; Filename: "{app}\propdesk.exe"; WorkingDir: "{app}"; Tasks: desktopicon

[Run]
Filename: "{app}\propdesk.exe"; Description: "{cm:Launch}"; Flags: nowait postinstall skipifsilent

; Nothing under [UninstallDelete]: the uninstaller removes only the files it installed.

[Code]
procedure CurUninstallStepChanged(CurUninstallStep: TUninstallStep);
var
  Folder: String;
begin
  Folder := ExpandConstant('{#DataFolder}');
  if (CurUninstallStep = usPostUninstall) and DirExists(Folder) and not UninstallSilent then
    MsgBox(FmtMessage(CustomMessage('DataKept'), [Folder]), mbInformation, MB_OK);
end;
