/**
 * Option name rules shared by the command line and option files, as mysqld has them: names are
 * case-insensitive, `-` and `_` are the same character, `loose-` makes an unknown option harmless,
 * and `skip-`/`disable-` (OFF) or `enable-` (ON) switch a boolean.
 *
 * A full name that is itself known wins over prefix stripping, so a variable genuinely called
 * `skip_name_resolve` is set rather than read as "turn off name_resolve".
 */

import { findOption, type OptionSpec } from "./option-table.ts";

/** Decides whether a canonical name is a server system variable (injected by the server). */
export type SystemVariablePredicate = (canonicalName: string) => boolean;

/** The value a `skip-`/`disable-`/`enable-` prefix stands for. */
export type SwitchValue = "ON" | "OFF";

export type OptionTargetName =
  | { readonly kind: "option"; readonly spec: OptionSpec }
  | { readonly kind: "system-variable"; readonly name: string };

export type ResolvedName =
  | {
      readonly kind: "known";
      readonly target: OptionTargetName;
      /** Set when a prefix switched the option: the value the prefix implies. */
      readonly switchValue: SwitchValue | undefined;
      readonly loose: boolean;
    }
  | { readonly kind: "unknown"; readonly name: string; readonly loose: boolean };

/** Lower case with `_` for `-`: `Max-Allowed_Packet` → `max_allowed_packet`. */
export function canonicalOptionName(written: string): string {
  return written.toLowerCase().replaceAll("-", "_");
}

/** How an option name appears in help and messages aimed at the command line. */
export function dashedOptionName(canonicalName: string): string {
  return canonicalName.replaceAll("_", "-");
}

const switchPrefixes: readonly (readonly [string, SwitchValue])[] = [
  ["skip_", "OFF"],
  ["disable_", "OFF"],
  ["enable_", "ON"],
];

/** Resolves a written option name (without leading dashes) against options and variables. */
export function resolveOptionName(
  written: string,
  isSystemVariable: SystemVariablePredicate,
): ResolvedName {
  let name = canonicalOptionName(written);
  const loose = name.startsWith("loose_");
  if (loose) name = name.slice("loose_".length);
  const direct = lookUp(name, isSystemVariable);
  if (direct !== undefined) return { kind: "known", target: direct, switchValue: undefined, loose };
  for (const [prefix, switchValue] of switchPrefixes) {
    if (!name.startsWith(prefix)) continue;
    const target = lookUp(name.slice(prefix.length), isSystemVariable);
    if (target !== undefined) return { kind: "known", target, switchValue, loose };
  }
  return { kind: "unknown", name, loose };
}

/**
 * Start-up option names that set a system variable of another name, as in mysqld:
 * `--default-time-zone` sets the global `time_zone`.
 */
const systemVariableAliases: ReadonlyMap<string, string> = new Map([
  ["default_time_zone", "time_zone"],
]);

function lookUp(
  name: string,
  isSystemVariable: SystemVariablePredicate,
): OptionTargetName | undefined {
  const spec = findOption(name);
  if (spec !== undefined) return { kind: "option", spec };
  if (name.length > 0 && isSystemVariable(name)) return { kind: "system-variable", name };
  const alias = systemVariableAliases.get(name);
  if (alias !== undefined && isSystemVariable(alias))
    return { kind: "system-variable", name: alias };
  return undefined;
}

/** The canonical name of whatever a resolved name refers to. */
export function targetName(target: OptionTargetName): string {
  return target.kind === "option" ? target.spec.name : target.name;
}
