> SELECT 1 + 2, 7 - 10, 3 * 4, 7 / 2, 7 DIV 2, 7 % 3, -7 MOD 3, 2 / 0
1 + 2 | 7 - 10 | 3 * 4 | 7 / 2 | 7 DIV 2 | 7 % 3 | -7 MOD 3 | 2 / 0
3 | -3 | 12 | 3.5000 | 3 | 1 | -1 | NULL

> SELECT 0.1 + 0.2, 0.1e0 + 0.2e0, 1e20, 1.5e-7, 100000000000000e0, 1e15, 1.10 * 2.5, 10.5 / 3
0.1 + 0.2 | 0.1e0 + 0.2e0 | 1e20 | 1.5e-7 | 100000000000000e0 | 1e15 | 1.10 * 2.5 | 10.5 / 3
0.3 | 0.30000000000000004 | 1e20 | 1.5e-7 | 100000000000000 | 1e15 | 2.750 | 3.50000

> SELECT 9223372036854775807 + 1
error 1690 BIGINT value is out of range in '(9223372036854775807 + 1)'

> SELECT -9223372036854775808 - 1
error 1690 BIGINT value is out of range in '(-9223372036854775808 - 1)'

> SELECT CAST(0 AS UNSIGNED) - 1
error 1690 BIGINT UNSIGNED value is out of range in '(cast(0 as unsigned) - 1)'

> SELECT 18446744073709551615, 18446744073709551615 + 0
18446744073709551615 | 18446744073709551615 + 0
18446744073709551615 | 18446744073709551615

> SELECT 9223372036854775807 * 2
error 1690 BIGINT value is out of range in '(9223372036854775807 * 2)'

> SELECT 1 = 1, 1 = 2, 1 = NULL, NULL = NULL, NULL <=> NULL, 1 <=> NULL, 1 <> 2, 1 != 1
1 = 1 | 1 = 2 | 1 = NULL | NULL = NULL | NULL <=> NULL | 1 <=> NULL | 1 <> 2 | 1 != 1
1 | 0 | NULL | NULL | 1 | 0 | 1 | 0

> SELECT 'abc' = 'ABC', 'abc' < 'abd', 'a ' = 'a', BINARY 'abc' = 'ABC'
'abc' = 'ABC' | 'abc' < 'abd' | 'a ' = 'a' | BINARY 'abc' = 'ABC'
1 | 1 | 0 | 0

> SELECT 1 AND NULL, 0 AND NULL, 1 OR NULL, 0 OR NULL, NOT NULL, 1 XOR 1, NULL IS NULL, 0 IS FALSE, 2 IS TRUE, NULL IS NOT TRUE
1 AND NULL | 0 AND NULL | 1 OR NULL | 0 OR NULL | NOT NULL | 1 XOR 1 | NULL IS NULL | 0 IS FALSE | 2 IS TRUE | NULL IS NOT TRUE
NULL | 0 | 1 | NULL | NULL | 0 | 1 | 1 | 1 | 1

> SELECT 5 BETWEEN 1 AND 10, 5 NOT BETWEEN 1 AND 4, 3 IN (1, 2, 3), 4 IN (1, 2, NULL), 4 NOT IN (1, 2), 'B' IN ('a', 'b')
5 BETWEEN 1 AND 10 | 5 NOT BETWEEN 1 AND 4 | 3 IN (1, 2, 3) | 4 IN (1, 2, NULL) | 4 NOT IN (1, 2) | 'B' IN ('a', 'b')
1 | 1 | 1 | NULL | 1 | 1

> SELECT '10' + 5, 'abc' + 1, '3.5x' * 2
'10' + 5 | 'abc' + 1 | '3.5x' * 2
15 | 1 | 7

> SHOW WARNINGS
Level | Code | Message
Warning | 1292 | Truncated incorrect DOUBLE value: 'abc'
Warning | 1292 | Truncated incorrect DOUBLE value: '3.5x'

> SELECT 'a-b' LIKE 'a-%', 'x/y' LIKE 'x/_', 'a.c' LIKE 'a_c', 'abc' LIKE 'a.c'
'a-b' LIKE 'a-%' | 'x/y' LIKE 'x/_' | 'a.c' LIKE 'a_c' | 'abc' LIKE 'a.c'
1 | 1 | 1 | 0

