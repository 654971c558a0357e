import { describe, expect, it } from "vitest";
import { serverVersion } from "../constants.ts";
import { ConfigError } from "../util/errors.ts";
import { configDefaults, type Config } from "./config.ts";
import { loadConfig, type Environment, type LoadResult } from "./load-config.ts";
import { memoryOptionFileSystem } from "./memory-option-file-system.ts";

const systemVariables = new Set([
  "sql_mode",
  "autocommit",
  "character_set_server",
  "collation_server",
  "time_zone",
  "lower_case_table_names",
  "innodb_lock_wait_timeout",
  "wait_timeout",
  "transaction_isolation",
  "skip_name_resolve",
  "max_connections",
  "port",
]);

function load(
  argv: readonly string[],
  env: Environment = {},
  files: Readonly<Record<string, string>> = {},
): LoadResult {
  const fileSystem = memoryOptionFileSystem(files);
  return loadConfig(argv, env, fileSystem.readTextFile, fileSystem.listDirectory, (name) =>
    systemVariables.has(name),
  );
}

function config(
  argv: readonly string[],
  env: Environment = {},
  files: Readonly<Record<string, string>> = {},
): Config {
  const result = load(argv, env, files);
  if (result.kind !== "run") throw new Error(`expected a run result, got ${result.kind}`);
  return result.config;
}

function errorOf(action: () => unknown): string {
  try {
    action();
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as Error).message;
  }
  throw new Error("expected a ConfigError");
}

describe("loadConfig: defaults and fields", () => {
  it("uses the defaults table when nothing is given, and freezes the result", () => {
    const result = config([]);
    expect(result).toEqual({ ...configDefaults, systemVariables: new Map() });
    expect(result.port).toBe(3306);
    expect(result.bindAddress).toBe("127.0.0.1");
    expect(result.datadir).toBe("./data");
    expect(result.maxConnections).toBe(151);
    expect(result.maxAllowedPacket).toBe(64 * 1024 * 1024);
    expect(result.logLevel).toBe("info");
    expect(result.rootPassword).toBe("");
    expect(result.defaultsFile).toBeUndefined();
    expect(Object.isFrozen(result)).toBe(true);
  });

  it("sets every field from the command line", () => {
    const result = config([
      "--port=0",
      "--bind-address=::1",
      "--datadir=/var/lib/wesql",
      "--max-connections=20",
      "--max-allowed-packet=16M",
      "--log-level=debug",
    ]);
    expect(result).toMatchObject({
      port: 0,
      bindAddress: "::1",
      datadir: "/var/lib/wesql",
      maxConnections: 20,
      maxAllowedPacket: 16 * 1024 * 1024,
      logLevel: "debug",
    });
  });

  it("treats - and _ alike and ignores case in option names, everywhere", () => {
    const files = { "/my.cnf": "[mysqld]\nMax-Allowed_Packet = 64K\nBIND_address=localhost\n" };
    const result = config(
      ["--defaults-file=/my.cnf", "--MAX_connections=7", "--Sql-Mode=ANSI"],
      {},
      files,
    );
    expect(result.maxAllowedPacket).toBe(64 * 1024);
    expect(result.bindAddress).toBe("localhost");
    expect(result.maxConnections).toBe(7);
    expect(result.systemVariables.get("sql_mode")).toBe("ANSI");
  });
});

