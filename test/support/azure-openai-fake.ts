/**
 * A loopback stand-in for Azure OpenAI chat completions over HTTPS with a test CA, in the documented wire format
 * (Learn: "Azure OpenAI REST API reference", chat completions: `POST /openai/deployments/{deployment}/chat/completions
 * ?api-version=…`, `api-key` header, `{ id, object: "chat.completion", choices: [{ index, message: { role, content },
 * finish_reason }], usage }`; 401 `{ error: { code: "401", message } }` for a wrong key).
 */
import { createServer, type Server } from 'node:https';
import { makeTestCertificates } from './test-ca';

export interface AzureOpenAiFake {
  endpoint: string;
  caPem: string;
  apiKey: string;
  /** Every request body received. */
  requests: Array<{ path: string; body: { messages: Array<{ role: string; content: string }> } }>;
  /** What the "model" answers: the assistant message content for a user message. */
  answer: (user: string) => string;
  close(): Promise<void>;
}

export async function startAzureOpenAiFake(deployment: string): Promise<AzureOpenAiFake> {
  const certs = makeTestCertificates(['127.0.0.1']);
  const fake: Omit<AzureOpenAiFake, 'endpoint' | 'close'> = { caPem: certs.caPem, apiKey: 'fake-azure-key', requests: [], answer: () => '{"intent":"unknown","confidence":0}' };
  const server: Server = createServer({ key: certs.keyPem, cert: certs.certPem }, (req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const url = new URL(req.url ?? '/', 'https://127.0.0.1');
      const send = (status: number, body: unknown): void => { res.writeHead(status, { 'Content-Type': 'application/json' }); res.end(JSON.stringify(body)); };
      if (req.headers['api-key'] !== fake.apiKey) { send(401, { error: { code: '401', message: 'Access denied due to invalid subscription key or wrong API endpoint.' } }); return; }
      if (req.method !== 'POST' || url.pathname !== `/openai/deployments/${deployment}/chat/completions` || !url.searchParams.get('api-version')) {
        send(404, { error: { code: 'DeploymentNotFound', message: 'The API deployment for this resource does not exist.' } });
        return;
      }
      const body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as AzureOpenAiFake['requests'][number]['body'];
      fake.requests.push({ path: `${url.pathname}${url.search}`, body });
      const user = body.messages.find((m) => m.role === 'user')?.content ?? '';
      send(200, {
        id: 'chatcmpl-fake', object: 'chat.completion', created: Math.floor(Date.now() / 1000), model: 'gpt-4o-mini',
        choices: [{ index: 0, message: { role: 'assistant', content: fake.answer(user) }, finish_reason: 'stop' }],
        usage: { prompt_tokens: 100, completion_tokens: 10, total_tokens: 110 },
      });
    });
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', () => done()));
  return Object.assign(fake as AzureOpenAiFake, {
    endpoint: `https://127.0.0.1:${(server.address() as { port: number }).port}`,
    close: () => new Promise<void>((done) => { server.closeAllConnections(); server.close(() => done()); }),
  });
}