> SELECT 'abc' LIKE 'a%', 'abc' LIKE 'A_C', 'abc' NOT LIKE '%d', 'a%c' LIKE 'a\%c', 'a%c' LIKE 'a|%c' ESCAPE '|', 'abc' LIKE 'ab'
'abc' LIKE 'a%' | 'abc' LIKE 'A_C' | 'abc' NOT LIKE '%d' | 'a%c' LIKE 'a\%c' | 'a%c' LIKE 'a|%c' ESCAPE '|' | 'abc' LIKE 'ab'
1 | 1 | 1 | 1 | 1 | 0

> SELECT CASE 2 WHEN 1 THEN 'one' WHEN 2 THEN 'two' ELSE 'many' END, CASE WHEN 1 > 2 THEN 'x' END, IF(1 > 0, 'yes', 'no'), IFNULL(NULL, 'd'), NULLIF(1, 1), COALESCE(NULL, NULL, 3)
CASE 2 WHEN 1 THEN 'one' WHEN 2 THEN 'two' ELSE 'many' END | CASE WHEN 1 > 2 THEN 'x' END | IF(1 > 0, 'yes', 'no') | IFNULL(NULL, 'd') | NULLIF(1, 1) | COALESCE(NULL, NULL, 3)
two | NULL | yes | d | NULL | 3

> SELECT CONCAT('a', 'b', 1, 2.5), CONCAT('a', NULL), CONCAT_WS(',', 'a', NULL, 'b'), LENGTH('héllo'), CHAR_LENGTH('héllo'), UPPER('abc'), LOWER('ABC')
CONCAT('a', 'b', 1, 2.5) | CONCAT('a', NULL) | CONCAT_WS(',', 'a', NULL, 'b') | LENGTH('héllo') | CHAR_LENGTH('héllo') | UPPER('abc') | LOWER('ABC')
ab12.5 | NULL | a,b | 6 | 5 | ABC | abc

> SELECT SUBSTRING('hello', 2, 3), SUBSTRING('hello', -3), SUBSTR('hello' FROM 2), LEFT('hello', 2), RIGHT('hello', 3), TRIM('  x  '), TRIM(LEADING 'x' FROM 'xxaxx'), REPLACE('aXbX', 'X', 'y')
SUBSTRING('hello', 2, 3) | SUBSTRING('hello', -3) | SUBSTR('hello' FROM 2) | LEFT('hello', 2) | RIGHT('hello', 3) | TRIM('  x  ') | TRIM(LEADING 'x' FROM 'xxaxx') | REPLACE('aXbX', 'X', 'y')
ell | llo | ello | he | llo | x | axx | ayby

> SELECT ABS(-5), ABS(-2.5), ROUND(2.5), ROUND(-2.5), ROUND(2.567, 2), ROUND(1234, -2), FLOOR(-1.5), CEIL(1.2), MOD(10, 3), GREATEST(1, 5, 3), LEAST('b', 'a', 'c')
ABS(-5) | ABS(-2.5) | ROUND(2.5) | ROUND(-2.5) | ROUND(2.567, 2) | ROUND(1234, -2) | FLOOR(-1.5) | CEIL(1.2) | MOD(10, 3) | GREATEST(1, 5, 3) | LEAST('b', 'a', 'c')
5 | 2.5 | 3 | -3 | 2.57 | 1200 | -2 | 2 | 1 | 5 | a

> SELECT ROUND(2.5e0), ROUND(3.5e0), TRUNCATE(2.567, 1), SIGN(-3), POW(2, 10), SQRT(16)
ROUND(2.5e0) | ROUND(3.5e0) | TRUNCATE(2.567, 1) | SIGN(-3) | POW(2, 10) | SQRT(16)
2 | 4 | 2.5 | -1 | 1024 | 4

