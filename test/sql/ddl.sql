> CREATE DATABASE test
error 1007 Can't create database 'test'; database exists

> CREATE DATABASE IF NOT EXISTS test
ok 0 id=0 warnings=1

> SHOW WARNINGS
Level | Code | Message
Note | 1007 | Can't create database 'test'; database exists

> DROP DATABASE nosuch
error 1008 Can't drop database 'nosuch'; database doesn't exist

> DROP DATABASE IF EXISTS nosuch
ok 0 id=0 warnings=1

> SHOW WARNINGS
Level | Code | Message
Note | 1008 | Can't drop database 'nosuch'; database doesn't exist

> CREATE DATABASE other CHARACTER SET latin1
ok 1 id=0 warnings=0

> SHOW CREATE DATABASE other
Database | Create Database
other | CREATE DATABASE `other` /*!40100 DEFAULT CHARACTER SET latin1 COLLATE latin1_swedish_ci */ /*!80016 DEFAULT ENCRYPTION='N' */

> DROP DATABASE other
ok 0 id=0 warnings=0

> CREATE TABLE t1 (id INT PRIMARY KEY, name VARCHAR(20) NOT NULL, score DECIMAL(6,2) DEFAULT 1.5, note TEXT, created DATETIME DEFAULT CURRENT_TIMESTAMP, flag TINYINT(1) NOT NULL DEFAULT 0, UNIQUE KEY uk_name (name), KEY idx_score (score)) ENGINE=MyISAM COMMENT='first table'
ok 0 id=0 warnings=0

