/**
 * E2E harness, part 3 (no browser): talk to the Agents Playground the way its web page does. Fast, for tests
 * that need the real Teams-like round trip (playground → bot → playground's mock connector) but not the UI.
 *
 *   const client = await connectPlaygroundClient(pg);
 *   await client.sendText('/help');                                   // as the current user, personal chat
 *   await client.sendActivity({ type: 'message', text: '/help', locale: 'de-DE' }); // any activity fields
 *   const reply = await client.nextBotMessage();                      // first bot message not yet consumed
 *   reply.attachments?.[0]?.content                                   // e.g. the Adaptive Card
 *   await client.submit(...) / client.invoke(...)                     // card Action.Submit / Action.Execute bodies
 *   client.close();
 *
 * The page's message API always sends locale en-US; `sendActivity` goes through the playground's "custom
 * activity" endpoint instead, which forwards any activity (e.g. another locale) to the bot.
 * Bot messages arrive on the WebSocket /_ws_conversation/v1/conversations/stream (connected before sending).
 */
import type { Playground } from './playground';

export interface BotMessage {
  messageId: string;
  from: { id: string };
  text?: string;
  attachments?: Array<{ contentType: string; content: Record<string, unknown> }>;
  conversationId: string;
  raw: Record<string, unknown>;
}

interface SocketLike {
  onopen: ((event: unknown) => void) | null;
  onmessage: ((event: { data: unknown }) => void) | null;
  onerror: ((event: unknown) => void) | null;
  close: () => void;
}

function openSocket(url: string): SocketLike {
  const native = (globalThis as { WebSocket?: new (url: string) => SocketLike }).WebSocket;
  if (native) return new native(url);
  // Node 20 has WebSocket only behind --experimental-websocket; `ws` (via botframework-streaming) is installed.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const Ws = require('ws') as new (url: string) => SocketLike;
  return new Ws(url);
}

export interface PlaygroundClient {
  sendText: (text: string) => Promise<void>;
  sendActivity: (activity: Record<string, unknown>) => Promise<void>;
  submit: (body: Record<string, unknown>) => Promise<void>;
  invoke: (body: Record<string, unknown>) => Promise<unknown>;
  nextBotMessage: (timeoutMs?: number) => Promise<BotMessage>;
  close: () => void;
}

async function post(url: string, body: unknown): Promise<Response> {
  const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  if (!response.ok) throw new Error(`POST ${url} → ${response.status} ${await response.text()}`);
  return response;
}

export async function connectPlaygroundClient(pg: Playground, conversationId: string = pg.chatId): Promise<PlaygroundClient> {
  const socket = openSocket(`${pg.url.replace(/^http/, 'ws')}/_ws_conversation/v1/conversations/stream`);
  const queue: BotMessage[] = [];
  const waiters: Array<(message: BotMessage) => void> = [];
  socket.onmessage = (event) => {
    const data = JSON.parse(String(event.data)) as { action?: string; actionConversationId?: string; message?: Record<string, unknown> };
    if (data.action !== 'createMessage' || !data.message) return;
    const message = { ...(data.message as unknown as BotMessage), conversationId: data.actionConversationId ?? '', raw: data.message };
    if (message.from?.id !== pg.config.bot.id) return;
    const waiter = waiters.shift();
    if (waiter) waiter(message);
    else queue.push(message);
  };
  await new Promise<void>((resolve, reject) => {
    socket.onopen = () => resolve();
    socket.onerror = (error) => reject(new Error(`WebSocket to the playground failed: ${String(error)}`));
  });
  return {
    sendText: async (text) => {
      await post(`${pg.url}/_conversation/v1/conversations/${conversationId}/messages`, { text, textFormat: 'plain', from: { id: pg.config.currentUser.id } });
    },
    sendActivity: async (activity) => {
      const template = (await (await fetch(`${pg.url}/_internal/v1/customActivities/template?conversationId=${encodeURIComponent(conversationId)}`)).json()) as Record<string, unknown>;
      await post(`${pg.url}/_internal/v1/customActivities`, { ...template, ...activity });
    },
    submit: async (body) => {
      await post(`${pg.url}/_conversation/v1/submit`, body);
    },
    invoke: async (body) => (await post(`${pg.url}/_conversation/v1/invoke`, body)).json(),
    nextBotMessage: (timeoutMs = 15000) => {
      const queued = queue.shift();
      if (queued) return Promise.resolve(queued);
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => {
          waiters.splice(waiters.indexOf(waiter), 1);
          reject(new Error(`no bot message within ${timeoutMs} ms`));
        }, timeoutMs);
        const waiter = (message: BotMessage) => {
          clearTimeout(timer);
          resolve(message);
        };
        waiters.push(waiter);
      });
    },
    close: () => socket.close(),
  };
}
