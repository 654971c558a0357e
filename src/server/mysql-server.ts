/**
 * The MySQL server: the composition root of the data-node role. It wires configuration → storage
 * catalog → SQL engine → accounts, listens with Bun.listen, enforces max_connections, and runs one
 * Connection per client. `close()` stops accepting, ends every connection (rolling back open
 * transactions) and resolves when they are gone.
 *
 * Storage is the in-memory catalog for now; the LSM engine replaces it behind the same
 * sql/catalog interfaces.
 */

import type { Socket, TCPSocketListener } from "bun";
import { resolve } from "node:path";
import type { Config } from "../config/config.ts";
import { generateRsaKeyPair } from "../protocol/auth-plugins.ts";
import { SqlEngine } from "../sql/sql-engine.ts";
import type { Session } from "../sql/session.ts";
import { connectTimeoutSecondsDefault, waitTimeoutSecondsDefault } from "../constants.ts";
import { systemClock, type Clock } from "../util/clock.ts";
import { DbError } from "../util/errors.ts";
import type { Logger } from "../util/log.ts";
import { cryptoRandom } from "../util/random.ts";
import { ER_CON_COUNT_ERROR, formatErrorMessage } from "../util/mysql-errors.ts";
import { encodeErr } from "../protocol/response-packets.ts";
import { BufferWriter } from "../protocol/buffer-writer.ts";
import { writePacket } from "../protocol/packet-writer.ts";
import { Accounts, type AuthPluginName } from "./accounts.ts";
import { Authenticator, type RsaKeys } from "./authenticator.ts";
import { Connection } from "./connection.ts";
import type { ServerContext } from "./server-context.ts";
import { isLoopbackAddress } from "./loopback.ts";
import { DurableStorage, type StorageSettings } from "./durable-storage.ts";
import { NodeLocalDisk } from "../util/local-disk.ts";

/** The server could not listen (port in use, address not available). */
export class ListenError extends DbError {}

/** How long close() waits for connections to finish their current command. */
const shutdownGraceMs = 5000;

export class MysqlServer {
  readonly #connections = new Map<number, { connection: Connection; done: Promise<void> }>();
  #nextConnectionId = 1;
  #listener: TCPSocketListener<Connection | undefined> | undefined;
  readonly #context: ServerContext;