describe("loadConfig: system variables", () => {
  it("collects system variables from files and argv under their canonical names", () => {
    const files = {
      "/my.cnf": [
        "[mysqld]",
        "character-set-server = utf8mb4",
        "collation_server=utf8mb4_0900_ai_ci",
        "default-time-zone = '+00:00'",
        "lower_case_table_names = 1",
        "innodb_lock_wait_timeout = 5",
        "skip-name-resolve",
      ].join("\n"),
    };
    const argv = [
      "--defaults-file=/my.cnf",
      "--wait-timeout",
      "60",
      "--transaction-isolation=READ-COMMITTED",
    ];
    expect([...config(argv, {}, files).systemVariables]).toEqual([
      ["character_set_server", "utf8mb4"],
      ["collation_server", "utf8mb4_0900_ai_ci"],
      // mysqld's --default-time-zone sets the global time_zone.
      ["time_zone", "+00:00"],
      ["lower_case_table_names", "1"],
      ["innodb_lock_wait_timeout", "5"],
      // A variable really named skip_name_resolve is set, not read as "name_resolve OFF".
      ["skip_name_resolve", "ON"],
      ["wait_timeout", "60"],
      ["transaction_isolation", "READ-COMMITTED"],
    ]);
  });

  it("switches booleans with bare names and skip-/disable-/enable- prefixes", () => {
    expect(config(["--autocommit"]).systemVariables.get("autocommit")).toBe("ON");
    expect(config(["--skip-autocommit"]).systemVariables.get("autocommit")).toBe("OFF");
    expect(config(["--disable-autocommit"]).systemVariables.get("autocommit")).toBe("OFF");
    expect(config(["--enable-autocommit"]).systemVariables.get("autocommit")).toBe("ON");
    expect(config(["--autocommit=0"]).systemVariables.get("autocommit")).toBe("0");
    const files = { "/my.cnf": "[mysqld]\nskip_autocommit\n" };
    expect(config(["--defaults-file=/my.cnf"], {}, files).systemVariables.get("autocommit")).toBe(
      "OFF",
    );
  });

  it("gives Config fields precedence over variables of the same name", () => {
    const result = config(["--max-connections=9", "--port=4000"]);
    expect(result.maxConnections).toBe(9);
    expect(result.port).toBe(4000);
    expect(result.systemVariables.size).toBe(0);
  });

  it("ignores unknown loose- options on the command line and in files", () => {
    const files = { "/my.cnf": "[mysqld]\nloose-no-such-plugin = 1\nloose_port = 3310\n" };
    const result = config(["--defaults-file=/my.cnf", "--loose-other-thing"], {}, files);
    expect(result.port).toBe(3310);
    expect(result.systemVariables.size).toBe(0);
  });
});

describe("loadConfig: precedence", () => {
  const files = {
    "/main.cnf":
      "[mysqld]\nport=1001\ndatadir=/from-main\nmax_connections=11\nlog_level=warn\nsql_mode=A\n",
    "/extra.cnf": "[mysqld]\nport=1002\ndatadir=/from-extra\nmax_connections=12\n",
    "/custom.cnf": "[mysqld]\nport=1003\n",
  };

  it("applies defaults < --defaults-file < --defaults-extra-file < env < command line", () => {
    const argv = [
      "--defaults-file=/main.cnf",
      "--defaults-extra-file=/extra.cnf",
      "--max-connections=13",
    ];
    const withoutEnv = config(argv, {}, files);
    expect(withoutEnv).toMatchObject({
      port: 1002,
      datadir: "/from-extra",
      maxConnections: 13,
      logLevel: "warn",
      defaultsFile: "/main.cnf",
    });
    expect(withoutEnv.systemVariables.get("sql_mode")).toBe("A");
    const env = { WESQL_DATA_DIR: "/from-env", MYSQL_ROOT_PASSWORD: "pw" };
    expect(config(argv, env, files)).toMatchObject({ datadir: "/from-env", rootPassword: "pw" });
    expect(config([...argv, "--datadir=/from-argv"], env, files).datadir).toBe("/from-argv");
  });

  it("reads MYSQL_CUSTOM_CONFIG only when --defaults-file is not given", () => {
    const env = { MYSQL_CUSTOM_CONFIG: "/custom.cnf" };
    expect(config([], env, files)).toMatchObject({ port: 1003, defaultsFile: "/custom.cnf" });
    expect(config(["--defaults-file=/main.cnf"], env, files)).toMatchObject({
      port: 1001,
      defaultsFile: "/main.cnf",
    });
  });

  it("reads no option file with --no-defaults", () => {
    const argv = ["--no-defaults", "--defaults-file=/main.cnf", "--defaults-extra-file=/extra.cnf"];
    expect(config(argv, { MYSQL_CUSTOM_CONFIG: "/custom.cnf" }, files)).toMatchObject({
      port: 3306,
      defaultsFile: undefined,
    });
  });

  it("lets the last occurrence win within one source", () => {
    expect(config(["--port=1", "-P", "2", "--port", "3"]).port).toBe(3);
  });

  it("treats empty environment variables as unset, except an empty root password", () => {
    const result = config([], { WESQL_DATA_DIR: "", MYSQL_CUSTOM_CONFIG: "" });
    expect(result.datadir).toBe("./data");
    expect(result.defaultsFile).toBeUndefined();
  });
});

