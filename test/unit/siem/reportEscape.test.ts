import { describe, expect, it } from 'vitest';
import { escapeHtml } from '#siem/report/escape.ts';

describe('the report’s escaping of what attackers sent', () => {
  it('escapes markup in text and attributes alike', () => {
    expect(escapeHtml(`"'><img src=x onerror=alert(1)>\`&`)).toBe(
      '&#34;&#39;&#62;&#60;img src=x onerror=alert(1)&#62;&#96;&#38;',
    );
  });

  it('shows control and text-direction characters as U+FFFD, keeping tabs and newlines', () => {
    expect(escapeHtml('a\u0007b\u001bc\u009bd')).toBe('a\ufffdb\ufffdc\ufffdd');
    // U+202E would show "evil\u202elive" as "evilevil"; U+2066-2069 and the marks likewise
    expect(escapeHtml('evil\u202elive\u2066x\u2069\u200e\u200f\u061c')).toBe(
      'evil\ufffdlive\ufffdx\ufffd\ufffd\ufffd\ufffd',
    );
    expect(escapeHtml('a\tb\nc')).toBe('a\tb\nc');
  });

  it('writes nothing for null and undefined, and numbers as text', () => {
    expect(escapeHtml(null)).toBe('');
    expect(escapeHtml(undefined)).toBe('');
    expect(escapeHtml(12)).toBe('12');
  });
});