  private constructor(
    readonly config: Config,
    private readonly logger: Logger,
    clock: Clock,
    private readonly storage: DurableStorage,
  ) {
    const engine = new SqlEngine({
      catalog: storage.catalog,
      clock,
      globalVariables: startupVariables(config, storage),
      replicationLog: storage.replicationLog(),
    });
    engine.statusCounters().addSource(() => storage.statusRows());
    const plugin = authPluginOf(config);
    const accounts = Accounts.withRoot({
      rootPassword: config.rootPassword,
      plugin,
      loopbackOnly: isLoopbackAddress(config.bindAddress),
    });
    let rsaKeys: RsaKeys | undefined;
    const context: ServerContext = {
      engine,
      authenticator: new Authenticator(accounts, () => (rsaKeys ??= generateRsaKeyPair())),
      logger,
      clock,
      random: cryptoRandom,
      defaultAuthPlugin: plugin,
      connectTimeoutSeconds: connectTimeoutSecondsDefault,
      startedAtMs: clock.monotonicMs(),
      maxAllowedPacketBytes: () => numberOr(engine.globalVariable("max_allowed_packet"), config.maxAllowedPacket),
      waitTimeoutSeconds: (session) => waitTimeoutOf(session),
      openConnectionCount: () => this.#connections.size,
      onConnectionClosed: (connection) => {
        this.#connections.delete(connection.id);
      },
    };
    this.#context = context;
    // KILL [CONNECTION] n: the engine marks the session; the server ends the connection.
    engine.onKill((connectionId) => this.#connections.get(connectionId)?.connection.close());
  }

  /** Starts listening. Rejects with ListenError when the address cannot be bound. */
  static async start(config: Config, logger: Logger, clock: Clock = systemClock): Promise<MysqlServer> {
    // Recovery finishes before the port opens: no client ever sees a half-recovered state.
    const storage = await DurableStorage.open(storageSettings(config), {
      disk: new NodeLocalDisk(),
      clock,
      random: cryptoRandom,
      logger,
    });
    try {
      const server = new MysqlServer(config, logger, clock, storage);
      server.#listen();
      return server;
    } catch (error) {
      // A bad start-up variable or a busy port: release the datadir before reporting it.
      await storage.close();
      throw error;
    }
  }

  /** Resolves with the reason when storage can no longer commit; the caller must stop. */
  get fatal(): Promise<string> {
    return this.storage.fatal;
  }

  get port(): number {
    const listener = this.#listener;
    return listener === undefined ? 0 : listener.port;
  }

  #listen(): void {
    const hostname = this.config.bindAddress === "*" ? "0.0.0.0" : this.config.bindAddress;
    try {
      this.#listener = Bun.listen<Connection | undefined>({
        hostname,
        port: this.config.port,
        socket: {
          open: (socket) => this.#onOpen(socket),
          data: (socket, data) => socket.data?.onData(data),
          drain: (socket) => socket.data?.onDrain(),
          close: (socket) => socket.data?.onSocketClosed(),
          error: (socket) => socket.data?.onSocketClosed(),
          timeout: (socket) => {
            socket.end();
          },
        },
      });
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      const code = (error as { code?: string }).code;
      const what = code === "EADDRINUSE" ? "address already in use" : reason;
      throw new ListenError(`cannot listen on ${hostname}:${this.config.port}: ${what}`);
    }
  }

  #onOpen(socket: Socket<Connection | undefined>): void {
    (socket as { setNoDelay?: (on: boolean) => void }).setNoDelay?.(true);
    const id = this.#nextConnectionId++;
    if (this.#connections.size >= this.config.maxConnections) {
      this.#refuse(socket);
      return;
    }
    const connection = new Connection(id, socket, this.#context);
    socket.data = connection;
    const done = connection.run().catch((error: unknown) => {
      // Only bugs reach here (client behaviour is handled inside the connection). An
      // AssertionError means an invariant broke: crash rather than serve possibly wrong data.
      this.logger.error("connection failed", {
        connection_id: id,
        error: error instanceof Error ? (error.stack ?? error.message) : String(error),
      });
      if (error instanceof Error && error.name === "AssertionError") throw error;
    });
    this.#connections.set(id, { connection, done });
  }

  /** ER_CON_COUNT_ERROR as the first packet, then close (as mysqld does). */
  #refuse(socket: Socket<Connection | undefined>): void {
    const payload = new BufferWriter(64);
    encodeErr(payload, ER_CON_COUNT_ERROR.code, ER_CON_COUNT_ERROR.sqlState, formatErrorMessage(ER_CON_COUNT_ERROR.template, []));
    const out = new BufferWriter(96);
    writePacket(out, payload.finish(), 0);
    socket.write(out.finish());
    socket.end();
    this.logger.warn("connection refused: max_connections reached", { max_connections: this.config.maxConnections });
  }

  async close(): Promise<void> {
    this.#listener?.stop(false);
    const running = [...this.#connections.values()];
    for (const { connection } of running) connection.close();
    const all = Promise.allSettled(running.map((entry) => entry.done));
    await Promise.race([all, this.#context.clock.sleep(shutdownGraceMs)]);
    this.#listener?.stop(true);
    this.#listener = undefined;
    await this.storage.close();
  }
}

function authPluginOf(config: Config): AuthPluginName {
  const configured = config.systemVariables.get("default_authentication_plugin");
  return configured === "mysql_native_password" ? "mysql_native_password" : "caching_sha2_password";
}

/** Options that are also system variables, so `SELECT @@port` etc. show the real settings. */
function startupVariables(config: Config, storage: DurableStorage): ReadonlyMap<string, string> {
  const variables = new Map(config.systemVariables);
  variables.set("server_uuid", storage.serverUuid);
  // mysqld shows the datadir absolute, with a trailing slash; @@log_bin_basename derives from it.
  variables.set("datadir", `${resolve(config.datadir)}/`);
  variables.set("port", String(config.port));
  variables.set("max_connections", String(config.maxConnections));
  variables.set("max_allowed_packet", String(config.maxAllowedPacket));
  return variables;
}

function numberOr(value: unknown, fallback: number): number {
  return typeof value === "number" ? value : typeof value === "bigint" ? Number(value) : fallback;
}

function waitTimeoutOf(session: Session | undefined): number {
  if (session === undefined) return waitTimeoutSecondsDefault;
  const value = session.waitTimeout;
  return typeof value === "number" && value > 0 ? value : waitTimeoutSecondsDefault;
}

/** The storage-related part of the configuration. */
function storageSettings(config: Config): StorageSettings {
  return {
    datadir: config.datadir,
    blockCacheBytes: config.blockCacheBytes,
    writeBufferBytes: config.writeBufferBytes,
    durability: config.commitDurability,
    maxBinlogBytes: config.maxBinlogBytes,
    serverId: config.serverId,
    objectStore: {
      provider: config.objectStoreProvider,
      endpoint: config.objectStoreEndpoint,
      region: config.objectStoreRegion,
      bucket: config.objectStoreBucket,
      useHttps: config.objectStoreUseHttps,
      allowUnsafeWrites: config.objectStoreAllowUnsafeWrites,
      credentials: config.objectStoreCredentials,
      persistentCacheBytes: config.persistentCacheBytes,
      persistentCacheDir: config.persistentCacheDir,
    },
    repoObjectstoreId: config.repoObjectstoreId,
    branchObjectstoreId: config.branchObjectstoreId,
    binlogArchivePeriodMs: config.binlogArchivePeriodMs,
    binlogArchiveSliceMaxBytes: config.binlogArchiveSliceMaxBytes,
  };
}
