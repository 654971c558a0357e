> CREATE TABLE t (id INT NOT NULL AUTO_INCREMENT PRIMARY KEY, k INT NOT NULL DEFAULT 0, c VARCHAR(5) NOT NULL, d DECIMAL(5,2), u TINYINT UNSIGNED, UNIQUE KEY uc (c))
ok 0 id=0 warnings=0

> INSERT INTO t (k, c) VALUES (1, 'a')
ok 1 id=1 warnings=0

> SELECT LAST_INSERT_ID(), ROW_COUNT()
LAST_INSERT_ID() | ROW_COUNT()
1 | 1

> INSERT INTO t (k, c) VALUES (2, 'b'), (3, 'c'), (4, 'd')
ok 3 id=2 warnings=0 info=Records: 3  Duplicates: 0  Warnings: 0

> SELECT LAST_INSERT_ID()
LAST_INSERT_ID()
2

> INSERT INTO t (id, k, c) VALUES (10, 5, 'e')
ok 1 id=10 warnings=0

> INSERT INTO t (c) VALUES ('f')
ok 1 id=11 warnings=0

> SELECT id, k, c FROM t ORDER BY id
id | k | c
1 | 1 | a
2 | 2 | b
3 | 3 | c
4 | 4 | d
10 | 5 | e
11 | 0 | f

> INSERT INTO t (c) VALUES ('a')
error 1062 Duplicate entry 'a' for key 't.uc'

> INSERT INTO t (id, c) VALUES (1, 'zz')
error 1062 Duplicate entry '1' for key 't.PRIMARY'

> INSERT INTO t (k) VALUES (1)
error 1364 Field 'c' doesn't have a default value

> INSERT INTO t (c) VALUES (NULL)
error 1048 Column 'c' cannot be null

> INSERT INTO t (k, c) VALUES (1)
error 1136 Column count doesn't match value count at row 1

> INSERT INTO t (k, c) VALUES (1, 'g'), (2)
error 1136 Column count doesn't match value count at row 2

> INSERT INTO t (nosuch) VALUES (1)
error 1054 Unknown column 'nosuch' in 'field list'

> INSERT INTO t (c, c) VALUES ('x', 'y')
error 1110 Column 'c' specified twice

> INSERT INTO t (c) VALUES ('toolong')
error 1406 Data too long for column 'c' at row 1

> INSERT INTO t (c, u) VALUES ('h', 300)
error 1264 Out of range value for column 'u' at row 1

> INSERT INTO t (c, k) VALUES ('h', 'abc')
error 1366 Incorrect integer value: 'abc' for column 'k' at row 1

> INSERT INTO t (c, d) VALUES ('h', 1.005)
ok 1 id=13 warnings=1

> SHOW WARNINGS
Level | Code | Message
Note | 1265 | Data truncated for column 'd' at row 1

> SELECT c, d FROM t WHERE c = 'h'
c | d
h | 1.01

> INSERT IGNORE INTO t (c) VALUES ('a'), ('i')
ok 1 id=14 warnings=1 info=Records: 2  Duplicates: 1  Warnings: 1

> SHOW WARNINGS
Level | Code | Message
Warning | 1062 | Duplicate entry 'a' for key 't.uc'

> SET sql_mode = ''
ok 0 id=0 warnings=0

> INSERT INTO t (c, u) VALUES ('j', 300)
ok 1 id=16 warnings=1

> SHOW WARNINGS
Level | Code | Message
Warning | 1264 | Out of range value for column 'u' at row 1

> INSERT INTO t (c) VALUES ('toolongvalue')
ok 1 id=17 warnings=1

> SELECT c, u FROM t WHERE c IN ('j', 'toolo')
c | u
j | 255
toolo | NULL

> SET sql_mode = DEFAULT
ok 0 id=0 warnings=0

> INSERT INTO t (c, k) VALUES ('a', 100) ON DUPLICATE KEY UPDATE k = k + VALUES(k)
ok 2 id=18 warnings=0

> SELECT id, k, c FROM t WHERE c = 'a'
id | k | c
1 | 101 | a

> INSERT INTO t (c, k) VALUES ('a', 100) ON DUPLICATE KEY UPDATE k = k
ok 0 id=19 warnings=0

> REPLACE INTO t (id, k, c) VALUES (1, 7, 'a2')
ok 2 id=1 warnings=0

> SELECT id, k, c FROM t WHERE id = 1
id | k | c
1 | 7 | a2

> UPDATE t SET k = k + 1 WHERE id = 2
ok 1 id=0 warnings=0 info=Rows matched: 1  Changed: 1  Warnings: 0

> UPDATE t SET k = k WHERE id = 2
ok 0 id=0 warnings=0 info=Rows matched: 1  Changed: 0  Warnings: 0

