; Inno Setup 6 script for Branch Capture Kiosk on Windows 10/11 (x64).
;
; Build on Windows, from the checkout, after the PyInstaller bundle
; (python packaging\pyinstaller\build -> dist\bundle\kiosk\kiosk.exe):
;     iscc /DAppVersion=0.1.0 packaging\windows\branch-kiosk.iss
; Output: dist\branch-kiosk-<version>-setup.exe
;
; Installs the one-folder bundle to Program Files, a data folder in ProgramData (the outbox,
; kept on uninstall), a config template there (never overwritten), KIOSK_CONFIG for every
; account, and Start menu shortcuts. NOT TESTED IN CI: nothing here runs on Windows.

#ifndef AppVersion
  #define AppVersion "0.1.0"
#endif
#define AppName "Branch Capture Kiosk"
#define DataDir "{commonappdata}\BranchKiosk"

[Setup]
AppId={{6B2D6F3E-0C4B-4E0B-9D3A-2F6E8C1B7A41}
AppName={#AppName}
AppVersion={#AppVersion}
AppPublisher=Branch Capture Kiosk maintainers
DefaultDirName={autopf}\{#AppName}
DefaultGroupName={#AppName}
DisableProgramGroupPage=yes
OutputDir=..\..\dist
OutputBaseFilename=branch-kiosk-{#AppVersion}-setup
Compression=lzma2/max
SolidCompression=yes
ArchitecturesAllowed=x64compatible
ArchitecturesInstallIn64BitMode=x64compatible
MinVersion=10.0
PrivilegesRequired=admin
ChangesEnvironment=yes
UninstallDisplayIcon={app}\kiosk.exe
CloseApplications=yes

[Dirs]
; The outbox holds customers' images (encrypted) and the device key. Inno's Permissions:
; only adds entries to what the folder inherits from ProgramData (where every user may read
; and create files), so the access is set with icacls in [Run] instead.
Name: "{#DataDir}"; Flags: uninsneveruninstall
Name: "{#DataDir}\data"; Flags: uninsneveruninstall

[Files]
Source: "..\..\dist\bundle\kiosk\*"; DestDir: "{app}"; Flags: ignoreversion recursesubdirs createallsubdirs
Source: "config.toml"; DestDir: "{#DataDir}"; Flags: onlyifdoesntexist uninsneveruninstall
Source: "shell-launcher.xml"; DestDir: "{app}\kiosk-mode"; Flags: ignoreversion
Source: "assigned-access.xml"; DestDir: "{app}\kiosk-mode"; Flags: ignoreversion

[Registry]
; Every account, the kiosk account included, reads the ProgramData config.
Root: HKLM; Subkey: "SYSTEM\CurrentControlSet\Control\Session Manager\Environment"; \
    ValueType: string; ValueName: "KIOSK_CONFIG"; ValueData: "{#DataDir}\config.toml"; \
    Flags: uninsdeletevalue

[Icons]
Name: "{group}\{#AppName}"; Filename: "{app}\kiosk.exe"; Parameters: "run"
Name: "{group}\Check the configuration"; Filename: "{cmd}"; \
    Parameters: "/k ""{app}\kiosk.exe"" config check"
Name: "{group}\Queue status"; Filename: "{cmd}"; \
    Parameters: "/k ""{app}\kiosk.exe"" queue status"

[Run]
; Administrators (S-1-5-32-544) and SYSTEM (S-1-5-18) only, by SID so that it holds on every
; Windows language: /inheritance:r drops what ProgramData passes down, /grant:r replaces any
; explicit grant. The data folder inherits this; config.toml (it holds the API secrets) gets
; its own. The kiosk account is granted afterwards (packaging/windows/README.md, step 2).
Filename: "{sys}\icacls.exe"; \
    Parameters: """{#DataDir}"" /inheritance:r /grant:r *S-1-5-32-544:(OI)(CI)F *S-1-5-18:(OI)(CI)F"; \
    Flags: runhidden waituntilterminated
Filename: "{sys}\icacls.exe"; \
    Parameters: """{#DataDir}\config.toml"" /inheritance:r /grant:r *S-1-5-32-544:F *S-1-5-18:F"; \
    Flags: runhidden waituntilterminated
Filename: "{app}\kiosk.exe"; Parameters: "--version"; Flags: runhidden waituntilterminated