> SELECT CAST('12abc' AS SIGNED), CAST(1.5 AS SIGNED), CAST(-1 AS UNSIGNED), CAST('3.14159' AS DECIMAL(5,2)), CAST(12 AS CHAR), CAST('2024-1-5' AS DATE), CAST('2024-01-05 10:20:30' AS DATETIME), CAST(1 AS DOUBLE)
CAST('12abc' AS SIGNED) | CAST(1.5 AS SIGNED) | CAST(-1 AS UNSIGNED) | CAST('3.14159' AS DECIMAL(5,2)) | CAST(12 AS CHAR) | CAST('2024-1-5' AS DATE) | CAST('2024-01-05 10:20:30' AS DATETIME) | CAST(1 AS DOUBLE)
12 | 2 | 18446744073709551615 | 3.14 | 12 | 2024-01-05 | 2024-01-05 10:20:30 | 1

> SELECT 5 & 3, 5 | 3, 5 ^ 3, 1 << 4, 256 >> 4, ~0
5 & 3 | 5 | 3 | 5 ^ 3 | 1 << 4 | 256 >> 4 | ~0
1 | 7 | 6 | 16 | 16 | 18446744073709551615

> SELECT @a := 5, @a + 1, @unset
@a := 5 | @a + 1 | @unset
5 | 6 | NULL

> SET @x = 10, @y = 'str'
ok 0 id=0 warnings=0

> SELECT @x * 2, @y
@x * 2 | @y
20 | str

> SELECT VERSION(), CONNECTION_ID(), DATABASE(), SCHEMA(), USER(), CURRENT_USER(), SESSION_USER()
VERSION() | CONNECTION_ID() | DATABASE() | SCHEMA() | USER() | CURRENT_USER() | SESSION_USER()
8.0.35-wesql-ts | 1 | test | test | root@localhost | root@localhost | root@localhost

> SELECT LENGTH(NOW()) , LENGTH(CURRENT_TIMESTAMP), LENGTH(NOW(3)), LENGTH(CURDATE())
LENGTH(NOW()) | LENGTH(CURRENT_TIMESTAMP) | LENGTH(NOW(3)) | LENGTH(CURDATE())
19 | 19 | 23 | 10

> SELECT 1 FROM DUAL
1
1

> SELECT nosuchfunc(1)
error 1305 FUNCTION test.nosuchfunc does not exist

> SELECT (SELECT 1), (SELECT 1 FROM DUAL WHERE 1 = 0), EXISTS (SELECT 1), 2 IN (SELECT 2)
(SELECT 1) | (SELECT 1 FROM DUAL WHERE 1 = 0) | EXISTS (SELECT 1) | 2 IN (SELECT 2)
1 | NULL | 1 | 1

> SELECT (SELECT 1 UNION SELECT 2)
error 1242 Subquery returns more than 1 row

> SELECT 1 UNION SELECT 1 UNION ALL SELECT 2
1
1
2

> SELECT 1 AS a UNION SELECT 3 ORDER BY a DESC LIMIT 1
a
3


-- CAST: a datetime to TIME is its time of day; a temporal value to an integer is its digits;
-- BINARY(n) pads with 0x00 to n bytes.
> SELECT CAST('2024-03-05 10:11:12' AS TIME), CAST('2024-03-05 10:11:12.5' AS TIME(1)), CAST(DATE '2024-03-05' AS SIGNED), CAST(TIME '-10:11:12' AS SIGNED), CAST(TIMESTAMP '2024-03-05 10:11:12' AS SIGNED)
CAST('2024-03-05 10:11:12' AS TIME) | CAST('2024-03-05 10:11:12.5' AS TIME(1)) | CAST(DATE '2024-03-05' AS SIGNED) | CAST(TIME '-10:11:12' AS SIGNED) | CAST(TIMESTAMP '2024-03-05 10:11:12' AS SIGNED)
10:11:12 | 10:11:12.5 | 20240305 | -101112 | 20240305101112

> SELECT CAST('abc' AS BINARY(5)) = 'abc', LENGTH(CAST('a' AS BINARY(4))), HEX(CAST('a' AS BINARY(4))), HEX(CAST('abcdef' AS BINARY(2)))
CAST('abc' AS BINARY(5)) = 'abc' | LENGTH(CAST('a' AS BINARY(4))) | HEX(CAST('a' AS BINARY(4))) | HEX(CAST('abcdef' AS BINARY(2)))
0 | 4 | 61000000 | 6162

