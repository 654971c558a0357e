import { describe, expect, it } from "vitest";
import { parse } from "./parser.ts";

/**
 * Statements as tools and applications write them (mysqldump output, ORMs, admin GUIs,
 * drivers): each must parse, with the statement count given.
 */
const statements: readonly string[] = [
  "/*!40101 SET @OLD_CHARACTER_SET_CLIENT=@@CHARACTER_SET_CLIENT */;",
  "/*!40103 SET TIME_ZONE='+00:00' */;",
  "/*!40014 SET @OLD_UNIQUE_CHECKS=@@UNIQUE_CHECKS, UNIQUE_CHECKS=0 */;",
  "/*!40101 SET @OLD_SQL_MODE=@@SQL_MODE, SQL_MODE='NO_AUTO_VALUE_ON_ZERO' */;",
  "/*!40111 SET @OLD_SQL_NOTES=@@SQL_NOTES, SQL_NOTES=0 */;",
  "/*!50503 SET NAMES utf8mb4 */;",
  "/*!40101 SET character_set_client = utf8 */;",
  "CREATE TABLE `t` (\n  `id` int NOT NULL AUTO_INCREMENT,\n  `name` varchar(50) COLLATE" +
    " utf8mb4_bin DEFAULT NULL,\n  PRIMARY KEY (`id`),\n  KEY `idx` (`name`)\n)" +
    " ENGINE=InnoDB AUTO_INCREMENT=5 DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_0900_ai_ci;",
  "LOCK TABLES `t` WRITE;",
  "/*!40000 ALTER TABLE `t` DISABLE KEYS */;",
  "INSERT INTO `t` VALUES (1,'a'),(2,'b\\'c');",
  "UNLOCK TABLES;",
  "/*!50001 CREATE ALGORITHM=UNDEFINED */ /*!50013 DEFINER=`root`@`localhost` SQL SECURITY" +
    " DEFINER */ /*!50001 VIEW `v` AS select `t`.`id` AS `id` from `t` */;",
  "SELECT * FROM information_schema.TABLES WHERE TABLE_SCHEMA = 'x' AND TABLE_TYPE='BASE TABLE'",
  "SELECT TIMEDIFF(NOW(), UTC_TIMESTAMP())",
  "select `a`.`b` from `a` where `a`.`c` in (select `d` from `e`) order by `a`.`b` desc" +
    " limit 10 offset 5",
  "SELECT IFNULL(SUM(a), 0) AS s, COUNT(DISTINCT b) FROM t GROUP BY c HAVING s > 1",
  "SELECT t.id, JSON_EXTRACT(t.doc, '$.a') FROM t WHERE t.doc->>'$.b' = 'x'",
  "SELECT SQL_CALC_FOUND_ROWS * FROM t LIMIT 10; SELECT FOUND_ROWS()",
  "SELECT CAST('2020-01-01' AS DATE) + INTERVAL 1 MONTH",
  "SELECT a FROM t WHERE b IS NULL AND c <=> NULL OR NOT (d BETWEEN 1 AND 2)",
  "SELECT LEFT(a, 2), RIGHT(a, 2), REPLACE(a, 'x', 'y'), INSERT(a, 1, 2, 'z'), REPEAT('a'," +
    " 3), MOD(5, 2)",
  "SELECT * FROM t1 LEFT JOIN (t2 JOIN t3 ON t2.a = t3.a) ON t1.a = t2.a",
  "SELECT RANK() OVER w, LAG(a, 1) OVER (ORDER BY b) FROM t WINDOW w AS (ORDER BY a)",
  "SELECT a FROM t WHERE a REGEXP '^[a-z]+$' AND b NOT LIKE '%x%'",
  "SELECT COUNT(*) AS `count` FROM t",
  "SELECT 1 AS `status`, 2 AS status, 3 status",
  "SELECT * FROM t WHERE (a, b) IN ((1, 2), (3, 4))",
  "INSERT INTO t (a) VALUES (1) ON DUPLICATE KEY UPDATE a = a + VALUES(a)",
  "SELECT `key`, `value` FROM t",
  "SELECT user, host FROM mysql.user",
  "SELECT * FROM t WHERE date >= '2020-01-01' AND time < '10:00'",
  "SELECT year, month, day, hour, status, text, timestamp, comment FROM t",
  "SELECT CONVERT_TZ(NOW(), '+00:00', 'SYSTEM')",
  "SELECT @@session.autocommit, @@GLOBAL.read_only",
  "SHOW FULL TABLES FROM `db` LIKE 'x'",
  "SELECT EXISTS(SELECT 1 FROM t)",
  "SELECT -9223372036854775808, 18446744073709551615, 1.0e-10, .1",
  "DELETE t FROM t JOIN u ON t.id = u.id",
  "SELECT * FROM `t` AS `a` WHERE `a`.`id` = 1 FOR UPDATE",
  "CREATE TABLE IF NOT EXISTS `x` (`id` bigint unsigned NOT NULL AUTO_INCREMENT PRIMARY" +
    " KEY, `created_at` timestamp NULL DEFAULT CURRENT_TIMESTAMP, `data` json)",
  "ALTER TABLE t ADD COLUMN c INT NOT NULL DEFAULT 0 AFTER b",
  "SELECT a, b FROM t ORDER BY a IS NULL, a LIMIT 1",
  "SELECT * FROM t WHERE a = _utf8mb4'x' COLLATE utf8mb4_bin",
  "SELECT COALESCE(a, b), GREATEST(1, 2), LEAST(1, 2), NULLIF(a, b), IF(a > b, a, b)",
  "SELECT * FROM t USE INDEX ()",
  "SELECT DATE_FORMAT(d, '%Y-%m-%d'), STR_TO_DATE('x', '%Y'), UNIX_TIMESTAMP(), FROM_UNIXTIME(1)",
  "SELECT a FROM t WHERE a > ANY (SELECT b FROM u)",
  "SET @@session.sql_mode = 'ANSI'",
  "SET GLOBAL max_connections = 1000",
  "SET SESSION TRANSACTION READ WRITE",
  "SELECT 1 FROM dual WHERE 1 = 1",
  "SELECT CURRENT_DATE(), CURRENT_TIME, LOCALTIMESTAMP(), UTC_DATE",
  "SELECT * FROM t WHERE a = ? AND b IN (?, ?, ?) LIMIT ?",
  "select * from t where id = 1 and name = \"x\"",
  "SELECT a.* FROM a",
  "SELECT count(*) FROM t",
  "SELECT MAX(id) FROM t",
  "SELECT * FROM t ORDER BY RAND() LIMIT 1",
  "SELECT POSITION('a' IN 'abc'), LOCATE('a', 'abc'), INSTR('abc', 'a')",
  "SELECT ROUND(1.5), TRUNCATE(1.55, 1), FLOOR(1.5), CEIL(1.5)",
  "SELECT CHAR_LENGTH('x'), LENGTH('x'), LOWER('X'), UPPER('x'), CONCAT_WS(',', a, b)",
  "SELECT SUBSTRING_INDEX('a.b.c', '.', 2), SUBSTR('abc', 2), MID('abc', 1, 2)",
  "SELECT * FROM t1 NATURAL JOIN t2",
  "SELECT * FROM t1 INNER JOIN t2 USING (id) WHERE t1.x = 1",
  "SELECT a FROM t GROUP BY a WITH ROLLUP",
  "SELECT JSON_OBJECT('a', 1), JSON_ARRAY(1, 2)",
  "ALTER TABLE t RENAME TO u",
  "SHOW TABLE STATUS",
  "SHOW CREATE TABLE `t`",
  "SELECT BINARY 'a' = 'A'",
  "SELECT 'a' COLLATE utf8mb4_bin",
  "SELECT a FROM t WHERE NOT EXISTS (SELECT 1 FROM u WHERE u.a = t.a)",
  "SELECT CASE WHEN a THEN 1 END FROM t",
  "SELECT * FROM t LIMIT 18446744073709551615",
  "SELECT a FROM t WHERE a LIKE 'x\\_%' ESCAPE '\\\\'",
  "SELECT ST_AsText(p) FROM t",
  "DO RELEASE_LOCK('x')",
  "SELECT GET_LOCK('x', 10)",
  "SELECT last_insert_id()",
  "SELECT ROW_COUNT()",
  "SELECT * FROM t WHERE id = 1 LOCK IN SHARE MODE",
  "SELECT 1 + + 1, 1 - - 1, ~1, !1",
  "SELECT a FROM t AS `t 1`",
  "SELECT TRUE IS TRUE, NULL IS UNKNOWN",
  "SHOW SESSION VARIABLES WHERE Variable_name = 'x'",
  "SELECT 0x41, X'41', b'1000001', 0b1000001",
  "SELECT 1 UNION SELECT 2 UNION SELECT 3 ORDER BY 1 DESC LIMIT 2",
  "SELECT (SELECT 1) AS x",
  "SHOW VARIABLES LIKE 'gtid\\_mode'",
  "SELECT LOGFILE_GROUP_NAME, FILE_NAME, TOTAL_EXTENTS, INITIAL_SIZE, ENGINE, EXTRA FROM" +
    " INFORMATION_SCHEMA.FILES WHERE ENGINE = 'ndbcluster' AND FILE_TYPE = 'UNDO LOG' AND" +
    " FILE_NAME IS NOT NULL AND LOGFILE_GROUP_NAME IS NOT NULL AND LOGFILE_GROUP_NAME IN" +
    " (SELECT DISTINCT LOGFILE_GROUP_NAME FROM INFORMATION_SCHEMA.FILES WHERE ENGINE =" +
    " 'ndbcluster' AND FILE_TYPE = 'DATAFILE' AND TABLESPACE_NAME IN (SELECT DISTINCT" +
    " TABLESPACE_NAME FROM INFORMATION_SCHEMA.PARTITIONS WHERE TABLE_SCHEMA IN ('db')))" +
    " GROUP BY LOGFILE_GROUP_NAME, FILE_NAME, ENGINE, TOTAL_EXTENTS, INITIAL_SIZE ORDER BY" +
    " LOGFILE_GROUP_NAME",
  "SHOW CREATE DATABASE IF NOT EXISTS `db`",
  "show table status like 't'",
  "SET SQL_QUOTE_SHOW_CREATE=1",
  "SET SESSION character_set_results = 'binary'",
  "show fields from `t`",
  "SELECT /*!40001 SQL_NO_CACHE */ * FROM `t`",
  "FLUSH /*!40101 LOCAL */ TABLES",
  "FLUSH TABLES WITH READ LOCK",
  "START TRANSACTION /*!40100 WITH CONSISTENT SNAPSHOT */",
  "SELECT COLUMN_NAME, JSON_EXTRACT(HISTOGRAM, '$.\"number-of-buckets-specified\"') FROM" +
    " information_schema.COLUMN_STATISTICS WHERE SCHEMA_NAME = 'db' AND TABLE_NAME = 't'",
  "SAVEPOINT sp",
  "ROLLBACK TO SAVEPOINT sp",
  "RELEASE SAVEPOINT sp",
  "SHOW TRIGGERS LIKE 't'",
  "/*!50003 SET @saved_cs_client      = @@character_set_client */",
  "SELECT CAST('test plain returns' AS CHAR(60)) AS anon_1",
  "SELECT @@tx_isolation",
  "SHOW SESSION STATUS LIKE 'Ssl_cipher'",
  "SET @master_heartbeat_period = 30000000000",
  "SET @master_binlog_checksum = 'NONE'",
  "SELECT @@GLOBAL.binlog_row_image",
  "SHOW GRANTS FOR CURRENT_USER",
  "CREATE TABLE IF NOT EXISTS _prisma_migrations (id VARCHAR(36) PRIMARY KEY NOT NULL," +
    " checksum VARCHAR(64) NOT NULL, finished_at DATETIME(3), migration_name VARCHAR(255)" +
    " NOT NULL, logs TEXT, rolled_back_at DATETIME(3), started_at DATETIME(3) NOT NULL" +
    " DEFAULT CURRENT_TIMESTAMP(3), applied_steps_count INTEGER UNSIGNED NOT NULL DEFAULT 0)" +
    " DEFAULT CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci",
  "SELECT TABLE_NAME AS table_name, COLUMN_NAME AS column_name FROM" +
    " information_schema.columns WHERE table_schema = ? ORDER BY ORDINAL_POSITION",
  "INSERT INTO sbtest1(k, c, pad) VALUES(5021, 'a', 'b'),(3, 'c', 'd')",
  "SELECT c FROM sbtest1 WHERE id IN (1, 2, 3, 4, 5, 6, 7, 8, 9, 10)",
];

describe("real-world statements", () => {
  it.each(statements)("%s", (sql) => {
    const expected = sql.includes("; SELECT") ? 2 : 1;
    expect(parse(sql)).toHaveLength(expected);
  });
});
