/**
 * The `--print-defaults` text, as mysqld prints it: every option wesql would start with, in the
 * order it would apply them (option files, environment, command line), before validation.
 * Values of options whose names look secret are redacted; the root password is never shown.
 */

import { isSecretOptionName, redactedText } from "./config.ts";
import type { RawOption } from "./raw-option.ts";

export function printDefaultsText(options: readonly RawOption[], rootPasswordSet: boolean): string {
  const words = options.map((option) => {
    if (option.value === undefined) return `--${option.name}`;
    const value = isSecretOptionName(option.name) ? redactedText : option.value;
    return `--${option.name}=${value}`;
  });
  const lines = ["wesql would have been started with the following arguments:", words.join(" ")];
  if (rootPasswordSet) lines.push(`MYSQL_ROOT_PASSWORD is set (value ${redactedText})`);
  return lines.join("\n") + "\n";
}