-- ELT picks the n-th string; FIELD finds a value's position: strings compare in their
-- collation (case-insensitive here), numbers as numbers, a mix as DOUBLE; NULL is never found.
> SELECT ELT(2, 'a', 'b', 'c'), ELT(5, 'a', 'b'), ELT(NULL, 'a'), ELT(1, NULL, 'b'), FIELD('c', 'a', 'b', 'c'), FIELD('z', 'a'), FIELD('C', 'a', 'c'), FIELD(NULL, 'a', NULL), FIELD(2, 1, '2', 3), FIELD(1.0, '1', 2)
ELT(2, 'a', 'b', 'c') | ELT(5, 'a', 'b') | ELT(NULL, 'a') | ELT(1, NULL, 'b') | FIELD('c', 'a', 'b', 'c') | FIELD('z', 'a') | FIELD('C', 'a', 'c') | FIELD(NULL, 'a', NULL) | FIELD(2, 1, '2', 3) | FIELD(1.0, '1', 2)
b | NULL | NULL | NULL | 3 | 0 | 2 | 0 | 2 | 1

-- JSON functions: documents come back in MySQL's normalised form (", " and ": ", keys sorted
-- by length, then bytes); TRUE/FALSE become JSON booleans; wildcards collect matches.
> SELECT JSON_ARRAY(1, 'a', NULL, TRUE, 1.5), JSON_OBJECT('b', FALSE, 'a', JSON_ARRAY(2)), JSON_EXTRACT('{"a": [10, 20, 30]}', '$.a[2]'), JSON_EXTRACT('[1, [2, 3]]', '$[1][*]')
JSON_ARRAY(1, 'a', NULL, TRUE, 1.5) | JSON_OBJECT('b', FALSE, 'a', JSON_ARRAY(2)) | JSON_EXTRACT('{"a": [10, 20, 30]}', '$.a[2]') | JSON_EXTRACT('[1, [2, 3]]', '$[1][*]')
[1, "a", null, true, 1.5] | {"a": [2], "b": false} | 30 | [2, 3]

> SELECT JSON_UNQUOTE(JSON_EXTRACT('{"k": "v"}', '$.k')), JSON_TYPE('1.5'), JSON_TYPE('[]'), JSON_DEPTH('[1, [2]]'), JSON_KEYS('{"bb": 1, "a": 2}'), JSON_LENGTH('{"a": 1, "b": [1, 2]}', '$.b'), JSON_VALID('{a: 1}')
JSON_UNQUOTE(JSON_EXTRACT('{"k": "v"}', '$.k')) | JSON_TYPE('1.5') | JSON_TYPE('[]') | JSON_DEPTH('[1, [2]]') | JSON_KEYS('{"bb": 1, "a": 2}') | JSON_LENGTH('{"a": 1, "b": [1, 2]}', '$.b') | JSON_VALID('{a: 1}')
v | DOUBLE | ARRAY | 3 | ["a", "bb"] | 2 | 0

> SELECT JSON_CONTAINS('{"a": 1, "b": 2}', '{"a": 1}'), JSON_CONTAINS('[1, 2, 3]', '5'), JSON_CONTAINS_PATH('{"a": 1}', 'one', '$.a', '$.b'), JSON_CONTAINS_PATH('{"a": 1}', 'all', '$.a', '$.b'), JSON_EXTRACT('{"a": 1}', '$.missing')
JSON_CONTAINS('{"a": 1, "b": 2}', '{"a": 1}') | JSON_CONTAINS('[1, 2, 3]', '5') | JSON_CONTAINS_PATH('{"a": 1}', 'one', '$.a', '$.b') | JSON_CONTAINS_PATH('{"a": 1}', 'all', '$.a', '$.b') | JSON_EXTRACT('{"a": 1}', '$.missing')
1 | 0 | 1 | 0 | NULL

> SELECT JSON_EXTRACT('{"a": 1', '$.a')
error 3141 Invalid JSON text in argument 1 to function json_extract: "Invalid value." at position 0.

> SELECT JSON_EXTRACT('{"a": 1}', 'a')
error 3143 Invalid JSON path expression. The error is around character position 0 in argument to function json_extract.

-- col->'$.path' is JSON_EXTRACT, col->>'$.path' its unquoted text.
> CREATE TABLE jdoc (id INT PRIMARY KEY, doc JSON)
ok 0 id=0 warnings=0

