import { readFile } from 'node:fs/promises';
import { Client, Connection, type ConnectionOptions } from '@temporalio/client';
import { NativeConnection, type NativeConnectionOptions } from '@temporalio/worker';
import type { RuntimeConfig } from '../config.ts';

async function tlsOptions(config: RuntimeConfig['temporal']) {
  if (!config.tls) return undefined;
  if (config.tlsCertPath && config.tlsKeyPath) {
    return { clientCertPair: { crt: await readFile(config.tlsCertPath), key: await readFile(config.tlsKeyPath) } };
  }
  return true as const;
}

export async function connectClient(config: RuntimeConfig['temporal']): Promise<Client> {
  const options: ConnectionOptions = { address: config.address };
  const tls = await tlsOptions(config);
  if (tls) options.tls = tls;
  if (config.apiKey) options.apiKey = config.apiKey;
  const connection = await Connection.connect(options);
  return new Client({ connection, namespace: config.namespace });
}

export async function connectWorker(config: RuntimeConfig['temporal']): Promise<NativeConnection> {
  const options: NativeConnectionOptions = { address: config.address };
  const tls = await tlsOptions(config);
  if (tls) options.tls = tls;
  if (config.apiKey) options.apiKey = config.apiKey;
  return NativeConnection.connect(options);
}
