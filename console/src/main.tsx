import { createRoot } from 'react-dom/client';
import '../../renderer/src/styles.css';
import './console.css';
import { App } from './App';
import { getLang } from '../../renderer/src/i18n';

document.documentElement.lang = getLang();
createRoot(document.getElementById('root')!).render(<App />);