> INSERT INTO jdoc VALUES (1, '{"a": {"b": "x"}}'), (2, '{"a": {"b": "y"}}')
ok 2 id=0 warnings=0 info=Records: 2  Duplicates: 0  Warnings: 0

> SELECT id, doc->'$.a.b', doc->>'$.a.b' FROM jdoc WHERE doc->>'$.a.b' = 'y'
id | doc->'$.a.b' | doc->>'$.a.b'
2 | "y" | y

> DROP TABLE jdoc
ok 0 id=0 warnings=0

-- JSON modifiers: SET adds or replaces, INSERT only adds, REPLACE only replaces, an index past
-- the end appends, a missing parent leaves the document as it is; ARRAY_APPEND wraps a scalar.
> SELECT JSON_ARRAY_APPEND('[1, 2]', '$', 3), JSON_SET('{"a": 1}', '$.b', 2), JSON_REMOVE('[1, 2, 3]', '$[0]'), JSON_REPLACE('{"a": 1}', '$.a', 9), JSON_INSERT('{"a": 1}', '$.a', 5, '$.c', 'x')
JSON_ARRAY_APPEND('[1, 2]', '$', 3) | JSON_SET('{"a": 1}', '$.b', 2) | JSON_REMOVE('[1, 2, 3]', '$[0]') | JSON_REPLACE('{"a": 1}', '$.a', 9) | JSON_INSERT('{"a": 1}', '$.a', 5, '$.c', 'x')
[1, 2, 3] | {"a": 1, "b": 2} | [2, 3] | {"a": 9} | {"a": 1, "c": "x"}

> SELECT JSON_SET('[1]', '$[5]', 2), JSON_ARRAY_APPEND('{"a": 1}', '$.a', 2), JSON_SET('{"a": {"x": 1}}', '$.a.y', TRUE, '$.q.r', 1), JSON_REMOVE('{"a": 1, "b": 2}', '$.a', '$.zz')
JSON_SET('[1]', '$[5]', 2) | JSON_ARRAY_APPEND('{"a": 1}', '$.a', 2) | JSON_SET('{"a": {"x": 1}}', '$.a.y', TRUE, '$.q.r', 1) | JSON_REMOVE('{"a": 1, "b": 2}', '$.a', '$.zz')
[1, 2] | {"a": [1, 2]} | {"a": {"x": 1, "y": true}} | {"b": 2}

> SELECT JSON_REMOVE('[1]', '$')
error 3153 The path expression '$' is not allowed in this context.

> SELECT JSON_SET('[1]', '$[*]', 2)
error 3149 In this situation, path expressions may not contain the * and ** tokens.

-- An integer literal beyond BIGINT UNSIGNED is a DECIMAL: exact arithmetic, no 1690.
> SELECT 99999999999999999999 + 1, 18446744073709551615 + 0, 18446744073709551616, -99999999999999999999, 123456789012345678901234567890 * 2
99999999999999999999 + 1 | 18446744073709551615 + 0 | 18446744073709551616 | -99999999999999999999 | 123456789012345678901234567890 * 2
100000000000000000000 | 18446744073709551615 | 18446744073709551616 | -99999999999999999999 | 246913578024691357802469135780

-- INTERVAL(n, bounds…): the position before the first bound above n; NULL n is -1.
> SELECT INTERVAL(5, 1, 3, 7), INTERVAL(0, 1, 3, 7), INTERVAL(10, 1, 3, 7), INTERVAL(NULL, 1), INTERVAL(3, 1, 3, 7), INTERVAL(2.5, 1, NULL, 3)
INTERVAL(5, 1, 3, 7) | INTERVAL(0, 1, 3, 7) | INTERVAL(10, 1, 3, 7) | INTERVAL(NULL, 1) | INTERVAL(3, 1, 3, 7) | INTERVAL(2.5, 1, NULL, 3)
2 | 0 | 3 | -1 | 2 | 2

-- A database-qualified call is a stored function, which does not exist: 1305 names it.
> SELECT otherdb.nosuchfunction(1)
error 1305 FUNCTION otherdb.nosuchfunction does not exist
