> CREATE TABLE g (id INT PRIMARY KEY, dept INT, name VARCHAR(10), salary INT)
ok 0 id=0 warnings=0

> INSERT INTO g VALUES (1, 1, 'a', 10), (2, 1, 'b', 20), (3, 2, 'c', 30)
ok 3 id=0 warnings=0 info=Records: 3  Duplicates: 0  Warnings: 0

> SELECT dept, name FROM g GROUP BY dept
error 1055 Expression #2 of SELECT list is not in GROUP BY clause and contains nonaggregated column 'test.g.name' which is not functionally dependent on columns in GROUP BY clause; this is incompatible with sql_mode=only_full_group_by

> SELECT name, COUNT(*) FROM g
error 1140 In aggregated query without GROUP BY, expression #1 of SELECT list contains nonaggregated column 'test.g.name'; this is incompatible with sql_mode=only_full_group_by

> SELECT dept, COUNT(*), SUM(salary) FROM g GROUP BY dept ORDER BY dept
dept | COUNT(*) | SUM(salary)
1 | 2 | 30
2 | 1 | 30

> SELECT id, name, COUNT(*) FROM g GROUP BY id ORDER BY id
id | name | COUNT(*)
1 | a | 1
2 | b | 1
3 | c | 1

> SELECT UPPER(name), COUNT(*) FROM g GROUP BY UPPER(name) ORDER BY 1
UPPER(name) | COUNT(*)
A | 1
B | 1
C | 1

> SELECT dept + 1 AS d, COUNT(*) FROM g GROUP BY d ORDER BY d
d | COUNT(*)
2 | 2
3 | 1

> SELECT dept, MAX(name) FROM g GROUP BY 1 ORDER BY 1
dept | MAX(name)
1 | b
2 | c

> SELECT COUNT(*), MAX(salary) FROM g
COUNT(*) | MAX(salary)
3 | 30

> SET sql_mode = ''
ok 0 id=0 warnings=0

> SELECT dept, name FROM g GROUP BY dept ORDER BY dept
dept | name
1 | a
2 | c

> CREATE TABLE r (y INT, q INT, amount INT)
ok 0 id=0 warnings=0

> INSERT INTO r VALUES (2023, 1, 10), (2023, 2, 20), (2024, 1, 5), (2024, 1, 7), (2023, 1, 1)
ok 5 id=0 warnings=0 info=Records: 5  Duplicates: 0  Warnings: 0

> SELECT y, q, SUM(amount), COUNT(*) FROM r GROUP BY y, q WITH ROLLUP
y | q | SUM(amount) | COUNT(*)
2023 | 1 | 11 | 2
2023 | 2 | 20 | 1
2023 | NULL | 31 | 3
2024 | 1 | 12 | 2
2024 | NULL | 12 | 2
NULL | NULL | 43 | 5

> SELECT y, SUM(amount) FROM r GROUP BY y WITH ROLLUP
y | SUM(amount)
2023 | 31
2024 | 12
NULL | 43

> SELECT y, SUM(amount) FROM r WHERE y > 3000 GROUP BY y WITH ROLLUP
y | SUM(amount)

> SELECT y + 1, SUM(amount) FROM r GROUP BY y + 1 WITH ROLLUP
error 1235 This version of MySQL doesn't yet support 'WITH ROLLUP over expressions'


> CREATE TABLE big_sum (id INT PRIMARY KEY, v BIGINT)
ok 0 id=0 warnings=0

> INSERT INTO big_sum VALUES (1, 9007199254740990), (2, 9007199254740991), (3, -5), (4, 7)
ok 4 id=0 warnings=0 info=Records: 4  Duplicates: 0  Warnings: 0

> SELECT SUM(v), AVG(v), SUM(id) FROM big_sum
SUM(v) | AVG(v) | SUM(id)
18014398509481983 | 4503599627370495.7500 | 10

-- An unknown GROUP BY column is 1054 even when the select list would also break
-- ONLY_FULL_GROUP_BY: names are resolved first.
> SELECT name, COUNT(*) FROM g GROUP BY nosuch
error 1054 Unknown column 'nosuch' in 'group statement'
