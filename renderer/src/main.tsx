import { createRoot } from 'react-dom/client';
import './grid/setup';
import './styles.css';
import { App } from './App';
import { getLang } from './i18n';

document.documentElement.lang = getLang();
createRoot(document.getElementById('root')!).render(<App />);
