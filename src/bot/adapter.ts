import { TeamsAdapter } from '@microsoft/teams-ai';
import type { Config } from '../config/config';

/**
 * The Bot Framework adapter (botbuilder's CloudAdapter with ConfigurationBotFrameworkAuthentication, via
 * teams-ai's TeamsAdapter). Without an app id, requests are not authenticated and replies carry no token:
 * that is anonymous local mode, which the config allows only on loopback unless explicitly enabled.
 */
export function createAdapter(bot: Config['bot']): TeamsAdapter {
  return new TeamsAdapter({
    MicrosoftAppId: bot.appId ?? '',
    MicrosoftAppPassword: bot.password ?? '',
    MicrosoftAppType: bot.type,
    MicrosoftAppTenantId: bot.tenantId ?? '',
  });
}
