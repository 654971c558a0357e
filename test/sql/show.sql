> CREATE TABLE s (id INT NOT NULL AUTO_INCREMENT, k INT NOT NULL DEFAULT 0, c CHAR(20) NOT NULL DEFAULT '', PRIMARY KEY (id), KEY k_1 (k))
ok 0 id=0 warnings=0

> INSERT INTO s (k, c) VALUES (1, 'a'), (2, 'b'), (2, 'c'), (3, 'd')
ok 4 id=1 warnings=0 info=Records: 4  Duplicates: 0  Warnings: 0

> SHOW DATABASES
Database
information_schema
mysql
performance_schema
sys
test

> SHOW DATABASES LIKE 'test'
Database
test

> SHOW TABLES FROM information_schema LIKE 'S%'
Tables_in_information_schema (S%)
SCHEMATA
STATISTICS

> USE information_schema
ok 0 id=0 warnings=0

> SHOW TABLES LIKE 'COLUMNS'
Tables_in_information_schema (COLUMNS)
COLUMNS

> USE mysql
ok 0 id=0 warnings=0

> SHOW TABLES
Tables_in_mysql

> USE nosuch
error 1049 Unknown database 'nosuch'

> USE test
ok 0 id=0 warnings=0

> SELECT SCHEMA_NAME, DEFAULT_CHARACTER_SET_NAME FROM information_schema.SCHEMATA ORDER BY SCHEMA_NAME
SCHEMA_NAME | DEFAULT_CHARACTER_SET_NAME
information_schema | utf8mb3
mysql | utf8mb4
performance_schema | utf8mb4
sys | utf8mb4
test | utf8mb4

> SELECT TABLE_NAME, TABLE_TYPE, ENGINE, TABLE_ROWS, AUTO_INCREMENT FROM information_schema.TABLES WHERE TABLE_SCHEMA = 'test'
TABLE_NAME | TABLE_TYPE | ENGINE | TABLE_ROWS | AUTO_INCREMENT
s | BASE TABLE | InnoDB | 4 | 5

> SELECT COLUMN_NAME, ORDINAL_POSITION, COLUMN_DEFAULT, IS_NULLABLE, DATA_TYPE, COLUMN_TYPE, COLUMN_KEY, EXTRA FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = 'test' AND TABLE_NAME = 's' ORDER BY ORDINAL_POSITION
COLUMN_NAME | ORDINAL_POSITION | COLUMN_DEFAULT | IS_NULLABLE | DATA_TYPE | COLUMN_TYPE | COLUMN_KEY | EXTRA
id | 1 | NULL | NO | int | int | PRI | auto_increment
k | 2 | 0 | NO | int | int | MUL | 
c | 3 |  | NO | char | char(20) |  | 

> SELECT INDEX_NAME, SEQ_IN_INDEX, COLUMN_NAME, NON_UNIQUE FROM information_schema.STATISTICS WHERE TABLE_NAME = 's' ORDER BY INDEX_NAME
INDEX_NAME | SEQ_IN_INDEX | COLUMN_NAME | NON_UNIQUE
k_1 | 1 | k | 1
PRIMARY | 1 | id | 0

> SELECT COUNT(*) > 0 FROM information_schema.COLLATIONS WHERE COLLATION_NAME = 'utf8mb4_0900_ai_ci'
COUNT(*) > 0
1

> SELECT * FROM information_schema.NOSUCH
error 1146 Table 'information_schema.NOSUCH' doesn't exist

> SHOW TABLE STATUS LIKE 's'
Name | Engine | Version | Row_format | Rows | Avg_row_length | Data_length | Max_data_length | Index_length | Data_free | Auto_increment | Create_time | Update_time | Check_time | Collation | Checksum | Create_options | Comment
s | InnoDB | 10 | Dynamic | 4 | 0 | 16384 | 0 | 0 | 0 | 5 | 2024-01-15 12:30:45 | NULL | NULL | utf8mb4_0900_ai_ci | NULL |  | 

