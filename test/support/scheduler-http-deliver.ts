/**
 * `deliver` over the Bot Connector REST API with plain fetch, for the scheduler's tests and multi-process worker
 * (the product sends through the bot's adapter instead). Same paths as botframework-connector: POST
 * `v3/conversations/{id}/activities` to send, PUT `…/activities/{activityId}` to update a card in place.
 */
import type { Deliver, DeliveryResult, OutgoingMessage } from '../../src/scheduler/ports';

interface ReferenceShape { serviceUrl: string; conversation: { id: string } }

function isReference(value: unknown): value is ReferenceShape {
  const r = value as ReferenceShape;
  return typeof r === 'object' && r !== null && typeof r.serviceUrl === 'string' && typeof r.conversation?.id === 'string';
}

function activityOf(message: OutgoingMessage): Record<string, unknown> {
  return message.type === 'text'
    ? { type: 'message', text: message.text }
    : { type: 'message', attachments: [{ contentType: 'application/vnd.microsoft.card.adaptive', content: message.card }] };
}

/** Builds a `deliver` that talks HTTP to `reference.serviceUrl`. Resolves, never rejects. */
export function createHttpDeliver(options: { timeoutMs?: number } = {}): Deliver {
  const timeoutMs = options.timeoutMs ?? 10_000;

  async function call(method: string, url: string, body: unknown): Promise<DeliveryResult & { status?: number }> {
    let response: Response;
    try {
      response = await fetch(url, {
        method, headers: { 'content-type': 'application/json' }, body: JSON.stringify(body), signal: AbortSignal.timeout(timeoutMs),
      });
    } catch (error) {
      const code = (error as { cause?: { code?: string } }).cause?.code;
      // Refused or unresolvable: the request never left, so a retry cannot duplicate it.
      const notDelivered = code === 'ECONNREFUSED' || code === 'ENOTFOUND' || code === 'EAI_AGAIN';
      return { kind: 'failed', notDelivered, detail: `${method} ${url}: ${code ?? (error as Error).message}` };
    }
    const text = await response.text();
    if (response.ok) {
      let id: string | undefined;
      try { id = (JSON.parse(text) as { id?: string }).id; } catch { id = undefined; }
      return { kind: 'sent', ...(id ? { activityId: id } : {}), status: response.status };
    }
    if (response.status === 403) return { kind: 'gone', status: 403, detail: text.slice(0, 200) };
    // Throttling and unavailability are answered before the activity is accepted (Bot Connector docs).
    const notDelivered = response.status === 429 || response.status === 503;
    return { kind: 'failed', notDelivered, detail: `HTTP ${response.status} ${text.slice(0, 200)}`, status: response.status };
  }

  return async (reference, message) => {
    if (!isReference(reference)) {
      return { kind: 'failed', notDelivered: true, detail: 'stored conversation reference has no serviceUrl/conversation.id' };
    }
    const base = `${reference.serviceUrl.replace(/\/?$/, '/')}v3/conversations/${encodeURIComponent(reference.conversation.id)}/activities`;
    if (message.type === 'card' && message.replaceActivityId) {
      const updated = await call('PUT', `${base}/${encodeURIComponent(message.replaceActivityId)}`, { ...activityOf(message), id: message.replaceActivityId });
      // Teams sometimes no longer knows the activity: post the card as a new message instead.
      if (updated.kind !== 'failed' || updated.status !== 404) {
        const { status: _s, ...result } = updated;
        return result as DeliveryResult;
      }
    }
    const { status: _s, ...result } = await call('POST', base, activityOf(message));
    return result as DeliveryResult;
  };
}
