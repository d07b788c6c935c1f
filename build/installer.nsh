; 六清 — extra NSIS steps, included by electron-builder (electron-builder.yml: nsis.include).
; Uninstall never deletes the station database (deleteAppDataOnUninstall: false), but work that has not
; reached the district would be stranded on a PC about to be wiped or handed on. The app writes
; %APPDATA%\六清\station\unsynced.txt when it closes, only while entries wait (station/delivery/unsynced.ts):
; "3 条修改，最早一条是 2026-11-28 09:30 做的". If it is there, the uninstaller asks first.

; electron-builder's un.onInit runs initMultiUser before customUnInit: $installMode is "all" for a per-machine
; install and "CurrentUser" for a per-user one. Give the uninstaller back the context it chose.
!macro liuqingRestoreContext
  StrCmp $installMode "all" 0 +3
    SetShellVarContext all
    Goto +2
  SetShellVarContext current
!macroend

!macro customUnInit
  ; a per-machine install runs its uninstaller in the "all users" context; the data is the user's
  SetShellVarContext current
  IfFileExists "$APPDATA\六清\station\unsynced.txt" 0 liuqing_unsynced_done
    ; written UTF-16LE with a BOM: FileReadUTF16LE reads Chinese text whatever the PC's ANSI code page
    FileOpen $0 "$APPDATA\六清\station\unsynced.txt" r
    FileReadUTF16LE $0 $1
    FileClose $0
    MessageBox MB_YESNO|MB_ICONEXCLAMATION|MB_DEFBUTTON2 "本机还有没有上传到区里的工作：$1。$\r$\n$\r$\n卸载不会删除本机数据，但请先打开六清同步；网络不通时，在“同步”页写数据包，用 U 盘交给区里。$\r$\n$\r$\n仍要卸载吗？" /SD IDYES IDYES liuqing_unsynced_done
    !insertmacro liuqingRestoreContext
    Abort
  liuqing_unsynced_done:
  !insertmacro liuqingRestoreContext
!macroend