> SHOW ENGINES
Engine | Support | Comment | Transactions | XA | Savepoints
InnoDB | DEFAULT | Supports transactions, row-level locking, and foreign keys | YES | NO | YES

> SHOW CHARACTER SET LIKE 'utf8mb4'
Charset | Description | Default collation | Maxlen
utf8mb4 | UTF-8 Unicode | utf8mb4_0900_ai_ci | 4

> SHOW COLLATION LIKE 'utf8mb4_bin'
Collation | Charset | Id | Default | Compiled | Sortlen | Pad_attribute
utf8mb4_bin | utf8mb4 | 46 |  | Yes | 1 | PAD SPACE

> SHOW GRANTS
Grants for root@localhost
GRANT ALL PRIVILEGES ON *.* TO `root`@`localhost` WITH GRANT OPTION

> SELECT NOW(), CURDATE(), UNIX_TIMESTAMP()
NOW() | CURDATE() | UNIX_TIMESTAMP()
2024-01-15 12:30:45 | 2024-01-15 | 1705321845

> SHOW STATUS LIKE 'Uptime'
Variable_name | Value
Uptime | 0

> SHOW PROCESSLIST
Id | User | Host | db | Command | Time | State | Info
1000 | root | localhost | NULL | Sleep | 0 |  | NULL
1 | root | localhost | test | Query | 0 | executing | SHOW PROCESSLIST

> SHOW COUNT(*) WARNINGS
@@session.warning_count
0

> SELECT CAST('x' AS SIGNED), CAST('y' AS SIGNED)
CAST('x' AS SIGNED) | CAST('y' AS SIGNED)
0 | 0

> SELECT @@warning_count
@@warning_count
2

> SHOW WARNINGS LIMIT 1
Level | Code | Message
Warning | 1292 | Truncated incorrect INTEGER value: 'x'

> SHOW COUNT(*) WARNINGS
@@session.warning_count
2

> SELECT 1
1
1

> SHOW WARNINGS
Level | Code | Message

> SELECT nosuch
error 1054 Unknown column 'nosuch' in 'field list'

> SHOW ERRORS
Level | Code | Message
Error | 1054 | Unknown column 'nosuch' in 'field list'

> SHOW COUNT(*) ERRORS
@@session.error_count
1

> SELECT @@error_count
@@error_count
1

> ANALYZE TABLE s, nosuch
Table | Op | Msg_type | Msg_text
test.s | analyze | status | OK
test.nosuch | analyze | Error | Table 'test.nosuch' doesn't exist
test.nosuch | analyze | status | Operation failed

> OPTIMIZE TABLE s
Table | Op | Msg_type | Msg_text
test.s | optimize | status | OK

> CHECK TABLE s
Table | Op | Msg_type | Msg_text
test.s | check | status | OK

> DO 1 + 1, @d := 5
ok 0 id=0 warnings=0

> SELECT @d
@d
5

> EXPLAIN SELECT c FROM s WHERE id = 2
id | select_type | table | partitions | type | possible_keys | key | key_len | ref | rows | filtered | Extra
1 | SIMPLE | s | NULL | const | PRIMARY | PRIMARY | 4 | const | 1 | 100.00 | Using where

> EXPLAIN SELECT c FROM s WHERE id IN (1, 3)
id | select_type | table | partitions | type | possible_keys | key | key_len | ref | rows | filtered | Extra
1 | SIMPLE | s | NULL | range | PRIMARY | PRIMARY | 4 | NULL | 2 | 100.00 | Using where

> EXPLAIN SELECT c FROM s WHERE id BETWEEN 1 AND 3
id | select_type | table | partitions | type | possible_keys | key | key_len | ref | rows | filtered | Extra
1 | SIMPLE | s | NULL | range | PRIMARY | PRIMARY | 4 | NULL | 2 | 100.00 | Using where

> EXPLAIN SELECT c FROM s WHERE k = 2
id | select_type | table | partitions | type | possible_keys | key | key_len | ref | rows | filtered | Extra
1 | SIMPLE | s | NULL | ref | k_1 | k_1 | 4 | const | 1 | 100.00 | Using where

