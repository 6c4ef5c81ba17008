import * as vscode from 'vscode';
import { readSettings, type LoreSettings } from '../settings';

/** The current `lore.*` settings from the workspace configuration. */
export function currentSettings(): LoreSettings {
  const cfg = vscode.workspace.getConfiguration('lore');
  return readSettings((key) => cfg.get(key));
}
