import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ConfigError, envExample, loadConfig, oidcIssuersOf } from './config.schema';

describe('loadConfig', () => {
  it('applies defaults when nothing is set', () => {
    const config = loadConfig({});
    expect(config.PORT).toBe(3000);
    expect(config.HUB_DATA_DIR).toBe('./.hub-data');
    expect(config.DATABASE_URL).toBeUndefined();
    expect(config.REDIS_URL).toBeUndefined();
    expect(config.HUB_RETENTION_DAYS).toBe(180);
    expect(config.HUB_WEBHOOK_ALLOW_PRIVATE).toBe(false);
    expect(loadConfig({ HUB_WEBHOOK_ALLOW_PRIVATE: 'true' }).HUB_WEBHOOK_ALLOW_PRIVATE).toBe(true);
    expect(config.HUB_BANK_PARTITIONS).toBe(1);
    expect(config.HUB_BANK_PARTITION).toBeUndefined();
    expect(config.HUB_PUBLIC_TRANSPARENCY).toBe(false);
    expect(config.HUB_TRANSPARENCY_DELAY_DAYS).toBe(7);
    expect(loadConfig({ HUB_PUBLIC_TRANSPARENCY: 'true' }).HUB_PUBLIC_TRANSPARENCY).toBe(true);
  });

  it.each([
    [{ PORT: 'abc' }, 'PORT'],
    [{ PORT: '70000' }, 'PORT'],
    [{ DATABASE_URL: 'not a url' }, 'DATABASE_URL'],
    [{ DATABASE_URL: 'mysql://localhost/db' }, 'DATABASE_URL'],
    [{ REDIS_URL: 'http://localhost:6379' }, 'REDIS_URL'],
    [{ LOG_LEVEL: 'loud' }, 'LOG_LEVEL'],
    [{ HUB_BOOTSTRAP_TOKEN: 'short' }, 'HUB_BOOTSTRAP_TOKEN'],
    [{ HUB_PROTOCOL_FILE: '/nowhere/protocols.yaml' }, 'HUB_PROTOCOL_FILE'],
    [{ HUB_RETENTION_DAYS: '0' }, 'HUB_RETENTION_DAYS'],
    [{ HUB_WEBHOOK_ALLOW_PRIVATE: 'maybe' }, 'HUB_WEBHOOK_ALLOW_PRIVATE'],
    [{ HUB_PUBLIC_URL: 'hub.example.eu' }, 'HUB_PUBLIC_URL'],
    [{ OIDC_ISSUER: 'https://idp.example.eu' }, 'OIDC_CLIENT_ID'],
    [{ OIDC_CLIENT_ID: 'hub' }, 'OIDC_ISSUER'],
    [{ OIDC_ISSUERS: '{not json' }, 'OIDC_ISSUERS'],
    [
      { OIDC_ISSUERS: '[{"key":"Bad Key","name":"x","issuer":"https://a.example","clientId":"c"}]' },
      'OIDC_ISSUERS',
    ],
    [{ HUB_SESSION_IDLE_MINUTES: '0' }, 'HUB_SESSION_IDLE_MINUTES'],
    [{ HUB_BANK_PARTITIONS: '3', REDIS_URL: 'redis://127.0.0.1:6379' }, 'HUB_BANK_PARTITIONS'],
    [{ HUB_BANK_PARTITIONS: '512', REDIS_URL: 'redis://127.0.0.1:6379' }, 'HUB_BANK_PARTITIONS'],
    [{ HUB_BANK_PARTITIONS: '2' }, 'REDIS_URL'],
    [
      { HUB_BANK_PARTITIONS: '2', HUB_BANK_PARTITION: '2', REDIS_URL: 'redis://h:6379' },
      'HUB_BANK_PARTITION',
    ],
    [{ HUB_BANK_PARTITION: '0' }, 'HUB_BANK_PARTITION'],
    [{ HUB_PUBLIC_TRANSPARENCY: 'perhaps' }, 'HUB_PUBLIC_TRANSPARENCY'],
    [{ HUB_TRANSPARENCY_DELAY_DAYS: '0' }, 'HUB_TRANSPARENCY_DELAY_DAYS'],
    [{ HUB_TRANSPARENCY_DELAY_DAYS: '2.5' }, 'HUB_TRANSPARENCY_DELAY_DAYS'],
    [{ HUB_TRANSPARENCY_DELAY_DAYS: 'week' }, 'HUB_TRANSPARENCY_DELAY_DAYS'],
  ])('refuses %j naming %s', (env, variable) => {
    expect(() => loadConfig(env)).toThrow(ConfigError);
    expect(() => loadConfig(env)).toThrow(new RegExp(`${variable}:`));
  });

  it('reads valid URLs', () => {
    const config = loadConfig({
      DATABASE_URL: 'postgres://u@127.0.0.1:5432/hub',
      REDIS_URL: 'redis://127.0.0.1:6379',
    });
    expect(config.DATABASE_URL).toBe('postgres://u@127.0.0.1:5432/hub');
    expect(config.REDIS_URL).toBe('redis://127.0.0.1:6379');
  });

  it('reads one issuer from OIDC_ISSUER and more from OIDC_ISSUERS, each key once', () => {
    const more = [
      { key: 'be', name: 'Belgian police', issuer: 'https://idp.be.example', clientId: 'hub-be' },
    ];
    const config = loadConfig({
      OIDC_ISSUER: 'https://login.example.eu/realms/hub',
      OIDC_CLIENT_ID: 'hub',
      OIDC_CLIENT_SECRET: 's3cret',
      OIDC_ISSUERS: JSON.stringify(more),
    });
    expect(oidcIssuersOf(config)).toEqual([
      {
        key: 'default',
        name: 'login.example.eu',
        issuer: 'https://login.example.eu/realms/hub',
        clientId: 'hub',
        clientSecret: 's3cret',
      },
      more[0],
    ]);
    expect(() => loadConfig({ OIDC_ISSUERS: JSON.stringify([...more, ...more]) })).toThrow(
      /OIDC_ISSUERS: the key be is used twice/,
    );
    expect(oidcIssuersOf(loadConfig({}))).toEqual([]);
  });

  it('keeps .env.example in step with the schema', () => {
    const committed = readFileSync(join(__dirname, '../../../../.env.example'), 'utf8');
    expect(committed).toBe(envExample());
  });
});
