// Preload for every Loopchat window. Bundled to CommonJS (out/preload.cjs): a sandboxed
// preload may only require('electron').

import { contextBridge, ipcRenderer } from 'electron';
import { exposeLoopchatBridge } from './preload-bridge';

exposeLoopchatBridge(contextBridge, ipcRenderer);
