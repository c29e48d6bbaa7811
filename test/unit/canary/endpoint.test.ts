import { describe, expect, it } from 'vitest';
import { resolveBaseUrl } from '#lib/canary/endpoint.ts';
import { CredentialsSchema } from '#lib/model/credentials.ts';

describe('resolveBaseUrl', () => {
  it('builds the console URL from a domain hash', () => {
    expect(resolveBaseUrl({ domainHash: 'AB12cd34' })).toBe('https://ab12cd34.canary.tools/api/v1');
  });

  it.each([
    ['https://ab12cd34.canary.tools', 'https://ab12cd34.canary.tools/api/v1'],
    ['https://ab12cd34.canary.tools/api/v1/', 'https://ab12cd34.canary.tools/api/v1'],
    ['http://127.0.0.1:8080', 'http://127.0.0.1:8080/api/v1'],
    ['http://localhost:9000/api/v1', 'http://localhost:9000/api/v1'],
    ['http://[::1]:9000', 'http://[::1]:9000/api/v1'],
  ])('accepts %s', (baseUrl, expected) => {
    expect(resolveBaseUrl({ baseUrl })).toBe(expected);
  });

  it('accepts an https host only when the console lists it', () => {
    expect(() => resolveBaseUrl({ baseUrl: 'https://canary.example.com' })).toThrow(/allowedHosts/);
    expect(resolveBaseUrl({ baseUrl: 'https://canary.example.com' }, ['canary.example.com'])).toBe(
      'https://canary.example.com/api/v1',
    );
  });

  it.each([
    ['http://10.0.0.5:8080', /loopback/],
    ['http://ab12cd34.canary.tools', /loopback/],
    ['ftp://ab12cd34.canary.tools', /https/],
    ['https://evilcanary.tools.attacker.net', /allowedHosts/],
    ['https://user:pw@ab12cd34.canary.tools', /credentials/],
    ['ftp://user:pw@10.0.0.5', /credentials/],
    ['https://ab12cd34.canary.tools/?auth_token=x', /query/],
    ['not a url', /valid URL/],
  ])('refuses %s with HOST_NOT_ALLOWED', (baseUrl, message) => {
    expect(() => resolveBaseUrl({ baseUrl })).toThrow(message);
    try {
      resolveBaseUrl({ baseUrl });
    } catch (error) {
      expect((error as { code: string }).code).toBe('HOST_NOT_ALLOWED');
      // never the user:pass@ part or the query it refuses
      expect((error as Error).message).not.toMatch(/pw@|auth_token=x/);
    }
  });
});

describe('CredentialsSchema', () => {
  it('needs exactly one of domainHash and baseUrl, and a token', () => {
    expect(CredentialsSchema.safeParse({ domainHash: 'ab12cd34', authToken: 't' }).success).toBe(true);
    expect(
      CredentialsSchema.safeParse({
        domainHash: 'ab12cd34',
        baseUrl: 'https://x.canary.tools',
        authToken: 't',
      }).success,
    ).toBe(false);
    expect(CredentialsSchema.safeParse({ authToken: 't' }).success).toBe(false);
    expect(CredentialsSchema.safeParse({ domainHash: 'ab12cd34' }).success).toBe(false);
    expect(CredentialsSchema.safeParse({ domainHash: 'ab12cd34.canary.tools', authToken: 't' }).success).toBe(
      false,
    );
  });
});