> UPDATE t SET k = k + 1 WHERE id > 100
ok 0 id=0 warnings=0 info=Rows matched: 0  Changed: 0  Warnings: 0

> UPDATE t SET k = 0, c = CONCAT(c, 'x') WHERE id IN (3, 4)
ok 2 id=0 warnings=0 info=Rows matched: 2  Changed: 2  Warnings: 0

> SELECT id, k, c FROM t WHERE id IN (3, 4)
id | k | c
3 | 0 | cx
4 | 0 | dx

> UPDATE t SET c = 'b' WHERE id = 3
error 1062 Duplicate entry 'b' for key 't.uc'

> UPDATE t SET nosuch = 1
error 1054 Unknown column 'nosuch' in 'field list'

> UPDATE t SET c = NULL WHERE id = 3
error 1048 Column 'c' cannot be null

> UPDATE t SET k = k + 1 ORDER BY id DESC LIMIT 2
ok 2 id=0 warnings=0 info=Rows matched: 2  Changed: 2  Warnings: 0

> DELETE FROM t WHERE id = 4
ok 1 id=0 warnings=0

> DELETE FROM t WHERE id = 4
ok 0 id=0 warnings=0

> SELECT ROW_COUNT()
ROW_COUNT()
0

> DELETE FROM t WHERE k > 1000
ok 0 id=0 warnings=0

> SELECT COUNT(*) FROM t
COUNT(*)
9

> DELETE FROM t ORDER BY id LIMIT 2
ok 2 id=0 warnings=0

> SELECT COUNT(*) FROM t
COUNT(*)
7

> INSERT INTO t SET c = 'set1', k = 9
ok 1 id=20 warnings=0

> SELECT k FROM t WHERE c = 'set1'
k
9

> CREATE TABLE t_copy (id INT PRIMARY KEY, c VARCHAR(20))
ok 0 id=0 warnings=0

> INSERT INTO t_copy SELECT id, c FROM t WHERE id < 20
ok 7 id=0 warnings=0 info=Records: 7  Duplicates: 0  Warnings: 0

> SELECT COUNT(*) FROM t_copy
COUNT(*)
7

> INSERT INTO t_copy (id) SELECT id, c FROM t
error 1136 Column count doesn't match value count at row 1

> SELECT LAST_INSERT_ID(42), LAST_INSERT_ID()
LAST_INSERT_ID(42) | LAST_INSERT_ID()
42 | 42

> UPDATE t SET k = LAST_INSERT_ID(k + 100) WHERE c = 'set1'
ok 1 id=109 warnings=0 info=Rows matched: 1  Changed: 1  Warnings: 0

> SELECT LAST_INSERT_ID()
LAST_INSERT_ID()
109

> CREATE TABLE big (id BIGINT PRIMARY KEY, v DOUBLE, f FLOAT, dt DATETIME(3), dd DATE, b VARBINARY(4), y YEAR)
ok 0 id=0 warnings=0

> INSERT INTO big VALUES (9223372036854775807, 1e300, 1.1, '2024-02-29 10:00:00.123456', '2024-02-29', 'ab', 2024)
ok 1 id=0 warnings=0

> SELECT * FROM big
id | v | f | dt | dd | b | y
9223372036854775807 | 1e300 | 1.1 | 2024-02-29 10:00:00.123 | 2024-02-29 | 0x6162 | 2024

> INSERT INTO big (id, dd) VALUES (2, '2023-02-30')
error 1292 Incorrect date value: '2023-02-30' for column 'dd' at row 1

> INSERT INTO big (id) VALUES (9223372036854775808)
error 1264 Out of range value for column 'id' at row 1

> CREATE TABLE t_sel (PRIMARY KEY (id)) SELECT id, c, k * 2 AS k2 FROM t WHERE id < 5
ok 1 id=0 warnings=0 info=Records: 1  Duplicates: 0  Warnings: 0

