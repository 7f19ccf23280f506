import { TeamsAdapter } from '@microsoft/teams-ai';
import type { Config } from '../config/config';
import { reuseConnectorClients } from './connector-client-cache';
import { addConnectorDeadline, type ConnectorDeadline } from '../http/connector-deadline';

/**
 * The Bot Framework adapter (botbuilder's CloudAdapter with ConfigurationBotFrameworkAuthentication, via
 * teams-ai's TeamsAdapter). Without an app id, requests are not authenticated and replies carry no token:
 * that is anonymous local mode, which the config allows only on loopback unless explicitly enabled.
 * Every call to the Bot Connector has a deadline (`connectorDeadline`, default 3 s per attempt, 5 s with retries).
 * Connector clients are reused per serviceUrl (./connector-client-cache), not rebuilt per turn.
 */
export function createAdapter(bot: Config['bot'], connectorDeadline: ConnectorDeadline = {}): TeamsAdapter {
  return reuseConnectorClients(new TeamsAdapter({
    MicrosoftAppId: bot.appId ?? '',
    MicrosoftAppPassword: bot.password ?? '',
    MicrosoftAppType: bot.type,
    MicrosoftAppTenantId: bot.tenantId ?? '',
  }), { prepare: (client) => { addConnectorDeadline(client, connectorDeadline); } });
}
