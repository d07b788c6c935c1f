// The application menu in Chinese: only what an assistant at the desk needs (the usual edit shortcuts,
// zoom for small screens). Developer tools appear only in unpackaged (development) runs.
import { Menu, app, dialog, type MenuItemConstructorOptions } from 'electron';

export function menuTemplate(opts: { devTools: boolean; version: string }): MenuItemConstructorOptions[] {
  const view: MenuItemConstructorOptions[] = [
    { label: '重新加载', role: 'reload' },
    { type: 'separator' },
    { label: '实际大小', role: 'resetZoom' },
    { label: '放大', role: 'zoomIn' },
    { label: '缩小', role: 'zoomOut' },
    { type: 'separator' },
    { label: '全屏', role: 'togglefullscreen' },
  ];
  if (opts.devTools) view.push({ type: 'separator' }, { label: '开发者工具', role: 'toggleDevTools' });
  return [
    { label: '文件', submenu: [{ label: '退出', role: 'quit' }] },
    {
      label: '编辑',
      submenu: [
        { label: '撤销', role: 'undo' },
        { label: '重做', role: 'redo' },
        { type: 'separator' },
        { label: '剪切', role: 'cut' },
        { label: '复制', role: 'copy' },
        { label: '粘贴', role: 'paste' },
        { label: '全选', role: 'selectAll' },
      ],
    },
    { label: '视图', submenu: view },
    {
      label: '帮助',
      submenu: [
        {
          label: '关于六清',
          click: () =>
            void dialog.showMessageBox({
              type: 'info',
              title: '关于六清',
              message: `六清 · 社区劳动保障工作站 ${opts.version}`,
              detail: '人力资源信息库与用人单位信息库的社区工作站程序。',
            }),
        },
      ],
    },
  ];
}

export function installMenu(): void {
  Menu.setApplicationMenu(
    Menu.buildFromTemplate(menuTemplate({ devTools: !app.isPackaged, version: app.getVersion() })),
  );
}