describe("loadConfig: errors", () => {
  it.each([
    [["--prot=3306"], "unknown option '--prot=3306'"],
    [["--port=abc"], "invalid value 'abc' for option 'port': expected an integer from 0 to 65535"],
    [
      ["-P", "70000"],
      "invalid value '70000' for option 'port': expected an integer from 0 to 65535",
    ],
    [["--port"], "missing value for option 'port'"],
    [
      ["--max-connections=0"],
      "invalid value '0' for option 'max_connections': expected an integer from 1 to 100000",
    ],
    [["--max-allowed-packet=2G"], "invalid value '2G' for option 'max_allowed_packet'"],
    [["--log-level=loud"], "invalid value 'loud' for option 'log_level'"],
    [["--skip-port"], "invalid option '--skip-port': 'port' is not a boolean option"],
    [
      ["--skip-autocommit=1"],
      "invalid option '--skip-autocommit=1': a skip-, disable- or enable- prefix takes no value",
    ],
    [["--defaults-file=/nope.cnf"], "cannot read option file '/nope.cnf'"],
  ])("%j → %s", (argv, message) => {
    expect(errorOf(() => load(argv))).toContain(message);
  });

  it("puts file:line in front of errors that come from option files", () => {
    const files = {
      "/my.cnf": "[mysqld]\n\nprot = 3306\n",
      "/bad-value.cnf": "[server]\nport = abc\n",
      "/bare.cnf": "[wesql]\nport\n",
      "/flag.cnf": "[mysqld]\nno-defaults\n",
      "/help.cnf": "[mysqld]\ndefaults-file = /x.cnf\n",
    };
    const messages = Object.keys(files).map((path) =>
      errorOf(() => load([`--defaults-file=${path}`], {}, files)),
    );
    expect(messages).toEqual([
      "/my.cnf:3: unknown option 'prot = 3306'",
      "/bad-value.cnf:2: invalid value 'abc' for option 'port': " +
        "expected an integer from 0 to 65535",
      "/bare.cnf:2: missing value for option 'port'",
      "/flag.cnf:2: option 'no-defaults' is only allowed on the command line",
      "/help.cnf:2: option 'defaults-file = /x.cnf' is only allowed on the command line",
    ]);
  });

  it("reports a bad value even when a later source would override it", () => {
    const files = { "/my.cnf": "[mysqld]\nport = x\n" };
    expect(errorOf(() => load(["--defaults-file=/my.cnf", "--port=1"], {}, files))).toBe(
      "/my.cnf:2: invalid value 'x' for option 'port': expected an integer from 0 to 65535",
    );
  });

  it("names the environment variable a bad value came from", () => {
    expect(errorOf(() => load([], { WESQL_DATA_DIR: "a\0b" }))).toBe(
      "environment variable WESQL_DATA_DIR: " +
        "invalid value 'a\0b' for option 'datadir': expected a path",
    );
  });

  it("keeps every error message on one line", () => {
    const files = { "/my.cnf": "[mysqld]\na = 'open\n" };
    expect(errorOf(() => load(["--defaults-file=/my.cnf"], {}, files))).not.toContain("\n");
  });
});

