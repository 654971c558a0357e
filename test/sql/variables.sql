> SELECT @@version, @@version_comment, @@protocol_version, @@max_allowed_packet, @@autocommit, @@lower_case_table_names
@@version | @@version_comment | @@protocol_version | @@max_allowed_packet | @@autocommit | @@lower_case_table_names
8.0.35-wesql-ts | WeSQL-TS, a MySQL-compatible server that keeps its data in S3 | 10 | 67108864 | 1 | 0

> SELECT @@session.autocommit, @@global.autocommit, @@transaction_isolation, @@tx_isolation, @@character_set_client, @@collation_connection
@@session.autocommit | @@global.autocommit | @@transaction_isolation | @@tx_isolation | @@character_set_client | @@collation_connection
1 | 1 | REPEATABLE-READ | REPEATABLE-READ | utf8mb4 | utf8mb4_0900_ai_ci

> SELECT @@session.version
error 1238 Variable 'version' is a GLOBAL variable

> SELECT @@global.warning_count
error 1238 Variable 'warning_count' is a SESSION variable

> SELECT @@nosuch
error 1193 Unknown system variable 'nosuch'

> SET nosuch = 1
error 1193 Unknown system variable 'nosuch'

> SET @@session.nosuch = 1
error 1193 Unknown system variable 'nosuch'

> SET GLOBAL warning_count = 1
error 1238 Variable 'warning_count' is a read only variable

> SET version = 'x'
error 1238 Variable 'version' is a read only variable

> SET max_connections = 10
error 1229 Variable 'max_connections' is a GLOBAL variable and should be set with SET GLOBAL

> SET GLOBAL max_connections = 300
ok 0 id=0 warnings=0

> SELECT @@max_connections
@@max_connections
300

> SET autocommit = 'maybe'
error 1231 Variable 'autocommit' can't be set to the value of 'maybe'

> SET autocommit = OFF
ok 0 id=0 warnings=0

> SELECT @@autocommit
@@autocommit
0

> SET autocommit = 1
ok 0 id=0 warnings=0

> SET sql_mode = 'strict_all_tables,no_zero_date'
ok 0 id=0 warnings=0

> SELECT @@sql_mode
@@sql_mode
STRICT_ALL_TABLES,NO_ZERO_DATE

> SET sql_mode = 'NOSUCH_MODE'
error 1231 Variable 'sql_mode' can't be set to the value of 'NOSUCH_MODE'

> SET sql_mode = 'TRADITIONAL'
ok 0 id=0 warnings=0

> SELECT @@sql_mode
@@sql_mode
STRICT_TRANS_TABLES,STRICT_ALL_TABLES,NO_ZERO_IN_DATE,NO_ZERO_DATE,ERROR_FOR_DIVISION_BY_ZERO,TRADITIONAL,NO_ENGINE_SUBSTITUTION

> SET sql_mode = ''
ok 0 id=0 warnings=0

> SELECT @@sql_mode
@@sql_mode
(empty)

> SET SESSION sql_mode = DEFAULT
ok 0 id=0 warnings=0

> SELECT @@sql_mode = @@global.sql_mode
@@sql_mode = @@global.sql_mode
1

> SET wait_timeout = 0
ok 0 id=0 warnings=1

> SHOW WARNINGS
Level | Code | Message
Warning | 1292 | Truncated incorrect wait_timeout value: '0'

> SELECT @@wait_timeout
@@wait_timeout
1

> SET wait_timeout = 'x'
error 1232 Incorrect argument type to variable 'wait_timeout'

> SET NAMES latin1
ok 0 id=0 warnings=0

> SELECT @@character_set_client, @@character_set_connection, @@character_set_results, @@collation_connection
@@character_set_client | @@character_set_connection | @@character_set_results | @@collation_connection
latin1 | latin1 | latin1 | latin1_swedish_ci

> SET NAMES utf8mb4 COLLATE utf8mb4_bin
ok 0 id=0 warnings=0

> SELECT @@collation_connection, 'a' = 'A'
@@collation_connection | 'a' = 'A'
utf8mb4_bin | 0

> SET NAMES nosuch
error 1115 Unknown character set: 'nosuch'

> SET NAMES DEFAULT
ok 0 id=0 warnings=0

> SET character_set_results = NULL
ok 0 id=0 warnings=0

> SELECT @@character_set_results
@@character_set_results
NULL

> SET collation_connection = 'nosuch_ci'
error 1273 Unknown collation: 'nosuch_ci'

> SET collation_connection = utf8mb4_general_ci
ok 0 id=0 warnings=0

> SELECT @@character_set_connection, @@collation_connection
@@character_set_connection | @@collation_connection
utf8mb4 | utf8mb4_general_ci

> SET time_zone = '+08:00'
ok 0 id=0 warnings=0

> SELECT @@time_zone
@@time_zone
+08:00

> SET time_zone = 'Mars/Base'
error 1298 Unknown or incorrect time zone: 'Mars/Base'

> SET TRANSACTION ISOLATION LEVEL READ COMMITTED
ok 0 id=0 warnings=0

> SELECT @@transaction_isolation
@@transaction_isolation
REPEATABLE-READ

> SET SESSION TRANSACTION ISOLATION LEVEL SERIALIZABLE
ok 0 id=0 warnings=0

> SELECT @@transaction_isolation, @@tx_isolation
@@transaction_isolation | @@tx_isolation
SERIALIZABLE | SERIALIZABLE

> SET SESSION transaction_isolation = 'READ-UNCOMMITTED'
ok 0 id=0 warnings=0

> SELECT @@tx_isolation
@@tx_isolation
READ-UNCOMMITTED

> SET tx_isolation = 'bogus'
error 1231 Variable 'tx_isolation' can't be set to the value of 'bogus'

> SET @a = 1, @b = @a + 1
ok 0 id=0 warnings=0

> SELECT @a, @b
@a | @b
1 | 2

> SET @s = (SELECT 5 + 5)
ok 0 id=0 warnings=0

> SELECT @s
@s
10

> SET SESSION div_precision_increment = 2
ok 0 id=0 warnings=0

> SELECT 1 / 3
1 / 3
0.33

> SHOW VARIABLES LIKE 'div_precision%'
Variable_name | Value
div_precision_increment | 2

> SHOW GLOBAL VARIABLES LIKE 'div_precision%'
Variable_name | Value
div_precision_increment | 4

> SHOW SESSION VARIABLES WHERE Variable_name = 'autocommit'
Variable_name | Value
autocommit | ON

> SET GLOBAL sql_mode = 'ANSI_QUOTES'
ok 0 id=0 warnings=0

@session fresh
> SELECT @@sql_mode, @@max_connections
@@sql_mode | @@max_connections
ANSI_QUOTES | 300

> SET sql_mode = 1.5
error 1231 Variable 'sql_mode' can't be set to the value of '1.5'

> SET sql_mode = 0
ok 0 id=0 warnings=0

> SELECT @@sql_mode
@@sql_mode
(empty)

> SET sql_mode = DEFAULT
ok 0 id=0 warnings=0

> SELECT HEX(255), HEX('ab'), HEX(-1)
HEX(255) | HEX('ab') | HEX(-1)
FF | 6162 | FFFFFFFFFFFFFFFF

