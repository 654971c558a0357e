import { describe, expect, it } from "vitest";
import { parseCommandLine } from "./command-line-parser.ts";

const systemVariables = new Set(["sql_mode", "autocommit", "character_set_server"]);
const isSystemVariable = (name: string): boolean => systemVariables.has(name);

function parse(...args: string[]) {
  return parseCommandLine(args, isSystemVariable);
}

/** The RawOptions as `name=value` strings. */
function words(...args: string[]): string[] {
  return parse(...args).options.map((option) => `${option.name}=${option.value ?? "(bare)"}`);
}

describe("parseCommandLine", () => {
  it("reads --name=value and --name value for options that take a value", () => {
    expect(words("--port=3307", "--datadir", "/d", "--bind-address", "-x")).toEqual([
      "port=3307",
      "datadir=/d",
      // A value that looks like an option is still taken: --bind-address needs one.
      "bind-address=-x",
    ]);
  });

  it("reads short options with attached or separate values", () => {
    expect(
      words("-P3307", "-P", "3308", "-h/data", "-h", "/data2", "-u", "mysql", "-umysql"),
    ).toEqual([
      "port=3307",
      "port=3308",
      "datadir=/data",
      "datadir=/data2",
      "user=mysql",
      "user=mysql",
    ]);
  });

  it("takes a following word as a system variable's value only if it is not an option", () => {
    expect(words("--sql-mode", "ANSI", "--autocommit", "--port=1")).toEqual([
      "sql-mode=ANSI",
      "autocommit=(bare)",
      "port=1",
    ]);
    expect(words("--skip-autocommit", "--enable-autocommit")).toEqual([
      "skip-autocommit=(bare)",
      "enable-autocommit=(bare)",
    ]);
  });

  it("leaves a missing value to ConfigBuilder (which names the option)", () => {
    expect(words("--port")).toEqual(["port=(bare)"]);
  });

  it("takes start-up options out of the option list", () => {
    const line = parse(
      "--verbose",
      "--help",
      "--defaults-file=/a.cnf",
      "--defaults-extra-file",
      "/b.cnf",
      "--no-defaults",
      "--print-defaults",
      "-V",
      "--port=1",
    );
    expect(line).toEqual({
      options: [{ name: "port", value: "1", location: "", text: "--port=1" }],
      help: true,
      verbose: true,
      version: true,
      noDefaults: true,
      printDefaults: true,
      defaultsFile: "/a.cnf",
      defaultsExtraFile: "/b.cnf",
    });
    expect(parse("-?").help).toBe(true);
    expect(parse("--HELP").help).toBe(true);
    expect(parse("--defaults_file=x").defaultsFile).toBe("x");
  });

  it("ignores an unknown --loose- option silently but keeps a known one", () => {
    expect(words("--loose-no-such-thing=1", "--loose-port=5", "--loose-skip-autocommit")).toEqual([
      "loose-port=5",
      "loose-skip-autocommit=(bare)",
    ]);
  });

  it.each([
    [["--prot=3306"], "unknown option '--prot=3306'"],
    [["--skip-prot"], "unknown option '--skip-prot'"],
    [["-x"], "unknown option '-x'"],
    [["-Vx"], "unknown option '-Vx'"],
    [["-P"], "missing value for option 'port'"],
    [["--defaults-file"], "missing value for option 'defaults_file'"],
    [["--defaults-file="], "missing value for option 'defaults_file'"],
    [["--help=1"], "option 'help' takes no value: '--help=1'"],
    [["--skip-help"], "invalid option '--skip-help': 'help' is not a boolean option"],
    [["3306"], "unexpected argument '3306': wesql takes only options"],
    [["-"], "unexpected argument '-': wesql takes only options"],
    [["--"], "unexpected argument '--': wesql takes only options"],
  ])("rejects %j", (args, message) => {
    expect(() => parse(...args)).toThrow(message);
  });
});
