/**
 * The options that say where all state lives (ARCHITECTURE §3, §7), with WeSQL's names:
 * objectstore_provider, objectstore_endpoint, objectstore_region, objectstore_bucket,
 * objectstore_use_https, repo_objectstore_id, branch_objectstore_id, binlog_archive_period,
 * binlog_archive_slice_max_size, smartengine_persistent_cache_size / _dir and
 * objectstore_allow_unsafe_writes. Credentials are not options: they come from the environment
 * only (WESQL_OBJECTSTORE_ACCESS_KEY / WESQL_OBJECTSTORE_SECRET_KEY), so they never sit in a
 * my.cnf, a process list or `--print-defaults`.
 */

import {
  binlogArchivePeriodMsMax,
  binlogArchivePeriodMsMin,
  binlogArchiveSliceBytesMax,
  binlogArchiveSliceBytesMin,
  persistentCacheBytesMax,
} from "../constants.ts";
import { fieldTarget, spec, type OptionSpec } from "./option-spec.ts";
import {
  invalidValue,
  parseChoice,
  parseIntegerInRange,
  parseOnOff,
  parsePath,
  parseSizeBytes,
} from "./value-parsers.ts";

const providers = ["local", "aws", "minio", "r2"] as const;

/** A repository or branch id: it becomes a key segment, so 1-64 of A-Z a-z 0-9 _ -. */
function parseObjectstoreId(optionName: string, text: string): string {
  if (!/^[A-Za-z0-9_-]{1,64}$/.test(text)) {
    throw invalidValue(optionName, text, "1 to 64 characters of A-Z, a-z, 0-9, _ and -");
  }
  return text;
}

/** A bucket name as S3 accepts it (3-63 of a-z 0-9 . -); checked early for a clear message. */
function parseBucket(optionName: string, text: string): string {
  if (!/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/.test(text)) {
    throw invalidValue(optionName, text, "an S3 bucket name (3-63 of a-z, 0-9, '.' and '-')");
  }
  return text;
}

export function objectStoreOptions(): readonly OptionSpec[] {
  return [
    spec({
      name: "objectstore_provider",
      valueName: "name",
      group: "Object store",
      systemVariable: true,
      summary:
        "Where all state is kept: local (a directory; the default), aws, minio or r2 " +
        "(S3-compatible; needs --objectstore-bucket).",
      target: fieldTarget("objectStoreProvider", (name, text) =>
        parseChoice(name, text, providers),
      ),
    }),
    spec({
      name: "objectstore_endpoint",
      valueName: "url",
      group: "Object store",
      systemVariable: true,
      summary:
        "S3 endpoint, host[:port] or URL (path-style addressing); required for minio and r2. " +
        "With the local provider: the directory (default <datadir>/objectstore).",
      target: fieldTarget("objectStoreEndpoint", (_name, text) => text),
    }),
    spec({
      name: "objectstore_region",
      valueName: "name",
      group: "Object store",
      systemVariable: true,
      summary: "S3 region (default us-east-1; r2 uses auto).",
      target: fieldTarget("objectStoreRegion", (_name, text) => text),
    }),
    spec({
      name: "objectstore_bucket",
      valueName: "name",
      group: "Object store",
      systemVariable: true,
      summary: "S3 bucket that holds the data (it must exist).",
      target: fieldTarget("objectStoreBucket", parseBucket),
    }),
    spec({
      name: "objectstore_use_https",
      valueName: "ON|OFF",
      group: "Object store",
      systemVariable: true,
      summary: "Use https for an endpoint given without a scheme (default ON).",
      target: fieldTarget("objectStoreUseHttps", parseOnOff),
    }),
    spec({
      name: "objectstore_allow_unsafe_writes",
      valueName: "ON|OFF",
      group: "Object store",
      systemVariable: true,
      summary:
        "Start even when the store ignores conditional writes (If-None-Match / If-Match); " +
        "then nothing stops two servers from overwriting each other's objects.",
      target: fieldTarget("objectStoreAllowUnsafeWrites", parseOnOff),
    }),
    spec({
      name: "repo_objectstore_id",
      valueName: "id",
      group: "Object store",
      systemVariable: true,
      summary: "Repository prefix of every key (default wesql_serverless_repo).",
      target: fieldTarget("repoObjectstoreId", parseObjectstoreId),
    }),
    spec({
      name: "branch_objectstore_id",
      valueName: "id",
      group: "Object store",
      systemVariable: true,
      summary: "Branch prefix under the repository (default main); one writer per branch.",
      target: fieldTarget("branchObjectstoreId", parseObjectstoreId),
    }),
    spec({
      name: "binlog_archive_period",
      valueName: "ms",
      group: "Object store",
      systemVariable: true,
      summary:
        "With commit_durability=local: upload the binlog tail at least this often, ms " +
        "(default 1000; the most a lost disk can lose).",
      target: fieldTarget("binlogArchivePeriodMs", (name, text) =>
        parseIntegerInRange(name, text, binlogArchivePeriodMsMin, binlogArchivePeriodMsMax),
      ),
    }),
    spec({
      name: "binlog_archive_slice_max_size",
      valueName: "size",
      group: "Object store",
      systemVariable: true,
      summary: "Upload the binlog tail as soon as this much is pending (default 4M).",
      target: fieldTarget("binlogArchiveSliceMaxBytes", (name, text) =>
        parseSizeBytes(name, text, binlogArchiveSliceBytesMin, binlogArchiveSliceBytesMax),
      ),
    }),
    spec({
      name: "smartengine_persistent_cache_size",
      valueName: "size",
      group: "Object store",
      systemVariable: true,
      summary: "Local-disk cache of object ranges, bytes; 0 turns it off; K, M, G allowed.",
      target: fieldTarget("persistentCacheBytes", (name, text) =>
        parseSizeBytes(name, text, 0, persistentCacheBytesMax),
      ),
    }),
    spec({
      name: "smartengine_persistent_cache_dir",
      valueName: "path",
      group: "Object store",
      systemVariable: true,
      summary: "Directory of the disk cache (default <datadir>/cache).",
      target: fieldTarget("persistentCacheDir", parsePath),
    }),
  ];
}
