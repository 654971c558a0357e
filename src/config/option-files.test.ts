import { describe, expect, it } from "vitest";
import { optionFileIncludeDepthMax } from "../constants.ts";
import { memoryOptionFileSystem } from "./memory-option-file-system.ts";
import { readOptionFile } from "./option-files.ts";

function read(files: Record<string, string>, path: string): string[] {
  return readOptionFile(path, memoryOptionFileSystem(files)).map(
    (option) => `${option.location} ${option.name}=${option.value ?? "(bare)"}`,
  );
}

describe("readOptionFile", () => {
  it("keeps only [mysqld], [server] and [wesql] options, in file order", () => {
    const files = {
      "/etc/my.cnf":
        "[client]\nport=1\n[mysqld]\nport=2\n[server]\nport=3\n[wesql]\nport=4\n[mysql]\nport=5",
    };
    expect(read(files, "/etc/my.cnf")).toEqual([
      "/etc/my.cnf:4 port=2",
      "/etc/my.cnf:6 port=3",
      "/etc/my.cnf:8 port=4",
    ]);
  });

  it("reads !include relative to the including file, at the point of the directive", () => {
    const files = {
      "/etc/mysql/my.cnf": "[mysqld]\nport=1\n!include extra/more.cnf\nmax_connections=5\n",
      "/etc/mysql/extra/more.cnf": "[mysqld]\nport=2\n!include /abs/last.cnf\n",
      "/abs/last.cnf": "[wesql]\nlog_level=debug\n",
    };
    expect(read(files, "/etc/mysql/my.cnf")).toEqual([
      "/etc/mysql/my.cnf:2 port=1",
      "/etc/mysql/extra/more.cnf:2 port=2",
      "/abs/last.cnf:2 log_level=debug",
      "/etc/mysql/my.cnf:4 max_connections=5",
    ]);
  });

  it("reads the *.cnf files of !includedir in sorted order and skips other files", () => {
    const files = {
      "conf/my.cnf": "!includedir conf.d\n",
      "conf/conf.d/20-b.cnf": "[mysqld]\nport=20\n",
      "conf/conf.d/10-a.cnf": "[mysqld]\nport=10\n",
      "conf/conf.d/README": "[mysqld]\nport=99\n",
      "conf/conf.d/30-c.cnf.bak": "[mysqld]\nport=98\n",
    };
    expect(read(files, "conf/my.cnf")).toEqual([
      "conf/conf.d/10-a.cnf:2 port=10",
      "conf/conf.d/20-b.cnf:2 port=20",
    ]);
  });

  it("starts every included file without a section", () => {
    const files = { "/a.cnf": "[mysqld]\n!include /b.cnf\n", "/b.cnf": "port=1\n" };
    expect(() => read(files, "/a.cnf")).toThrow(
      "/b.cnf:1: option 'port=1' appears before any [section]",
    );
  });

  it("names the file that cannot be read, and the directive that included it", () => {
    expect(() => read({}, "/missing.cnf")).toThrow(
      "cannot read option file '/missing.cnf': ENOENT: no such file or directory",
    );
    expect(() => read({ "/a.cnf": "\n!include gone.cnf\n" }, "/a.cnf")).toThrow(
      "/a.cnf:2: cannot read option file '/gone.cnf'",
    );
    expect(() => read({ "/a.cnf": "!includedir /nodir\n" }, "/a.cnf")).toThrow(
      "/a.cnf:1: cannot list directory '/nodir'",
    );
  });

  it("rejects include cycles and too-deep nesting", () => {
    const cycle = { "/a.cnf": "!include b.cnf\n", "/b.cnf": "!include a.cnf\n" };
    expect(() => read(cycle, "/a.cnf")).toThrow("/b.cnf:1: option file '/a.cnf' includes itself");
    const chain: Record<string, string> = {};
    for (let depth = 0; depth <= optionFileIncludeDepthMax + 1; depth++) {
      chain[`/f${depth}.cnf`] = `!include f${depth + 1}.cnf\n`;
    }
    expect(() => read(chain, "/f0.cnf")).toThrow(
      `option files nest more than ${optionFileIncludeDepthMax} includes deep`,
    );
  });
});