describe("loadConfig: safe defaults", () => {
  const refusal = (address: string): string =>
    `refusing to bind to ${address} without MYSQL_ROOT_PASSWORD: root has an empty password; ` +
    "set MYSQL_ROOT_PASSWORD or bind to 127.0.0.1";

  it.each(["0.0.0.0", "*", "::", "10.1.2.3", "db.example.com"])(
    "refuses %s without a root password",
    (address) => {
      expect(errorOf(() => load([`--bind-address=${address}`]))).toBe(refusal(address));
      expect(errorOf(() => load([`--bind-address=${address}`], { MYSQL_ROOT_PASSWORD: "" }))).toBe(
        refusal(address),
      );
    },
  );

  it("allows any address once MYSQL_ROOT_PASSWORD is set", () => {
    const result = config(["--bind-address=0.0.0.0"], { MYSQL_ROOT_PASSWORD: "s3cret" });
    expect(result.bindAddress).toBe("0.0.0.0");
    expect(result.rootPassword).toBe("s3cret");
  });

  it.each(["127.0.0.1", "127.9.9.9", "::1", "localhost"])(
    "allows loopback %s without one",
    (address) => {
      expect(config([`--bind-address=${address}`]).bindAddress).toBe(address);
    },
  );
});

describe("loadConfig: notes, help, version and print-defaults", () => {
  it("accepts --user / -u and reports that it is ignored", () => {
    const result = load(["-u", "mysql", "--user=root"]);
    expect(result).toMatchObject({
      kind: "run",
      notes: [
        "option '--user' is ignored: wesql does not switch operating-system users",
        "option '--user' is ignored: wesql does not switch operating-system users",
      ],
    });
  });

  it("prints the version with the server version", () => {
    const result = load(["-V"]);
    expect(result.kind).toBe("version");
    if (result.kind !== "version") return;
    expect(result.text).toMatch(
      new RegExp(
        `^wesql  Ver ${serverVersion.replaceAll(".", "\\.")} for \\S+ on \\S+ \\(WeSQL-TS\\)\n$`,
      ),
    );
  });

  it("prints help without reading option files", () => {
    const result = load(["--help", "--defaults-file=/missing.cnf"]);
    expect(result.kind).toBe("help");
    if (result.kind !== "help") return;
    expect(result.text).toContain("Usage: wesql [OPTIONS]");
    for (const text of [
      "--port=#",
      "Default: 3306",
      "--bind-address",
      "--max-allowed-packet",
      "Default: 64M",
      "--log-level",
      "WESQL_DATA_DIR",
      "MYSQL_ROOT_PASSWORD",
      "MYSQL_CUSTOM_CONFIG",
      "Precedence",
      "Network:",
      "Limits:",
      "Logging:",
      "Server:",
      "!includedir",
    ]) {
      expect(result.text).toContain(text);
    }
    expect(result.text.split("\n").every((line) => line.length <= 100)).toBe(true);
  });

  it("prints resolved values with --verbose --help, never the root password", () => {
    const files = { "/my.cnf": "[mysqld]\nport=4444\nsql_mode=ANSI\n" };
    const env = { MYSQL_ROOT_PASSWORD: "hunter2" };
    const result = load(["--verbose", "--help", "--defaults-file=/my.cnf"], env, files);
    expect(result.kind).toBe("help");
    if (result.kind !== "help") return;
    expect(result.text).toMatch(/\nport +4444\n/);
    expect(result.text).toMatch(/\nsql-mode +ANSI/);
    expect(result.text).toMatch(/\nroot-password +<redacted>\n/);
    expect(result.text).not.toContain("hunter2");
  });

  it("prints the options it would start with, in precedence order, redacting secrets", () => {
    const files = {
      "/my.cnf": "[mysqld]\nport=4444\nskip-autocommit\nsome_password=p1\n[client]\nuser=x\n",
    };
    const env = { WESQL_DATA_DIR: "/env-data", MYSQL_ROOT_PASSWORD: "hunter2" };
    const result = load(["--print-defaults", "--defaults-file=/my.cnf", "-P", "5555"], env, files);
    expect(result).toEqual({
      kind: "print-defaults",
      text:
        "wesql would have been started with the following arguments:\n" +
        "--port=4444 --skip-autocommit --some_password=<redacted> " +
        "--datadir=/env-data --port=5555\n" +
        "MYSQL_ROOT_PASSWORD is set (value <redacted>)\n",
    });
  });
});
