/**
 * Keyword tables: MySQL 8.0's reserved words (which cannot be unquoted identifiers or
 * aliases), interval units and the character-set names that act as `_charset'…'` introducers.
 * Lookups take the upper-cased word (Token.upper).
 */

import type { IntervalUnit } from "./ast.ts";

/** MySQL 8.0 reserved words (the "(R)" entries of the manual's keyword list). */
const reservedWords: ReadonlySet<string> = new Set(
  (
    "ACCESSIBLE ADD ALL ALTER ANALYZE AND AS ASC ASENSITIVE BEFORE BETWEEN BIGINT BINARY BLOB " +
    "BOTH BY CALL CASCADE CASE CHANGE CHAR CHARACTER CHECK COLLATE COLUMN CONDITION CONSTRAINT " +
    "CONTINUE CONVERT CREATE CROSS CUBE CUME_DIST CURRENT_DATE CURRENT_TIME CURRENT_TIMESTAMP " +
    "CURRENT_USER CURSOR DATABASE DATABASES DAY_HOUR DAY_MICROSECOND DAY_MINUTE DAY_SECOND DEC " +
    "DECIMAL DECLARE DEFAULT DELAYED DELETE DENSE_RANK DESC DESCRIBE DETERMINISTIC DISTINCT " +
    "DISTINCTROW DIV DOUBLE DROP DUAL EACH ELSE ELSEIF EMPTY ENCLOSED ESCAPED EXCEPT EXISTS EXIT " +
    "EXPLAIN FALSE FETCH FIRST_VALUE FLOAT FLOAT4 FLOAT8 FOR FORCE FOREIGN FROM FULLTEXT " +
    "FUNCTION GENERATED GET GRANT GROUP GROUPING GROUPS HAVING HIGH_PRIORITY HOUR_MICROSECOND " +
    "HOUR_MINUTE HOUR_SECOND IF IGNORE IN INDEX INFILE INNER INOUT INSENSITIVE INSERT INT INT1 " +
    "INT2 INT3 INT4 INT8 INTEGER INTERSECT INTERVAL INTO IO_AFTER_GTIDS IO_BEFORE_GTIDS IS " +
    "ITERATE JOIN JSON_TABLE KEY KEYS KILL LAG LAST_VALUE LATERAL LEAD LEADING LEAVE LEFT LIKE " +
    "LIMIT LINEAR LINES LOAD LOCALTIME LOCALTIMESTAMP LOCK LONG LONGBLOB LONGTEXT LOOP " +
    "LOW_PRIORITY MASTER_BIND MASTER_SSL_VERIFY_SERVER_CERT MATCH MAXVALUE MEDIUMBLOB MEDIUMINT " +
    "MEDIUMTEXT MIDDLEINT MINUTE_MICROSECOND MINUTE_SECOND MOD MODIFIES NATURAL NOT " +
    "NO_WRITE_TO_BINLOG NTH_VALUE NTILE NULL NUMERIC OF ON OPTIMIZE OPTIMIZER_COSTS OPTION " +
    "OPTIONALLY OR ORDER OUT OUTER OUTFILE OVER PARTITION PERCENT_RANK PRECISION PRIMARY " +
    "PROCEDURE PURGE RANGE RANK READ READS READ_WRITE REAL RECURSIVE REFERENCES REGEXP RELEASE " +
    "RENAME REPEAT REPLACE REQUIRE RESIGNAL RESTRICT RETURN REVOKE RIGHT RLIKE ROW ROWS " +
    "ROW_NUMBER SCHEMA SCHEMAS SECOND_MICROSECOND SELECT SENSITIVE SEPARATOR SET SHOW SIGNAL " +
    "SMALLINT SPATIAL SPECIFIC SQL SQLEXCEPTION SQLSTATE SQLWARNING SQL_BIG_RESULT " +
    "SQL_CALC_FOUND_ROWS SQL_SMALL_RESULT SSL STARTING STORED STRAIGHT_JOIN SYSTEM TABLE " +
    "TERMINATED THEN TINYBLOB TINYINT TINYTEXT TO TRAILING TRIGGER TRUE UNDO UNION UNIQUE " +
    "UNLOCK UNSIGNED UPDATE USAGE USE USING UTC_DATE UTC_TIME UTC_TIMESTAMP VALUES VARBINARY " +
    "VARCHAR VARCHARACTER VARYING VIRTUAL WHEN WHERE WHILE WINDOW WITH WRITE XOR YEAR_MONTH " +
    "ZEROFILL"
  ).split(" "),
);

/** Reserved words bucketed by first letter and length (checked for every lexed word). */
const reservedLengthMax = 32;
const reservedBuckets: (string[] | undefined)[] = [];
for (const word of reservedWords) {
  const index = (word.charCodeAt(0) - 65) * reservedLengthMax + word.length;
  (reservedBuckets[index] ??= []).push(word);
}

/**
 * True for MySQL reserved words. A bucket scan instead of Set.has: hashing every freshly
 * sliced word showed up as the lexer's largest cost.
 */
export function isReservedWord(upper: string): boolean {
  const length = upper.length;
  const letter = upper.charCodeAt(0) - 65;
  if (length >= reservedLengthMax || letter < 0 || letter > 25) return false;
  const bucket = reservedBuckets[letter * reservedLengthMax + length];
  if (bucket === undefined) return false;
  for (const word of bucket) {
    if (word === upper) return true;
  }
  return false;
}

const intervalUnits: ReadonlyMap<string, IntervalUnit> = new Map(
  (
    "MICROSECOND SECOND MINUTE HOUR DAY WEEK MONTH QUARTER YEAR SECOND_MICROSECOND " +
    "MINUTE_MICROSECOND MINUTE_SECOND HOUR_MICROSECOND HOUR_SECOND HOUR_MINUTE " +
    "DAY_MICROSECOND DAY_SECOND DAY_MINUTE DAY_HOUR YEAR_MONTH"
  )
    .split(" ")
    .map((word) => [word, word.toLowerCase() as IntervalUnit]),
);

/** The interval unit named by an upper-cased word, if it is one. */
export function intervalUnitOf(upper: string): IntervalUnit | undefined {
  return intervalUnits.get(upper);
}

/** Character sets MySQL 8.0 ships; `_name` before a string literal is an introducer. */
const characterSets: ReadonlySet<string> = new Set(
  (
    "armscii8 ascii big5 binary cp1250 cp1251 cp1256 cp1257 cp850 cp852 cp866 cp932 dec8 " +
    "eucjpms euckr gb18030 gb2312 gbk geostd8 greek hebrew hp8 keybcs2 koi8r koi8u latin1 " +
    "latin2 latin5 latin7 macce macroman sjis swe7 tis620 ucs2 ujis utf16 utf16le utf32 utf8 " +
    "utf8mb3 utf8mb4"
  ).split(" "),
);

/** For a word like `_utf8mb4`, the charset name ("utf8mb4"); undefined if not an introducer. */
export function introducerCharset(word: string): string | undefined {
  if (word.charCodeAt(0) !== 95) return undefined;
  const name = word.slice(1).toLowerCase();
  return characterSets.has(name) ? name : undefined;
}