> EXPLAIN SELECT c FROM s WHERE k > 1
id | select_type | table | partitions | type | possible_keys | key | key_len | ref | rows | filtered | Extra
1 | SIMPLE | s | NULL | range | k_1 | k_1 | 4 | NULL | 2 | 100.00 | Using where

> EXPLAIN SELECT c FROM s WHERE c = 'a'
id | select_type | table | partitions | type | possible_keys | key | key_len | ref | rows | filtered | Extra
1 | SIMPLE | s | NULL | ALL | NULL | NULL | NULL | NULL | 4 | 100.00 | Using where

> EXPLAIN SELECT c FROM s ORDER BY id DESC LIMIT 1
id | select_type | table | partitions | type | possible_keys | key | key_len | ref | rows | filtered | Extra
1 | SIMPLE | s | NULL | index | PRIMARY | PRIMARY | 4 | NULL | 4 | 100.00 | NULL

> EXPLAIN SELECT c FROM s ORDER BY c
id | select_type | table | partitions | type | possible_keys | key | key_len | ref | rows | filtered | Extra
1 | SIMPLE | s | NULL | ALL | NULL | NULL | NULL | NULL | 4 | 100.00 | Using filesort

> EXPLAIN SELECT a.c, b.c FROM s a JOIN s b ON b.id = a.k
id | select_type | table | partitions | type | possible_keys | key | key_len | ref | rows | filtered | Extra
1 | SIMPLE | a | NULL | ALL | NULL | NULL | NULL | NULL | 4 | 100.00 | NULL
1 | SIMPLE | b | NULL | eq_ref | PRIMARY | PRIMARY | 4 | func | 1 | 100.00 | Using where

> EXPLAIN UPDATE s SET k = k + 1 WHERE id = 1
id | select_type | table | partitions | type | possible_keys | key | key_len | ref | rows | filtered | Extra
1 | UPDATE | s | NULL | const | PRIMARY | PRIMARY | 4 | const | 1 | 100.00 | Using where

> EXPLAIN DELETE FROM s WHERE k = 3
id | select_type | table | partitions | type | possible_keys | key | key_len | ref | rows | filtered | Extra
1 | DELETE | s | NULL | ref | k_1 | k_1 | 4 | const | 1 | 100.00 | Using where

> SELECT c FROM s WHERE k > 1 ORDER BY c
c
b
c
d

> SELECT a.c, b.c FROM s a JOIN s b ON b.id = a.k ORDER BY a.id
c | c
a | a
b | b
c | b
d | c

> SELECT c FROM s ORDER BY id DESC LIMIT 2
c
d
c

> KILL 9999
error 1094 Unknown thread id: 9999

> FLUSH PRIVILEGES
ok 0 id=0 warnings=0

> LOCK TABLES s READ
error 1235 This version of MySQL doesn't yet support 'LOCK TABLES'

> UNLOCK TABLES
ok 0 id=0 warnings=0

> PREPARE st FROM 'SELECT c FROM s WHERE id = ?'
ok 0 id=0 warnings=0

> SET @pid = 3
ok 0 id=0 warnings=0

> EXECUTE st USING @pid
c
c

> DEALLOCATE PREPARE st
ok 0 id=0 warnings=0

> EXECUTE st USING @pid
error 1243 Unknown prepared statement handler (st) given to EXECUTE


-- Without a PRIMARY KEY, the first UNIQUE key over NOT NULL columns is shown as PRI (it is
-- the key InnoDB clusters by); a nullable UNIQUE column stays UNI.
> CREATE TABLE implicit_pk (a INT NOT NULL, b INT NOT NULL, c INT, UNIQUE KEY (c), UNIQUE KEY ab (a, b))
ok 0 id=0 warnings=0

> SHOW COLUMNS FROM implicit_pk
Field | Type | Null | Key | Default | Extra
a | int | NO | PRI | NULL | 
b | int | NO | PRI | NULL | 
c | int | YES | UNI | NULL | 

> DROP TABLE implicit_pk
ok 0 id=0 warnings=0