> SHOW CREATE TABLE t1
Table | Create Table
t1 | CREATE TABLE `t1` (
  `id` int NOT NULL,
  `name` varchar(20) NOT NULL,
  `score` decimal(6,2) DEFAULT '1.50',
  `note` text,
  `created` datetime DEFAULT CURRENT_TIMESTAMP,
  `flag` tinyint(1) NOT NULL DEFAULT '0',
  PRIMARY KEY (`id`),
  UNIQUE KEY `uk_name` (`name`),
  KEY `idx_score` (`score`)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_0900_ai_ci COMMENT='first table'

> CREATE TABLE t1 (id INT)
error 1050 Table 't1' already exists

> CREATE TABLE IF NOT EXISTS t1 (id INT)
ok 0 id=0 warnings=1

> SHOW WARNINGS
Level | Code | Message
Note | 1050 | Table 't1' already exists

> DESCRIBE t1
Field | Type | Null | Key | Default | Extra
id | int | NO | PRI | NULL | 
name | varchar(20) | NO | UNI | NULL | 
score | decimal(6,2) | YES | MUL | 1.50 | 
note | text | YES |  | NULL | 
created | datetime | YES |  | CURRENT_TIMESTAMP | DEFAULT_GENERATED
flag | tinyint(1) | NO |  | 0 | 

> SHOW FULL COLUMNS FROM t1 LIKE 'n%'
Field | Type | Collation | Null | Key | Default | Extra | Privileges | Comment
name | varchar(20) | utf8mb4_0900_ai_ci | NO | UNI | NULL |  | select,insert,update,references | 
note | text | utf8mb4_0900_ai_ci | YES |  | NULL |  | select,insert,update,references | 

> SHOW INDEX FROM t1
Table | Non_unique | Key_name | Seq_in_index | Column_name | Collation | Cardinality | Sub_part | Packed | Null | Index_type | Comment | Index_comment | Visible | Expression
t1 | 0 | PRIMARY | 1 | id | A | 0 | NULL | NULL |  | BTREE |  |  | YES | NULL
t1 | 0 | uk_name | 1 | name | A | 0 | NULL | NULL |  | BTREE |  |  | YES | NULL
t1 | 1 | idx_score | 1 | score | A | 0 | NULL | NULL | YES | BTREE |  |  | YES | NULL

> CREATE TABLE bad1 (id INT AUTO_INCREMENT, v INT)
error 1075 Incorrect table definition; there can be only one auto column and it must be defined as a key

> CREATE TABLE bad2 (id INT NOT NULL DEFAULT NULL)
error 1067 Invalid default value for 'id'

> CREATE TABLE bad3 (id INT DEFAULT 'abc')
error 1067 Invalid default value for 'id'

> CREATE TABLE bad4 (id INT, id INT)
error 1060 Duplicate column name 'id'

> CREATE TABLE bad5 (id INT, PRIMARY KEY (id), PRIMARY KEY (id))
error 1068 Multiple primary key defined

> CREATE TABLE bad6 (id INT, KEY (nosuch))
error 1072 Key column 'nosuch' doesn't exist in table

> CREATE TABLE bad7 (t TEXT, KEY (t))
error 1170 BLOB/TEXT column 't' used in key specification without a key length

> CREATE TABLE bad8 (t TEXT DEFAULT 'x')
error 1101 BLOB, TEXT, GEOMETRY or JSON column 't' can't have a default value

> CREATE TABLE bad9 (id INT, KEY k (id), KEY k (id))
error 1061 Duplicate key name 'k'

> CREATE TABLE t2 (id BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY, v VARCHAR(10) COLLATE utf8mb4_bin, e ENUM('a','b') DEFAULT 'a', d DATE, ts TIMESTAMP NULL ON UPDATE CURRENT_TIMESTAMP) AUTO_INCREMENT=100
ok 0 id=0 warnings=0

> SHOW CREATE TABLE t2
Table | Create Table
t2 | CREATE TABLE `t2` (
  `id` bigint unsigned NOT NULL AUTO_INCREMENT,
  `v` varchar(10) COLLATE utf8mb4_bin DEFAULT NULL,
  `e` enum('a','b') DEFAULT 'a',
  `d` date DEFAULT NULL,
  `ts` timestamp NULL DEFAULT NULL ON UPDATE CURRENT_TIMESTAMP,
  PRIMARY KEY (`id`)
) ENGINE=InnoDB AUTO_INCREMENT=100 DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_0900_ai_ci

> CREATE TABLE t3 LIKE t2
ok 0 id=0 warnings=0

> SHOW TABLES
Tables_in_test
t1
t2
t3

> SHOW FULL TABLES LIKE 't_'
Tables_in_test (t_) | Table_type
t1 | BASE TABLE
t2 | BASE TABLE
t3 | BASE TABLE

> CREATE INDEX idx_v ON t2 (v)
ok 0 id=0 warnings=0

> CREATE UNIQUE INDEX idx_v ON t2 (e)
error 1061 Duplicate key name 'idx_v'

> SHOW INDEX FROM t2
Table | Non_unique | Key_name | Seq_in_index | Column_name | Collation | Cardinality | Sub_part | Packed | Null | Index_type | Comment | Index_comment | Visible | Expression
t2 | 0 | PRIMARY | 1 | id | A | 0 | NULL | NULL |  | BTREE |  |  | YES | NULL
t2 | 1 | idx_v | 1 | v | A | 0 | NULL | NULL | YES | BTREE |  |  | YES | NULL

> DROP TABLE t3, nosuch
error 1051 Unknown table 'test.nosuch'

> DROP TABLE IF EXISTS t3, nosuch
ok 0 id=0 warnings=1

> SHOW WARNINGS
Level | Code | Message
Note | 1051 | Unknown table 'test.nosuch'

> SHOW TABLES
Tables_in_test
t1
t2

> CREATE TABLE nodb.t (id INT)
error 1049 Unknown database 'nodb'

> SELECT * FROM nosuch
error 1146 Table 'test.nosuch' doesn't exist

> TRUNCATE TABLE t2
ok 0 id=0 warnings=0

> DROP TABLE t2
ok 0 id=0 warnings=0

> CREATE TABLE alt (id INT PRIMARY KEY, a INT, b VARCHAR(10))
ok 0 id=0 warnings=0

> ALTER TABLE alt ADD INDEX idx_a (a), ADD UNIQUE KEY uk_b (b)
ok 0 id=0 warnings=0

> SHOW CREATE TABLE alt
Table | Create Table
alt | CREATE TABLE `alt` (
  `id` int NOT NULL,
  `a` int DEFAULT NULL,
  `b` varchar(10) DEFAULT NULL,
  PRIMARY KEY (`id`),
  UNIQUE KEY `uk_b` (`b`),
  KEY `idx_a` (`a`)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_0900_ai_ci

> ALTER TABLE alt ADD COLUMN c INT
error 1235 This version of MySQL doesn't yet support 'ALTER TABLE … ADD COLUMNS'

> ALTER TABLE alt DROP INDEX idx_a
ok 0 id=0 warnings=0

> ALTER TABLE alt DROP INDEX idx_a
error 1091 Can't DROP 'idx_a'; check that column/key exists


-- The checks MySQL makes before it would run an ALTER: the table, the dropped column, a
-- duplicate added column.
> ALTER TABLE alt DROP COLUMN nosuch
error 1091 Can't DROP 'nosuch'; check that column/key exists

> ALTER TABLE alt ADD COLUMN a INT
error 1060 Duplicate column name 'a'

> ALTER TABLE nosuch ADD COLUMN q INT
error 1146 Table 'test.nosuch' doesn't exist

-- RENAME keeps rows, indexes and AUTO_INCREMENT; the old name is gone.
> INSERT INTO alt VALUES (1, 10, 'x'), (2, 20, 'y')
ok 2 id=0 warnings=0 info=Records: 2  Duplicates: 0  Warnings: 0

> ALTER TABLE alt RENAME TO alt2
ok 0 id=0 warnings=0

> SELECT COUNT(*) FROM alt
error 1146 Table 'test.alt' doesn't exist

> SELECT id, a, b FROM alt2 WHERE b = 'y'
id | a | b
2 | 20 | y

> INSERT INTO alt2 VALUES (3, 30, 'y')
error 1062 Duplicate entry 'y' for key 'alt2.uk_b'

> RENAME TABLE alt2 TO alt3, alt3 TO alt
ok 0 id=0 warnings=0

> RENAME TABLE alt TO nosuchdb.alt
error 1049 Unknown database 'nosuchdb'

> CREATE TABLE other (id INT)
ok 0 id=0 warnings=0

> RENAME TABLE alt TO other
error 1050 Table 'other' already exists

> RENAME TABLE nosuch TO alt9
error 1146 Table 'test.nosuch' doesn't exist

> SELECT id, a, b FROM alt ORDER BY id
id | a | b
1 | 10 | x
2 | 20 | y

> DROP TABLE other
ok 0 id=0 warnings=0

-- DROP INDEX removes the index and its entries: the duplicate it refused now goes in.
> DROP INDEX uk_b ON alt
ok 0 id=0 warnings=0

> INSERT INTO alt VALUES (3, 30, 'y')
ok 1 id=0 warnings=0

> SHOW CREATE TABLE alt
Table | Create Table
alt | CREATE TABLE `alt` (
  `id` int NOT NULL,
  `a` int DEFAULT NULL,
  `b` varchar(10) DEFAULT NULL,
  PRIMARY KEY (`id`)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_0900_ai_ci

> SELECT id FROM alt WHERE b = 'y' ORDER BY id
id
2
3

> DROP INDEX uk_b ON alt
error 1091 Can't DROP 'uk_b'; check that column/key exists

> DROP INDEX `PRIMARY` ON alt
error 1235 This version of MySQL doesn't yet support 'DROP INDEX `PRIMARY` (a table rebuild)'

> ALTER TABLE alt ADD UNIQUE KEY uk_b (b)
error 1062 Duplicate entry 'y' for key 'alt.uk_b'
