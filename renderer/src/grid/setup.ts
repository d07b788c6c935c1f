// ag-grid once for the whole desk: the modules the grids use (v33+ needs them registered), the theme with
// a CJK font stack, and Chinese text for the grid's own words.
import {
  ModuleRegistry,
  InfiniteRowModelModule,
  TextFilterModule,
  NumberFilterModule,
  CustomFilterModule,
  ColumnAutoSizeModule,
  CellStyleModule,
  RowStyleModule,
  LocaleModule,
  ColumnApiModule,
  themeQuartz,
} from 'ag-grid-community';
import { getLang } from '../i18n';

ModuleRegistry.registerModules([
  InfiniteRowModelModule,
  TextFilterModule,
  NumberFilterModule,
  CustomFilterModule,
  ColumnAutoSizeModule,
  CellStyleModule,
  RowStyleModule,
  LocaleModule,
  // getAllDisplayedColumns / getColumnState: an export takes the columns as the grid shows them
  ColumnApiModule,
]);

export const FONT_STACK =
  '"Noto Sans CJK SC", "Microsoft YaHei", "WenQuanYi Micro Hei", "PingFang SC", sans-serif';

export const gridTheme = themeQuartz.withParams({
  fontFamily: FONT_STACK,
  fontSize: 14,
  headerFontWeight: 600,
  rowHeight: 34,
  headerHeight: 36,
  accentColor: '#1d6fb8',
  headerBackgroundColor: '#eef3f8',
});

const ZH: Record<string, string> = {
  loadingOoo: '正在加载…',
  noRowsToShow: '没有符合条件的记录',
  filterOoo: '筛选…',
  contains: '包含',
  notContains: '不包含',
  equals: '等于',
  notEqual: '不等于',
  startsWith: '开头是',
  endsWith: '结尾是',
  blank: '为空',
  notBlank: '不为空',
  lessThan: '小于',
  greaterThan: '大于',
  lessThanOrEqual: '小于等于',
  greaterThanOrEqual: '大于等于',
  inRange: '介于',
  inRangeStart: '从',
  inRangeEnd: '到',
  andCondition: '并且',
  orCondition: '或者',
  applyFilter: '应用',
  resetFilter: '重置',
  clearFilter: '清除',
  cancelFilter: '取消',
  ariaFilterInput: '筛选条件',
  ariaFilterValue: '筛选值',
  ariaFilteringOperator: '筛选方式',
  columnFilter: '列筛选',
  sortAscending: '升序',
  sortDescending: '降序',
};

export function gridLocale(): Record<string, string> | undefined {
  return getLang() === 'zh-CN' ? ZH : undefined;
}
