import * as vscode from 'vscode';
import { isWebviewMessage, type HostMessage, type WebviewMessage } from '../protocol';
import { makeNonce, renderWebviewHtml } from '../webviewHtml';
import { Disposable } from './lifecycle';

export const CHAT_VIEW_ID = 'lore.chat';

const QUEUED_UNTIL_READY = new Set<HostMessage['type']>(['prefill', 'pullProgress']);

/**
 * The sidebar chat's webview: HTML under a strict CSP, messages validated on the way in, and posts
 * queued until the webview says it is ready (ARCHITECTURE.md, "src/vscode/"). What the messages mean is the
 * ChatController's business.
 */
export class ChatViewProvider extends Disposable implements vscode.WebviewViewProvider {
  private view: vscode.WebviewView | undefined;
  private ready = false;
  private queue: HostMessage[] = [];
  private readonly received = this.register(new vscode.EventEmitter<WebviewMessage>());
  /** Messages from the webview, already validated. */
  readonly onMessage = this.received.event;
  private readonly becameReady = this.register(new vscode.EventEmitter<void>());
  /** The webview (re)loaded and wants the full state. */
  readonly onReady = this.becameReady.event;
  private readonly posted = this.register(new vscode.EventEmitter<HostMessage>());
  /** Every message the host posts (delivered, queued or dropped); lets tests watch the stream. */
  readonly onDidPost = this.posted.event;

  constructor(
    private readonly extensionUri: vscode.Uri,
    private readonly log: vscode.LogOutputChannel,
  ) {
    super();
  }

  resolveWebviewView(view: vscode.WebviewView): void {
    this.view = view;
    this.ready = false;
    const dist = vscode.Uri.joinPath(this.extensionUri, 'dist');
    const media = vscode.Uri.joinPath(this.extensionUri, 'media');
    view.webview.options = { enableScripts: true, enableCommandUris: false, localResourceRoots: [dist, media] };
    view.webview.html = renderWebviewHtml({
      cspSource: view.webview.cspSource,
      nonce: makeNonce(),
      scriptUri: view.webview.asWebviewUri(vscode.Uri.joinPath(dist, 'webview.js')).toString(),
      styleUri: view.webview.asWebviewUri(vscode.Uri.joinPath(media, 'chat.css')).toString(),
      lang: vscode.env.language,
    });
    const sub = view.webview.onDidReceiveMessage((msg: unknown) => {
      if (!isWebviewMessage(msg)) {
        this.log.warn('Ignored a malformed message from the chat view');
        return;
      }
      if (msg.type === 'ready') {
        this.ready = true;
        this.becameReady.fire();
        this.flush();
        return;
      }
      this.received.fire(msg);
    });
    view.onDidDispose(() => {
      sub.dispose();
      this.view = undefined;
      this.ready = false;
    });
  }

  /**
   * Posts now when the webview is ready. Before that, only messages that `init` does not carry are
   * queued (a prefilled selection, pull progress): `init` is built from the controller's full state
   * on `ready`, so replaying turn deltas as well would show them twice.
   */
  post(msg: HostMessage): void {
    this.posted.fire(msg);
    if (this.view && this.ready) void this.view.webview.postMessage(msg);
    else if (QUEUED_UNTIL_READY.has(msg.type)) this.queue.push(msg);
  }

  /** Brings the view into sight (opening the Lore container if needed). */
  async reveal(): Promise<void> {
    if (this.view) this.view.show(true);
    else await vscode.commands.executeCommand(`${CHAT_VIEW_ID}.focus`);
  }

  get visible(): boolean {
    return this.view?.visible ?? false;
  }

  private flush(): void {
    const pending = this.queue;
    this.queue = [];
    for (const m of pending) void this.view?.webview.postMessage(m);
  }
}
