import type { TurnContext } from 'botbuilder';

/**
 * The command in a message: `/migrate example.com` or `migrate example.com` (Teams strips the slash in
 * some clients, and teams-ai has already removed an @mention). Pure.
 * Returns the lower-case command name and the rest, or null for text that is not a known command form.
 */
export function parseCommand(text: string | undefined): { name: string; args: string } | null {
  const match = /^\s*\/?([a-z][a-z-]*)(?:\s+([\s\S]*?))?\s*$/i.exec(text ?? '');
  if (!match) return null;
  return { name: match[1]!.toLowerCase(), args: (match[2] ?? '').trim() };
}

/**
 * A teams-ai route selector for one command. `takesArgs: false` matches only the bare command, so
 * "help me with DNS" goes to the helpdesk rather than to /help (teams-ai's string selector is a
 * case-insensitive substring match, which would catch it).
 */
export function commandSelector(name: string, takesArgs: boolean): (context: TurnContext) => Promise<boolean> {
  return async (context) => {
    if (context.activity.type !== 'message') return false;
    const command = parseCommand(context.activity.text);
    return command !== null && command.name === name && (takesArgs || command.args === '');
  };
}
