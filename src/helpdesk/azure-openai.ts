/**
 * An optional model for the helpdesk: Azure OpenAI chat completions (Learn: "Azure OpenAI in Azure AI Foundry
 * Models REST API reference", `POST {endpoint}/openai/deployments/{deployment}/chat/completions?api-version=…`,
 * header `api-key`, response `choices[0].message.content`). It only picks an id from the closed set of diagnoses
 * (or `unknown`); every text the person reads still comes from the reviewed catalog. Off unless configured.
 */
import type { HttpJson } from '../proofs/http-json';
import { DIAGNOSES } from './diagnoses';
import type { ModelClassify } from './classifier';

export interface AzureOpenAiOptions {
  /** `https://<resource>.openai.azure.com` */
  endpoint: string;
  deployment: string;
  apiKey: string;
  apiVersion: string;
  http: HttpJson;
}

/** The system prompt: the closed set with one line each, and the only answer shape accepted. Pure. */
export function classificationPrompt(intents: readonly string[]): string {
  const lines = DIAGNOSES.filter((d) => intents.includes(d.id)).map((d) => `- ${d.id}: ${d.title.en}`);
  return [
    'You classify helpdesk questions about the mixed operation of one mail domain between a hosting provider and Microsoft 365.',
    'Answer with a JSON object {"intent": "<id>", "confidence": <0..1>} and nothing else.',
    'intent is exactly one of these ids, or "unknown" when none clearly fits (questions about anything else are "unknown"):',
    ...lines,
  ].join('\n');
}

/** Reads the model's answer; anything but the documented shape with a JSON object inside is `unknown`. Pure. */
export function parseModelAnswer(body: unknown): { intent: string; confidence: number } {
  const content = (body as { choices?: Array<{ message?: { content?: unknown } }> } | undefined)?.choices?.[0]?.message?.content;
  if (typeof content !== 'string') return { intent: 'unknown', confidence: 0 };
  try {
    const parsed = JSON.parse(content) as { intent?: unknown; confidence?: unknown };
    return {
      intent: typeof parsed.intent === 'string' ? parsed.intent : 'unknown',
      confidence: typeof parsed.confidence === 'number' ? parsed.confidence : 0,
    };
  } catch {
    return { intent: 'unknown', confidence: 0 };
  }
}

/** The model as the classifier seam expects it. Rejects on a transport or HTTP failure (the seam falls back). */
export function azureOpenAiClassify(options: AzureOpenAiOptions): ModelClassify {
  const url = `${options.endpoint.replace(/\/$/, '')}/openai/deployments/${encodeURIComponent(options.deployment)}/chat/completions?api-version=${encodeURIComponent(options.apiVersion)}`;
  return async (text, intents) => {
    const result = await options.http({
      method: 'POST',
      url,
      headers: { 'Content-Type': 'application/json', 'api-key': options.apiKey },
      body: JSON.stringify({
        messages: [{ role: 'system', content: classificationPrompt(intents) }, { role: 'user', content: text.slice(0, 4000) }],
        temperature: 0,
        max_tokens: 40,
        response_format: { type: 'json_object' },
      }),
    });
    if (result.kind === 'error') throw new Error(`Azure OpenAI: ${result.reason}`);
    if (result.status !== 200) throw new Error(`Azure OpenAI: HTTP ${result.status}`);
    return parseModelAnswer(result.body);
  };
}
