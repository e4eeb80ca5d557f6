; Inno Setup 6 script: installs dist\reviewer-workstation\ for the current user and
; registers .umcase case files. Build on Windows after `make package` (or
; `python packaging\build.py`):
;
;   iscc packaging\windows\reviewer-app.iss
;
; The version is read from the built reviewer-workstation.exe, whose version resource
; the spec fills from pyproject.toml, so it is written in one place only.

#define AppName "Reviewer Workstation"
#define BundleDir AddBackslash(SourcePath) + "..\..\dist\reviewer-workstation"
#define GuiExe "reviewer-workstation.exe"
#define CliExe "reviewer-app.exe"
#define AppVersion GetStringFileInfo(BundleDir + "\" + GuiExe, "ProductVersion")
#define ProgId "ReviewerWorkstation.Case"

[Setup]
; A fixed AppId: upgrades replace the old install instead of adding a second one.
AppId={{6B0E4C52-3A8F-4B7C-9E55-2D1F0A7C8B31}
AppName={#AppName}
AppVersion={#AppVersion}
AppPublisher=Example Health Plan
VersionInfoVersion={#AppVersion}
DefaultDirName={autopf}\Reviewer Workstation
DefaultGroupName={#AppName}
DisableProgramGroupPage=yes
; Per-user by default (no administrator rights); HKA below follows the choice.
PrivilegesRequired=lowest
PrivilegesRequiredOverridesAllowed=dialog
ArchitecturesAllowed=x64compatible
ArchitecturesInstallIn64BitMode=x64compatible
ChangesAssociations=yes
ChangesEnvironment=yes
OutputDir={#SourcePath}\..\..\dist
OutputBaseFilename=reviewer-workstation-{#AppVersion}-setup
SetupIconFile={#SourcePath}\reviewer-app.ico
UninstallDisplayIcon={app}\{#GuiExe}
Compression=lzma2/max
SolidCompression=yes
WizardStyle=modern

[Tasks]
Name: "desktopicon"; Description: "{cm:CreateDesktopIcon}"; GroupDescription: "{cm:AdditionalIcons}"; Flags: unchecked
Name: "addtopath"; Description: "Add reviewer-app to PATH (command line)"; Flags: unchecked

[Files]
Source: "{#BundleDir}\*"; DestDir: "{app}"; Flags: ignoreversion recursesubdirs createallsubdirs

[Icons]
Name: "{group}\{#AppName}"; Filename: "{app}\{#GuiExe}"
Name: "{autodesktop}\{#AppName}"; Filename: "{app}\{#GuiExe}"; Tasks: desktopicon

[Registry]
; .umcase -> ReviewerWorkstation.Case -> "…\reviewer-workstation.exe" "%1"
; (HKA is HKCU\Software\Classes for a per-user install, HKLM for an all-users one.)
Root: HKA; Subkey: "Software\Classes\.umcase"; ValueType: string; ValueName: ""; ValueData: "{#ProgId}"; Flags: uninsdeletevalue
Root: HKA; Subkey: "Software\Classes\.umcase"; ValueType: string; ValueName: "Content Type"; ValueData: "application/x-umcase"; Flags: uninsdeletevalue
Root: HKA; Subkey: "Software\Classes\.umcase\OpenWithProgids"; ValueType: string; ValueName: "{#ProgId}"; ValueData: ""; Flags: uninsdeletevalue
Root: HKA; Subkey: "Software\Classes\{#ProgId}"; ValueType: string; ValueName: ""; ValueData: "Reviewer Workstation case file"; Flags: uninsdeletekey
Root: HKA; Subkey: "Software\Classes\{#ProgId}\DefaultIcon"; ValueType: string; ValueName: ""; ValueData: """{app}\{#GuiExe}"",0"
Root: HKA; Subkey: "Software\Classes\{#ProgId}\shell\open\command"; ValueType: string; ValueName: ""; ValueData: """{app}\{#GuiExe}"" ""%1"""
Root: HKA; Subkey: "Software\Classes\Applications\{#GuiExe}\SupportedTypes"; ValueType: string; ValueName: ".umcase"; ValueData: ""; Flags: uninsdeletekey
; Optional: the folder holding reviewer-app.exe on the user's PATH.
Root: HKCU; Subkey: "Environment"; ValueType: expandsz; ValueName: "Path"; ValueData: "{olddata};{app}"; Tasks: addtopath; Check: NeedsAddPath(ExpandConstant('{app}'))

[Run]
Filename: "{app}\{#GuiExe}"; Description: "{cm:LaunchProgram,{#AppName}}"; Flags: nowait postinstall skipifsilent

[Code]
function NeedsAddPath(Dir: string): Boolean;
var
  Path: string;
begin
  if not RegQueryStringValue(HKEY_CURRENT_USER, 'Environment', 'Path', Path) then
  begin
    Result := True;
    exit;
  end;
  Result := Pos(';' + Uppercase(Dir) + ';', ';' + Uppercase(Path) + ';') = 0;
end;
