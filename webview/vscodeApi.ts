/** Typed access to the VS Code webview API (`acquireVsCodeApi` may be called only once). */
import type { WebviewMessage } from '../src/protocol';

interface RawApi {
  postMessage(message: unknown): void;
  getState(): unknown;
  setState(state: unknown): void;
}

declare function acquireVsCodeApi(): RawApi;

export interface HostApi<S> {
  post(message: WebviewMessage): void;
  /** The state saved by `saveState`, or undefined (never saved, or from an older version). */
  loadState(isValid: (s: unknown) => s is S): S | undefined;
  saveState(state: S): void;
}

export function connectHost<S>(): HostApi<S> {
  const api = acquireVsCodeApi();
  return {
    post: (message) => api.postMessage(message),
    loadState: (isValid) => {
      const s = api.getState();
      return isValid(s) ? s : undefined;
    },
    saveState: (state) => api.setState(state),
  };
}
