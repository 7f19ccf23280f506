import type { BotFrameworkAuthentication, ClaimsIdentity, ConnectorClient, ConnectorFactory, UserTokenClient } from 'botframework-connector';

/** What reuseConnectorClients needs of the adapter: botbuilder's CloudAdapterBase keeps its authentication here. */
interface AdapterWithAuthentication { botFrameworkAuthentication?: BotFrameworkAuthentication }

/**
 * Makes the adapter reuse one ConnectorClient per (app id, serviceUrl, audience) instead of building a new client,
 * credentials lookup and HTTP pipeline on every turn (CloudAdapter's factory does; under the turns bench that was
 * ~10 % of a turn's CPU). A client holds no per-turn state: its credentials cache their token and renew it, and
 * the old BotFrameworkAdapter kept clients per serviceUrl the same way. At most `max` clients (oldest dropped), so
 * made-up serviceUrls cannot grow memory. `prepare` runs once on each new client (e.g. to add a pipeline policy).
 * Mutates `adapter`; call once, before the first turn. Never throws.
 */
export function reuseConnectorClients<A extends object>(
  adapter: A,
  options: { max?: number; prepare?: (client: ConnectorClient) => void } = {},
): A {
  const max = options.max ?? 64;
  const prepare = options.prepare;
  const auth = (adapter as AdapterWithAuthentication).botFrameworkAuthentication;
  if (!auth) return adapter;
  const clients = new Map<string, Promise<ConnectorClient>>();
  const cachingFactory = (factory: ConnectorFactory): ConnectorFactory => {
    // Only botframework-connector's ConnectorFactoryImpl is known to build equal clients for equal keys: its
    // credentials depend on the app id (from the request's claims) and the audience, the rest is the adapter's.
    if (!('credentialFactory' in factory)) return factory;
    const appId = (factory as { appId?: string }).appId ?? '';
    return {
      create(serviceUrl: string, audience?: string): Promise<ConnectorClient> {
        const key = `${appId}\n${serviceUrl}\n${audience ?? ''}`;
        const hit = clients.get(key);
        if (hit) return hit;
        const created = prepare
          ? factory.create(serviceUrl, audience).then((client) => { prepare(client); return client; })
          : factory.create(serviceUrl, audience);
        // A failed creation (credentials) is not kept: the next turn tries again.
        created.catch(() => { if (clients.get(key) === created) clients.delete(key); });
        if (clients.size >= max) clients.delete(clients.keys().next().value!);
        clients.set(key, created);
        return created;
      },
    } as ConnectorFactory;
  };
  const authenticateRequest = auth.authenticateRequest.bind(auth);
  const createConnectorFactory = auth.createConnectorFactory.bind(auth);
  auth.authenticateRequest = async (activity, authHeader) => {
    const result = await authenticateRequest(activity, authHeader);
    return result.connectorFactory ? { ...result, connectorFactory: cachingFactory(result.connectorFactory) } : result;
  };
  auth.createConnectorFactory = (claimsIdentity) => cachingFactory(createConnectorFactory(claimsIdentity));
  reuseUserTokenClients(auth, max);
  return adapter;
}

/**
 * CloudAdapter also builds a UserTokenClient for every turn (credentials plus a TokenApiClient with its own HTTP
 * pipeline: ~3 % of a turn's CPU under the turns bench), though the bot never signs users in. Its inputs are the
 * app id from the request's claims and the authentication's fixed settings (OAuth URL, scope, login URL), so one
 * client per app id serves every turn of that app id; another app id gets its own (or the credential factory's
 * refusal, which is not kept). Bounded like the connector clients.
 */
function reuseUserTokenClients(auth: BotFrameworkAuthentication, max: number): void {
  const clients = new Map<string, Promise<UserTokenClient>>();
  const createUserTokenClient = auth.createUserTokenClient.bind(auth);
  auth.createUserTokenClient = (claimsIdentity) => {
    // No app id claim (anonymous mode) is a key of its own: the factory answers it from its fixed settings alone.
    const appId = appIdOf(claimsIdentity);
    const key = appId === undefined ? '\u0000none' : `app:${appId}`;
    const hit = clients.get(key);
    if (hit) return hit;
    const created = createUserTokenClient(claimsIdentity);
    created.catch(() => { if (clients.get(key) === created) clients.delete(key); });
    if (clients.size >= max) clients.delete(clients.keys().next().value!);
    clients.set(key, created);
    return created;
  };
}

/** The app id botbuilder takes from the claims (botframework-connector's getAppId): `aud`, else `appid`. */
function appIdOf(claimsIdentity: ClaimsIdentity): string | undefined {
  return claimsIdentity.getClaimValue('aud') ?? claimsIdentity.getClaimValue('appid') ?? undefined;
}
