/**
 * The helpdesk's optional language model (Azure OpenAI), off by default: the deterministic matcher answers alone
 * unless all three of endpoint, deployment and key are set.
 */
export interface HelpdeskModelConfig {
  readonly endpoint: string;
  readonly deployment: string;
  readonly apiKey: string;
  readonly apiVersion: string;
}

export const HELPDESK_MODEL_VARIABLES: ReadonlyArray<{ name: string; default: string; description: string }> = [
  { name: 'COEXIST_AZURE_OPENAI_ENDPOINT', default: '(empty: no model)', description: 'https://<resource>.openai.azure.com: lets a language model place a helpdesk question the matcher answers "no diagnosis" for, among the closed set of diagnoses only; the card says so. Needs the deployment and key too.' },
  { name: 'COEXIST_AZURE_OPENAI_DEPLOYMENT', default: '(empty)', description: 'Name of the chat model deployment in that resource.' },
  { name: 'COEXIST_AZURE_OPENAI_KEY', default: '(empty)', description: 'API key of that resource (keep it in env/.env.<env>.user).' },
  { name: 'COEXIST_AZURE_OPENAI_API_VERSION', default: '2024-10-21', description: 'Azure OpenAI REST API version.' },
];

/** Validates the model settings. Pure; pushes one message per problem. */
export function parseHelpdeskModel(env: Readonly<Record<string, string | undefined>>, errors: string[]): HelpdeskModelConfig | undefined {
  const get = (name: string): string | undefined => { const v = env[name]?.trim(); return v ? v : undefined; };
  const endpoint = get('COEXIST_AZURE_OPENAI_ENDPOINT');
  const deployment = get('COEXIST_AZURE_OPENAI_DEPLOYMENT');
  const apiKey = get('COEXIST_AZURE_OPENAI_KEY');
  const apiVersion = get('COEXIST_AZURE_OPENAI_API_VERSION') ?? '2024-10-21';
  if (endpoint === undefined && deployment === undefined && apiKey === undefined) return undefined;
  if (endpoint === undefined || deployment === undefined || apiKey === undefined) {
    errors.push('COEXIST_AZURE_OPENAI_ENDPOINT, _DEPLOYMENT and _KEY go together: set all three for the helpdesk\'s optional model, or none.');
    return undefined;
  }
  let https = false;
  try { https = new URL(endpoint).protocol === 'https:'; } catch { https = false; }
  if (!https) errors.push(`COEXIST_AZURE_OPENAI_ENDPOINT=${endpoint} is not an https URL: use https://<resource>.openai.azure.com.`);
  if (!/^[\w.-]{1,64}$/.test(deployment)) errors.push(`COEXIST_AZURE_OPENAI_DEPLOYMENT=${deployment} is not a deployment name (letters, digits, - _ .).`);
  if (!/^\d{4}-\d{2}-\d{2}(?:-preview)?$/.test(apiVersion)) errors.push(`COEXIST_AZURE_OPENAI_API_VERSION=${apiVersion} is not an API version such as 2024-10-21.`);
  return { endpoint, deployment, apiKey, apiVersion };
}
