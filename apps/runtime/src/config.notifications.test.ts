import { describe, expect, it } from 'vitest';
import { loadNotificationConfig } from './config.ts';

describe('notification settings from the environment', () => {
  it('are off by default: no SMTP, no webhook secret', () => {
    expect(loadNotificationConfig({})).toEqual({});
    expect(loadNotificationConfig({ TRACKWAY_SMTP_URL: '', TRACKWAY_WEBHOOK_SECRET: '' })).toEqual({});
  });

  it('read SMTP with a default sender, and the webhook secret', () => {
    expect(
      loadNotificationConfig({ TRACKWAY_SMTP_URL: 'smtp://u:p@mail.example.test:587', TRACKWAY_WEBHOOK_SECRET: 'x'.repeat(32) }),
    ).toEqual({ smtp: { url: 'smtp://u:p@mail.example.test:587', from: 'Trackway <trackway@localhost>' }, webhookSecret: 'x'.repeat(32) });
  });

  it('refuse a bad URL or a short secret without echoing either', () => {
    const bad = () => loadNotificationConfig({ TRACKWAY_SMTP_URL: 'http://u:hunter2@mail.example.test' });
    expect(bad).toThrow(/TRACKWAY_SMTP_URL: must be an smtp:\/\/ or smtps:\/\/ URL/);
    expect(bad).not.toThrow(/hunter2/);
    const short = () => loadNotificationConfig({ TRACKWAY_WEBHOOK_SECRET: 'tiny-secret' });
    expect(short).toThrow(/TRACKWAY_WEBHOOK_SECRET: must be at least 16 characters/);
    expect(short).not.toThrow(/tiny-secret/);
  });
});
