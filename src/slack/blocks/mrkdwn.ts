// Text for Slack's mrkdwn, where `<…>` is a mention or link and `&` starts an entity.

/** A usage as inline code in mrkdwn: `<`, `>` and `&` escaped, or Slack reads `<name>` as a link. */
export const codeUsage = (usage: string) =>
  `\`${usage.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;')}\``
