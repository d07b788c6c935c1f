// The uninstaller's own script (build/installer.nsh) compiled for real with NSIS (Debian's makensis, the
// compiler electron-builder drives), inside a stand-in for electron-builder's uninstaller: Unicode, the
// `$installMode` that its initMultiUser sets, customUnInit inserted in un.onInit. Warnings are errors, as a
// stray label or an unknown instruction would otherwise only show on a Windows PC being uninstalled.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';

const root = join(import.meta.dirname, '../..');
const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

function standIn(installNsh: string, outFile: string): string {
  return [
    'Unicode true',
    'SetCompress off', // so the test can find the uninstaller's text in the file
    'Var installMode',
    `!include "${installNsh}"`,
    `OutFile "${outFile}"`,
    'InstallDir "$LOCALAPPDATA\\Programs\\liuqing"',
    'RequestExecutionLevel user',
    'Function un.onInit',
    '  StrCpy $installMode CurrentUser',
    '  SetShellVarContext current',
    '  !insertmacro customUnInit',
    'FunctionEnd',
    'Section "Uninstall"',
    '  Delete "$INSTDIR\\uninstall.exe"',
    'SectionEnd',
    'Section "main"',
    '  SetOutPath $INSTDIR',
    '  WriteUninstaller "$INSTDIR\\uninstall.exe"',
    'SectionEnd',
    '',
  ].join('\r\n');
}

describe('the uninstaller script', () => {
  it('compiles with NSIS inside electron-builder’s uninstall hook, without a warning', () => {
    const dir = mkdtempSync(join(tmpdir(), 'liuqing-nsis-'));
    dirs.push(dir);
    const nsh = join(root, 'build', 'installer.nsh');
    const nsi = join(dir, 'stand-in.nsi');
    const exe = join(dir, 'stand-in.exe');
    writeFileSync(nsi, '\ufeff' + standIn(nsh, exe), 'utf8');
    const out = execFileSync('makensis', ['-V2', '-WX', '-INPUTCHARSET', 'UTF8', nsi], { encoding: 'utf8' });
    expect(out).not.toMatch(/warning/i);
    expect(existsSync(exe)).toBe(true);
    // the Chinese question is carried as UTF-16 inside the installer, not as mojibake
    const bytes = readFileSync(exe);
    expect(bytes.includes(Buffer.from('仍要卸载吗', 'utf16le'))).toBe(true);
  });

  it('gives the uninstaller back the install mode’s context on both paths', () => {
    const script = readFileSync(join(root, 'build', 'installer.nsh'), 'utf8');
    const body = script.slice(script.indexOf('!macro customUnInit'));
    // every way out of customUnInit restores the context electron-builder chose; none forces "all users"
    expect(body.match(/!insertmacro liuqingRestoreContext/g)).toHaveLength(2);
    expect(body).not.toMatch(/SetShellVarContext all/);
  });
});
