/**
 * MySQL server error numbers and their SQLSTATEs, with MySQL's own names (ER_*). Shared by the
 * protocol, SQL and server layers, so it sits in L0. Messages are MySQL's templates; `%s`/`%d`
 * are filled by `formatErrorMessage`.
 *
 * Edit by adding entries; keep the list sorted by number.
 */

export interface MysqlErrorSpec {
  readonly code: number;
  readonly sqlState: string;
  readonly template: string;
}

function spec(code: number, sqlState: string, template: string): MysqlErrorSpec {
  return { code, sqlState, template };
}

export const ER_CON_COUNT_ERROR = spec(1040, "08004", "Too many connections");
export const ER_HANDSHAKE_ERROR = spec(1043, "08S01", "Bad handshake");
export const ER_DBACCESS_DENIED_ERROR = spec(1044, "42000", "Access denied for user '%s'@'%s' to database '%s'");
export const ER_ACCESS_DENIED_ERROR = spec(1045, "28000", "Access denied for user '%s'@'%s' (using password: %s)");
export const ER_NO_DB_ERROR = spec(1046, "3D000", "No database selected");
export const ER_UNKNOWN_COM_ERROR = spec(1047, "08S01", "Unknown command");
export const ER_BAD_NULL_ERROR = spec(1048, "23000", "Column '%s' cannot be null");
export const ER_BAD_DB_ERROR = spec(1049, "42000", "Unknown database '%s'");
export const ER_TABLE_EXISTS_ERROR = spec(1050, "42S01", "Table '%s' already exists");
export const ER_BAD_TABLE_ERROR = spec(1051, "42S02", "Unknown table '%s'");
export const ER_NON_UNIQ_ERROR = spec(1052, "23000", "Column '%s' in %s is ambiguous");
export const ER_SERVER_SHUTDOWN = spec(1053, "08S01", "Server shutdown in progress");
export const ER_BAD_FIELD_ERROR = spec(1054, "42S22", "Unknown column '%s' in '%s'");
export const ER_WRONG_FIELD_WITH_GROUP = spec(1055, "42000", "Expression #%d of SELECT list is not in GROUP BY clause and contains nonaggregated column '%s' which is not functionally dependent on columns in GROUP BY clause; this is incompatible with sql_mode=only_full_group_by");
export const ER_WRONG_GROUP_FIELD = spec(1056, "42000", "Can't group on '%s'");
export const ER_WRONG_VALUE_COUNT = spec(1058, "21S01", "Column count doesn't match value count");
export const ER_TOO_LONG_IDENT = spec(1059, "42000", "Identifier name '%s' is too long");
export const ER_DUP_FIELDNAME = spec(1060, "42S21", "Duplicate column name '%s'");
export const ER_DUP_KEYNAME = spec(1061, "42000", "Duplicate key name '%s'");
export const ER_DUP_ENTRY = spec(1062, "23000", "Duplicate entry '%s' for key '%s'");
export const ER_WRONG_FIELD_SPEC = spec(1063, "42000", "Incorrect column specifier for column '%s'");
export const ER_PARSE_ERROR = spec(1064, "42000", "%s near '%s' at line %d");
export const ER_EMPTY_QUERY = spec(1065, "42000", "Query was empty");
export const ER_NONUNIQ_TABLE = spec(1066, "42000", "Not unique table/alias: '%s'");
export const ER_INVALID_DEFAULT = spec(1067, "42000", "Invalid default value for '%s'");
export const ER_MULTIPLE_PRI_KEY = spec(1068, "42000", "Multiple primary key defined");
export const ER_TOO_MANY_KEYS = spec(1069, "42000", "Too many keys specified; max %d keys allowed");
export const ER_TOO_LONG_KEY = spec(1071, "42000", "Specified key was too long; max key length is %d bytes");
export const ER_KEY_COLUMN_DOES_NOT_EXITS = spec(1072, "42000", "Key column '%s' doesn't exist in table");
export const ER_WRONG_AUTO_KEY = spec(1075, "42000", "Incorrect table definition; there can be only one auto column and it must be defined as a key");
export const ER_CANT_DROP_FIELD_OR_KEY = spec(1091, "42000", "Can't DROP '%s'; check that column/key exists");
export const ER_NO_SUCH_THREAD = spec(1094, "HY000", "Unknown thread id: %s");
export const ER_UPDATE_TABLE_USED = spec(1093, "HY000", "You can't specify target table '%s' for update in FROM clause");
export const ER_TABLE_NOT_LOCKED = spec(1100, "HY000", "Table '%s' was not locked with LOCK TABLES");
export const ER_WRONG_DB_NAME = spec(1102, "42000", "Incorrect database name '%s'");
export const ER_WRONG_TABLE_NAME = spec(1103, "42000", "Incorrect table name '%s'");
export const ER_UNKNOWN_PROCEDURE = spec(1106, "42000", "Unknown procedure '%s'");
export const ER_UNKNOWN_TABLE = spec(1109, "42S02", "Unknown table '%s' in %s");
export const ER_FIELD_SPECIFIED_TWICE = spec(1110, "42000", "Column '%s' specified twice");
export const ER_INVALID_GROUP_FUNC_USE = spec(1111, "HY000", "Invalid use of group function");
export const ER_TABLE_MUST_HAVE_COLUMNS = spec(1113, "42000", "A table must have at least 1 column");
export const ER_UNKNOWN_CHARACTER_SET = spec(1115, "42000", "Unknown character set: '%s'");
export const ER_TOO_BIG_FIELDLENGTH = spec(1074, "42000", "Column length too big for column '%s' (max = %d); use BLOB or TEXT instead");
export const ER_NET_PACKET_TOO_LARGE = spec(1153, "08S01", "Got a packet bigger than 'max_allowed_packet' bytes");
export const ER_NET_READ_ERROR_FROM_PIPE = spec(1154, "08S01", "Got a read error from the connection pipe");
export const ER_NET_PACKETS_OUT_OF_ORDER = spec(1156, "08S01", "Got packets out of order");
export const ER_NET_READ_ERROR = spec(1158, "08S01", "Got an error reading communication packets");
export const ER_NET_READ_INTERRUPTED = spec(1159, "08S01", "Got timeout reading communication packets");
export const ER_TOO_LONG_STRING = spec(1162, "42000", "Result string is longer than 'max_allowed_packet' bytes");
export const ER_WRONG_COLUMN_NAME = spec(1166, "42000", "Incorrect column name '%s'");
export const ER_DUP_UNIQUE = spec(1169, "23000", "Can't write, because of unique constraint, to table '%s'");
export const ER_BLOB_KEY_WITHOUT_LENGTH = spec(1170, "42000", "BLOB/TEXT column '%s' used in key specification without a key length");
export const ER_PRIMARY_CANT_HAVE_NULL = spec(1171, "42000", "All parts of a PRIMARY KEY must be NOT NULL; if you need NULL in a key, use UNIQUE instead");
export const ER_TOO_MANY_ROWS = spec(1172, "42000", "Result consisted of more than one row");
export const ER_KEY_DOES_NOT_EXITS = spec(1176, "42000", "Key '%s' doesn't exist in table '%s'");
export const ER_CANT_DO_THIS_DURING_AN_TRANSACTION = spec(1179, "25000", "You are not allowed to execute this command in a transaction");
export const ER_ERROR_DURING_COMMIT = spec(1180, "HY000", "Got error %d during COMMIT");
export const ER_BINLOG_LOGGING_IMPOSSIBLE = spec(1598, "HY000", "Binary logging not possible. Message: %s");
export const ER_ERROR_DURING_ROLLBACK = spec(1181, "HY000", "Got error %d during ROLLBACK");
export const ER_NEW_ABORTING_CONNECTION = spec(1184, "08S01", "Aborted connection %d to db: '%s' user: '%s' host: '%s' (%s)");
export const ER_LOCK_WAIT_TIMEOUT = spec(1205, "HY000", "Lock wait timeout exceeded; try restarting transaction");
export const ER_READ_ONLY_TRANSACTION = spec(1207, "25000", "Update locks cannot be acquired during a READ UNCOMMITTED transaction");
export const ER_LOCK_DEADLOCK = spec(1213, "40001", "Deadlock found when trying to get lock; try restarting transaction");
export const ER_TRANS_CACHE_FULL = spec(1197, "HY000", "Multi-statement transaction required more than 'max_binlog_cache_size' bytes of storage; increase this mysqld variable and try again");
export const ER_NO_REFERENCED_ROW_2 = spec(1452, "23000", "Cannot add or update a child row: a foreign key constraint fails (%s)");
export const ER_ROW_IS_REFERENCED_2 = spec(1451, "23000", "Cannot delete or update a parent row: a foreign key constraint fails (%s)");
export const ER_SPECIFIC_ACCESS_DENIED_ERROR = spec(1227, "42000", "Access denied; you need (at least one of) the %s privilege(s) for this operation");
export const ER_LOCAL_VARIABLE = spec(1228, "HY000", "Variable '%s' is a SESSION variable and can't be used with SET GLOBAL");
export const ER_GLOBAL_VARIABLE = spec(1229, "HY000", "Variable '%s' is a GLOBAL variable and should be set with SET GLOBAL");
export const ER_NO_DEFAULT = spec(1230, "42000", "Variable '%s' doesn't have a default value");
export const ER_WRONG_VALUE_FOR_VAR = spec(1231, "42000", "Variable '%s' can't be set to the value of '%s'");
export const ER_WRONG_TYPE_FOR_VAR = spec(1232, "42000", "Incorrect argument type to variable '%s'");
export const ER_VAR_CANT_BE_READ = spec(1233, "HY000", "Variable '%s' can only be set, not read");
export const ER_NOT_SUPPORTED_YET = spec(1235, "42000", "This version of MySQL doesn't yet support '%s'");
export const ER_OPERAND_COLUMNS = spec(1241, "21000", "Operand should contain %d column(s)");
export const ER_SUBQUERY_NO_1_ROW = spec(1242, "21000", "Subquery returns more than 1 row");
export const ER_UNKNOWN_STMT_HANDLER = spec(1243, "HY000", "Unknown prepared statement handler (%s) given to %s");
export const ER_ILLEGAL_REFERENCE = spec(1247, "42S22", "Reference '%s' not supported (%s)");
export const ER_DERIVED_MUST_HAVE_ALIAS = spec(1248, "42000", "Every derived table must have its own alias");
export const ER_SPATIAL_CANT_HAVE_NULL = spec(1252, "42000", "All parts of a SPATIAL index must be NOT NULL");
export const ER_WARN_DATA_OUT_OF_RANGE = spec(1264, "22003", "Out of range value for column '%s' at row %d");
export const WARN_DATA_TRUNCATED = spec(1265, "01000", "Data truncated for column '%s' at row %d");
export const ER_UNKNOWN_SYSTEM_VARIABLE = spec(1193, "HY000", "Unknown system variable '%s'");
export const ER_UNKNOWN_COLLATION = spec(1273, "HY000", "Unknown collation: '%s'");
export const ER_COLLATION_CHARSET_MISMATCH = spec(1253, "42000", "COLLATION '%s' is not valid for CHARACTER SET '%s'");
export const ER_WRONG_NAME_FOR_INDEX = spec(1280, "42000", "Incorrect index name '%s'");
export const ER_TRUNCATED_WRONG_VALUE = spec(1292, "22007", "Truncated incorrect %s value: '%s'");
export const ER_UNKNOWN_TIME_ZONE = spec(1298, "HY000", "Unknown or incorrect time zone: '%s'");
export const ER_SP_DOES_NOT_EXIST = spec(1305, "42000", "%s %s does not exist");
export const ER_QUERY_INTERRUPTED = spec(1317, "70100", "Query execution was interrupted");
export const ER_SP_WRONG_NO_OF_ARGS = spec(1318, "42000", "Incorrect number of arguments for %s %s; expected %d, got %d");
export const ER_SP_DOES_NOT_EXIST_FUNCTION = spec(1305, "42000", "FUNCTION %s does not exist");
export const ER_VIEW_WRONG_LIST = spec(1353, "HY000", "In definition of view, derived table or common table expression, SELECT list and column names list have different column counts");
export const ER_NO_DEFAULT_FOR_FIELD = spec(1364, "HY000", "Field '%s' doesn't have a default value");
export const ER_DIVISION_BY_ZERO = spec(1365, "22012", "Division by 0");
export const ER_TRUNCATED_WRONG_VALUE_FOR_FIELD = spec(1366, "HY000", "Incorrect %s value: '%s' for column '%s' at row %d");
export const ER_NONEXISTING_GRANT = spec(1141, "42000", "There is no such grant defined for user '%s' on host '%s'");
export const ER_TABLEACCESS_DENIED_ERROR = spec(1142, "42000", "%s command denied to user '%s'@'%s' for table '%s'");
export const ER_DATA_TOO_LONG = spec(1406, "22001", "Data too long for column '%s' at row %d");
export const ER_WRONG_VALUE_FOR_TYPE = spec(1411, "HY000", "Incorrect %s value: '%s' for function %s");
export const ER_WRONG_ARGUMENTS = spec(1210, "HY000", "Incorrect arguments to %s");
export const ER_PS_MANY_PARAM = spec(1390, "HY000", "Prepared statement contains too many placeholders");
export const ER_NO_BINARY_LOGGING = spec(1381, "HY000", "You are not using binary logging");
export const ER_ERROR_WHEN_EXECUTING_COMMAND = spec(1220, "HY000", "Error when executing command %s: %s");
export const ER_WRONG_PARAMCOUNT_TO_PROCEDURE = spec(1107, "42000", "Incorrect parameter count to procedure '%s'");
export const ER_TOO_BIG_SELECT = spec(1104, "42000", "The SELECT would examine more than MAX_JOIN_SIZE rows");
export const ER_STACK_OVERRUN_NEED_MORE = spec(1436, "HY000", "Thread stack overrun: %s");
export const ER_TOO_HIGH_LEVEL_OF_NESTING_FOR_SELECT = spec(1473, "HY000", "Too high level of nesting for select");
export const ER_DUP_ENTRY_WITH_KEY_NAME = spec(1586, "23000", "Duplicate entry '%s' for key '%s'");
export const ER_AUTOINC_READ_FAILED = spec(1467, "HY000", "Failed to read auto-increment value from storage engine");
export const ER_WRONG_STRING_LENGTH = spec(1470, "HY000", "String '%s' is too long for %s (should be no longer than %d)");
export const ER_MALFORMED_PACKET = spec(1835, "HY000", "Malformed communication packet.");
export const ER_INVALID_CHARACTER_STRING = spec(1300, "HY000", "Invalid %s character string: '%s'");
export const ER_WRONG_PARAMCOUNT_TO_NATIVE_FCT = spec(1582, "42000", "Incorrect parameter count in the call to native function '%s'");
export const ER_NO_TABLES_USED = spec(1096, "HY000", "No tables used");
export const ER_BLOB_CANT_HAVE_DEFAULT = spec(1101, "42000", "BLOB, TEXT, GEOMETRY or JSON column '%s' can't have a default value");
export const ER_TOO_BIG_SCALE = spec(1425, "42000", "Too big scale %d specified for column '%s'. Maximum is %d.");
export const ER_TOO_BIG_PRECISION = spec(1426, "42000", "Too-big precision %d specified for '%s'. Maximum is %d.");
export const ER_M_BIGGER_THAN_D = spec(1427, "42000", "For float(M,D), double(M,D) or decimal(M,D), M must be >= D (column '%s').");
export const ER_UNSUPPORTED_EXTENSION = spec(1112, "42000", "Table '%s' uses an extension that doesn't exist in this MySQL version");
export const ER_CANT_CHANGE_TX_CHARACTERISTICS = spec(1568, "25001", "Transaction characteristics can't be changed while a transaction is in progress");
export const ER_SP_DOES_NOT_EXIST_SAVEPOINT = spec(1305, "42000", "SAVEPOINT %s does not exist");
export const ER_MIX_OF_GROUP_FUNC_AND_FIELDS_V2 = spec(1140, "42000", "In aggregated query without GROUP BY, expression #%d of SELECT list contains nonaggregated column '%s'; this is incompatible with sql_mode=only_full_group_by");
export const ER_DATA_OUT_OF_RANGE = spec(1690, "22003", "%s value is out of range in '%s'");
export const ER_MALFORMED_GTID_SET_SPECIFICATION = spec(1772, "HY000", "Malformed GTID set specification '%s'.");
export const ER_CANT_EXECUTE_IN_READ_ONLY_TRANSACTION = spec(1792, "25006", "Cannot execute statement in a READ ONLY transaction.");
export const ER_MUST_CHANGE_PASSWORD = spec(1820, "HY000", "You must reset your password using ALTER USER statement before executing this statement.");
export const ER_INVALID_JSON_TEXT = spec(3140, "22032", "Invalid JSON text: \"%s\" at position %d in value for column '%s'.");
export const ER_INVALID_JSON_TEXT_IN_PARAM = spec(3141, "22032", "Invalid JSON text in argument %d to function %s: \"%s\" at position %d.%s");
export const ER_INVALID_JSON_PATH_WILDCARD = spec(3149, "42000", "In this situation, path expressions may not contain the * and ** tokens.");
export const ER_JSON_VACUOUS_PATH = spec(3153, "42000", "The path expression '$' is not allowed in this context.");
export const ER_INVALID_JSON_PATH = spec(3143, "42000", "Invalid JSON path expression. The error is around character position %d in argument to function %s.");
export const ER_CHECK_CONSTRAINT_VIOLATED = spec(3819, "HY000", "Check constraint '%s' is violated.");
export const ER_TOO_MANY_USER_CONNECTIONS = spec(1203, "42000", "User %s already has more than 'max_user_connections' active connections");
export const ER_UNKNOWN_ERROR = spec(1105, "HY000", "Unknown error");
export const ER_INTERNAL_ERROR = spec(1815, "HY000", "Internal error: %s");
export const ER_PLUGIN_IS_NOT_LOADED = spec(1524, "HY000", "Plugin '%s' is not loaded");
export const ER_NOT_SUPPORTED_AUTH_MODE = spec(1251, "08004", "Client does not support authentication protocol requested by server; consider upgrading MySQL client");
export const ER_CANT_REOPEN_TABLE = spec(1137, "HY000", "Can't reopen table: '%s'");
export const ER_NO_SUCH_TABLE = spec(1146, "42S02", "Table '%s.%s' doesn't exist");
export const ER_DB_CREATE_EXISTS = spec(1007, "HY000", "Can't create database '%s'; database exists");
export const ER_DB_DROP_EXISTS = spec(1008, "HY000", "Can't drop database '%s'; database doesn't exist");
export const ER_ILLEGAL_GRANT_FOR_TABLE = spec(1144, "42000", "Illegal GRANT/REVOKE command; please consult the manual to see which privileges can be used");
export const ER_WRONG_USAGE = spec(1221, "HY000", "Incorrect usage of %s and %s");
export const ER_WRONG_NUMBER_OF_COLUMNS_IN_SELECT = spec(1222, "21000", "The used SELECT statements have a different number of columns");
export const ER_CANT_UPDATE_WITH_READLOCK = spec(1223, "HY000", "Can't execute the query because you have a conflicting read lock");
export const ER_INCORRECT_GLOBAL_LOCAL_VAR = spec(1238, "HY000", "Variable '%s' is a %s variable");
export const ER_WRONG_VALUE_COUNT_ON_ROW = spec(1136, "21S01", "Column count doesn't match value count at row %d");
export const ER_INVALID_USE_OF_NULL = spec(1138, "22004", "Invalid use of NULL value");
export const ER_WRONG_FIELD_TERMINATORS = spec(1083, "42000", "Field separator argument is not what is expected; check the manual");
export const ER_FIELD_NOT_IN_GROUP_BY = spec(1055, "42000", "'%s' isn't in GROUP BY");
export const ER_WRONG_MRG_TABLE = spec(1168, "HY000", "Unable to open underlying table which is differently defined or of non-MyISAM type or doesn't exist");
export const ER_SYNTAX_ERROR = spec(1149, "42000", "You have an error in your SQL syntax; check the manual that corresponds to your MySQL server version for the right syntax to use");
export const ER_WARN_DEPRECATED_SYNTAX = spec(1287, "HY000", "'%s' is deprecated and will be removed in a future release. Please use %s instead");
export const ER_WARN_TOO_FEW_RECORDS = spec(1261, "01000", "Row %d doesn't contain data for all columns");
export const ER_WARN_NULL_TO_NOTNULL = spec(1263, "22004", "Column set to default value; NULL supplied to NOT NULL column '%s' at row %d");
export const ER_NOT_SUPPORTED_YET_FEATURE = ER_NOT_SUPPORTED_YET;

/** Fills `%s` / `%d` placeholders in order. Extra arguments are ignored; missing ones print "". */
export function formatErrorMessage(template: string, args: readonly unknown[]): string {
  let index = 0;
  return template.replace(/%[sd]/g, () => {
    const value = args[index++];
    return value === undefined ? "" : String(value);
  });
}
