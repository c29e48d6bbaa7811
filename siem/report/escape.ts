/**
 * Text for HTML: the report shows what attackers sent (addresses, user names, memos, messages), so
 * every value goes through here, in element text and in attribute values alike. Control characters
 * (a terminal escape in a user name) and text-direction controls (U+202E shows "evil" as "live") show
 * as U+FFFD rather than reach the page.
 */
export function escapeHtml(value: unknown): string {
  return (
    String(value ?? '')
      // biome-ignore lint/suspicious/noControlCharactersInRegex: replacing them is the point
      .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f]/g, '\ufffd')
      // and the direction controls, with which a name could show other text than it holds
      .replace(/[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/g, '\ufffd')
      .replace(/[&<>"'`]/g, (c) => `&#${c.charCodeAt(0)};`)
  );
}
