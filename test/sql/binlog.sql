-- Binary log statements and variables on the memory backend, which has no binary log:
-- MySQL with log_bin=OFF answers the same way.

> SHOW BINARY LOGS
error 1381 You are not using binary logging

> SHOW MASTER LOGS
error 1381 You are not using binary logging

> SHOW BINLOG EVENTS
error 1381 You are not using binary logging

> SHOW BINLOG EVENTS IN 'binlog.000001' FROM 4 LIMIT 1, 2
error 1381 You are not using binary logging

> SHOW MASTER STATUS
File | Position | Binlog_Do_DB | Binlog_Ignore_DB | Executed_Gtid_Set

> SHOW BINARY LOG STATUS
File | Position | Binlog_Do_DB | Binlog_Ignore_DB | Executed_Gtid_Set

> FLUSH BINARY LOGS
ok 0 warnings=0

> FLUSH LOGS
ok 0 warnings=0

> SHOW BINLOG EVENTS FROM 'x'
error 1064

> SELECT @@log_bin, @@gtid_mode, @@gtid_executed, @@log_bin_basename, @@binlog_format, @@binlog_row_image, @@binlog_checksum
@@log_bin | @@gtid_mode | @@gtid_executed | @@log_bin_basename | @@binlog_format | @@binlog_row_image | @@binlog_checksum
0 | OFF |  | NULL | ROW | FULL | CRC32

> SELECT @@enforce_gtid_consistency, @@sync_binlog, @@max_binlog_size, @@server_id, @@commit_durability, @@smartengine_block_cache_size
@@enforce_gtid_consistency | @@sync_binlog | @@max_binlog_size | @@server_id | @@commit_durability | @@smartengine_block_cache_size
ON | 1 | 1073741824 | 1 | local | 134217728

> SELECT LENGTH(@@server_uuid), @@server_uuid = @@global.server_uuid
LENGTH(@@server_uuid) | @@server_uuid = @@global.server_uuid
36 | 1

> SET GLOBAL gtid_executed = ''
error 1238 Variable 'gtid_executed' is a read only variable

> SET GLOBAL server_id = 2
error 1238 Variable 'server_id' is a read only variable

> SET GLOBAL max_binlog_size = 8192
error 1238 Variable 'max_binlog_size' is a read only variable

> SET GLOBAL commit_durability = 'none'
error 1238 Variable 'commit_durability' is a read only variable

> SET GLOBAL gtid_mode = ON
error 1238 Variable 'gtid_mode' is a read only variable

> SHOW VARIABLES LIKE 'gtid_mode'
Variable_name | Value
gtid_mode | OFF