> SHOW CREATE TABLE t_sel
Table | Create Table
t_sel | CREATE TABLE `t_sel` (
  `id` int NOT NULL,
  `c` varchar(5) NOT NULL,
  `k2` bigint DEFAULT NULL,
  PRIMARY KEY (`id`)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_0900_ai_ci

> SELECT * FROM t_sel ORDER BY id
id | c | k2
3 | cx | 0

> CREATE TABLE t_sel2 SELECT 1 AS a UNION ALL SELECT 1
ok 2 id=0 warnings=0 info=Records: 2  Duplicates: 0  Warnings: 0

> CREATE TABLE t_bad (PRIMARY KEY (a)) SELECT 1 AS a UNION ALL SELECT 1
error 1062 Duplicate entry '1' for key 't_bad.PRIMARY'

> SHOW TABLES LIKE 't_bad'
Tables_in_test (t_bad)


-- Excess trailing spaces are cut without an error in strict mode: a Note for VARCHAR,
-- nothing for CHAR; any other excess character is still 1406.
> CREATE TABLE pad_cut (id INT PRIMARY KEY, c CHAR(5), v VARCHAR(5))
ok 0 id=0 warnings=0

> INSERT INTO pad_cut (id, v) VALUES (1, 'abc     ')
ok 1 id=0 warnings=1

> SHOW WARNINGS
Level | Code | Message
Note | 1265 | Data truncated for column 'v' at row 1

> INSERT INTO pad_cut (id, c) VALUES (2, 'abcde   ')
ok 1 id=0 warnings=0

> INSERT INTO pad_cut (id, v) VALUES (3, 'abcdef  ')
error 1406 Data too long for column 'v' at row 1

> SELECT id, c, v, LENGTH(v) FROM pad_cut ORDER BY id
id | c | v | LENGTH(v)
1 | NULL | abc   | 5
2 | abcde | NULL | NULL

> DROP TABLE pad_cut
ok 0 id=0 warnings=0

-- UPDATE … SET col = (uncorrelated subquery): run once, before the rows are read; later
-- assignments still see earlier ones; more than one row is 1242.
> CREATE TABLE upd_t (id INT PRIMARY KEY, val INT)
ok 0 id=0 warnings=0

> CREATE TABLE upd_adj (grp CHAR(1), delta INT)
ok 0 id=0 warnings=0

> INSERT INTO upd_t VALUES (3, 1), (4, 2)
ok 2 id=0 warnings=0 info=Records: 2  Duplicates: 0  Warnings: 0

> INSERT INTO upd_adj VALUES ('a', 5), ('b', 7)
ok 2 id=0 warnings=0 info=Records: 2  Duplicates: 0  Warnings: 0

> UPDATE upd_t SET val = (SELECT MAX(delta) FROM upd_adj) WHERE id = 3
ok 1 id=0 warnings=0 info=Rows matched: 1  Changed: 1  Warnings: 0

> UPDATE upd_t SET val = val + 1, val = (SELECT MIN(delta) FROM upd_adj) + val WHERE id = 4
ok 1 id=0 warnings=0 info=Rows matched: 1  Changed: 1  Warnings: 0

> SELECT * FROM upd_t ORDER BY id
id | val
3 | 7
4 | 8

> UPDATE upd_t SET val = (SELECT delta FROM upd_adj)
error 1242 Subquery returns more than 1 row

> DROP TABLE upd_t, upd_adj
ok 0 id=0 warnings=0

-- REPLACE counts: with one unique key a row replaced by an identical one counts once (MySQL
-- updates in place), by a different one twice; with two unique keys it is a delete + insert.
> CREATE TABLE rep_a (n INT PRIMARY KEY)
ok 0 id=0 warnings=0

> INSERT INTO rep_a VALUES (52)
ok 1 id=0 warnings=0

> REPLACE INTO rep_a VALUES (52), (54)
ok 2 id=0 warnings=0 info=Records: 2  Duplicates: 0  Warnings: 0

> CREATE TABLE rep_b (id INT PRIMARY KEY, v VARCHAR(5), u INT UNIQUE)
ok 0 id=0 warnings=0

> INSERT INTO rep_b VALUES (1, 'x', 1)
ok 1 id=0 warnings=0

> REPLACE INTO rep_b VALUES (1, 'x', 1)
ok 2 id=0 warnings=0

> CREATE TABLE rep_c (n INT PRIMARY KEY, v INT)
ok 0 id=0 warnings=0

> INSERT INTO rep_c VALUES (1, 1), (2, 2)
ok 2 id=0 warnings=0 info=Records: 2  Duplicates: 0  Warnings: 0

> REPLACE INTO rep_c VALUES (1, 5), (2, 2)
ok 3 id=0 warnings=0 info=Records: 2  Duplicates: 1  Warnings: 0

> DROP TABLE rep_a, rep_b, rep_c
ok 0 id=0 warnings=0

-- DECIMAL UNSIGNED holds no negative value: 1264 in strict mode (-0.00 is zero, fine).
> CREATE TABLE dec_u (id INT PRIMARY KEY, c DECIMAL(5,2) UNSIGNED)
ok 0 id=0 warnings=0

> INSERT INTO dec_u VALUES (1, -0.01)
error 1264 Out of range value for column 'c' at row 1

> INSERT INTO dec_u VALUES (2, -0.00)
ok 1 id=0 warnings=0

> SELECT * FROM dec_u
id | c
2 | 0.00

> DROP TABLE dec_u
ok 0 id=0 warnings=0
