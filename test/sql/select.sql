> CREATE TABLE emp (id INT PRIMARY KEY, name VARCHAR(20), dept INT, salary DECIMAL(8,2), boss INT, KEY idx_dept (dept))
ok 0 id=0 warnings=0

> CREATE TABLE dept (id INT PRIMARY KEY, title VARCHAR(20))
ok 0 id=0 warnings=0

> INSERT INTO dept VALUES (1, 'eng'), (2, 'ops'), (3, 'empty')
ok 3 id=0 warnings=0 info=Records: 3  Duplicates: 0  Warnings: 0

> INSERT INTO emp VALUES (1, 'ann', 1, 100.50, NULL), (2, 'bob', 1, 80, 1), (3, 'cid', 2, 70.25, 1), (4, 'dee', 2, NULL, 3), (5, 'eve', NULL, 50, 3)
ok 5 id=0 warnings=0 info=Records: 5  Duplicates: 0  Warnings: 0

> SELECT name FROM emp WHERE salary > 75 ORDER BY name
name
ann
bob

> SELECT name, salary FROM emp ORDER BY salary DESC, name
name | salary
ann | 100.50
bob | 80.00
cid | 70.25
eve | 50.00
dee | NULL

> SELECT name FROM emp ORDER BY 1 DESC LIMIT 2
name
eve
dee

> SELECT name AS n FROM emp ORDER BY n LIMIT 1, 2
n
bob
cid

> SELECT name FROM emp LIMIT 2 OFFSET 3
name
dee
eve

> SELECT dept, COUNT(*), SUM(salary), AVG(salary), MIN(name), MAX(salary) FROM emp GROUP BY dept ORDER BY dept
dept | COUNT(*) | SUM(salary) | AVG(salary) | MIN(name) | MAX(salary)
NULL | 1 | 50.00 | 50.000000 | eve | 50.00
1 | 2 | 180.50 | 90.250000 | ann | 100.50
2 | 2 | 70.25 | 70.250000 | cid | 70.25

> SELECT dept, COUNT(*) AS n FROM emp GROUP BY dept HAVING n > 1 ORDER BY dept
dept | n
1 | 2
2 | 2

> SELECT dept, COUNT(salary) FROM emp GROUP BY dept HAVING COUNT(*) >= 2 ORDER BY dept DESC
dept | COUNT(salary)
2 | 1
1 | 2

> SELECT COUNT(*), COUNT(DISTINCT dept), SUM(id), AVG(id) FROM emp
COUNT(*) | COUNT(DISTINCT dept) | SUM(id) | AVG(id)
5 | 2 | 15 | 3.0000

> SELECT COUNT(*), SUM(salary), MAX(name) FROM emp WHERE id > 100
COUNT(*) | SUM(salary) | MAX(name)
0 | NULL | NULL

> SELECT DISTINCT dept FROM emp ORDER BY dept
dept
NULL
1
2

> SELECT GROUP_CONCAT(name ORDER BY name DESC SEPARATOR ';'), GROUP_CONCAT(DISTINCT dept) FROM emp
GROUP_CONCAT(name ORDER BY name DESC SEPARATOR ';') | GROUP_CONCAT(DISTINCT dept)
eve;dee;cid;bob;ann | 1,2

> SELECT e.name, d.title FROM emp e JOIN dept d ON e.dept = d.id ORDER BY e.id
name | title
ann | eng
bob | eng
cid | ops
dee | ops

> SELECT e.name, d.title FROM emp e LEFT JOIN dept d ON e.dept = d.id ORDER BY e.id
name | title
ann | eng
bob | eng
cid | ops
dee | ops
eve | NULL

> SELECT d.title, e.name FROM dept d LEFT JOIN emp e ON e.dept = d.id WHERE e.id IS NULL
title | name
empty | NULL

> SELECT e.name, b.name AS boss FROM emp e JOIN emp b ON e.boss = b.id ORDER BY e.id
name | boss
bob | ann
cid | ann
dee | cid
eve | cid

> SELECT e.name, d.title FROM emp e, dept d WHERE e.dept = d.id AND d.title = 'ops' ORDER BY e.name
name | title
cid | ops
dee | ops

> SELECT e.name FROM emp e JOIN dept d USING (id) ORDER BY e.name
name
ann
bob
cid

> SELECT name FROM emp WHERE dept IN (SELECT id FROM dept WHERE title = 'eng') ORDER BY name
name
ann
bob

> SELECT name FROM emp WHERE salary = (SELECT MAX(salary) FROM emp)
name
ann

> SELECT name FROM emp WHERE EXISTS (SELECT 1 FROM dept WHERE id = 3) AND id < 3 ORDER BY id
name
ann
bob

> SELECT name FROM emp WHERE dept NOT IN (SELECT id FROM dept WHERE id > 1) ORDER BY id
name
ann
bob

> SELECT t.d, t.n FROM (SELECT dept AS d, COUNT(*) AS n FROM emp GROUP BY dept) AS t WHERE t.n > 1 ORDER BY t.d
d | n
1 | 2
2 | 2

> SELECT COUNT(*) FROM (SELECT * FROM emp FORCE KEY (PRIMARY) LIMIT 3) t
COUNT(*)
3

> SELECT * FROM (SELECT 1) AS x
1
1

> SELECT * FROM (SELECT 1)
error 1248 Every derived table must have its own alias

> SELECT id FROM emp WHERE name LIKE '%e%' ORDER BY id
id
4
5

> SELECT id FROM emp WHERE id IN (5, 1, 3, 1) ORDER BY id
id
1
3
5

> SELECT id FROM emp WHERE id BETWEEN 2 AND 4 ORDER BY id DESC
id
4
3
2

> SELECT id FROM emp WHERE id > 2 AND id <= 4
id
3
4

> SELECT id FROM emp WHERE id = '3'
id
3

> SELECT id FROM emp WHERE id = 2.5
id

> SELECT id FROM emp WHERE id >= 2.5 AND id < 4.5
id
3
4

> SELECT id FROM emp WHERE dept = 2 ORDER BY id
id
3
4

> SELECT name FROM emp WHERE dept IS NULL
name
eve

> SELECT id FROM emp ORDER BY id DESC LIMIT 2
id
5
4

> SELECT name, salary * 2 AS double_salary FROM emp WHERE salary IS NOT NULL ORDER BY double_salary LIMIT 2
name | double_salary
eve | 100.00
cid | 140.50

> SELECT nosuch FROM emp
error 1054 Unknown column 'nosuch' in 'field list'

> SELECT name FROM emp WHERE nosuch = 1
error 1054 Unknown column 'nosuch' in 'where clause'

> SELECT name FROM emp ORDER BY nosuch
error 1054 Unknown column 'nosuch' in 'order clause'

> SELECT id FROM emp e JOIN dept d ON e.dept = d.id
error 1052 Column 'id' in field list is ambiguous

> SELECT * FROM emp a, emp a
error 1066 Not unique table/alias: 'a'

> SELECT name FROM emp ORDER BY 5
error 1054 Unknown column '5' in 'order clause'

> SELECT emp.* FROM emp WHERE id = 1
id | name | dept | salary | boss
1 | ann | 1 | 100.50 | NULL

> SELECT e.* FROM emp
error 1051 Unknown table 'e'

> SELECT SQL_CALC_FOUND_ROWS name FROM emp LIMIT 2
name
ann
bob

> SELECT FOUND_ROWS()
FOUND_ROWS()
5

> SELECT name FROM emp WHERE id = 1 FOR UPDATE
name
ann

> SELECT name FROM emp WHERE id = 1 LOCK IN SHARE MODE
name
ann

> SELECT name INTO @who FROM emp WHERE id = 2
ok 1 id=0 warnings=0

> SELECT @who
@who
bob

> SELECT dept, SUM(salary) FROM emp GROUP BY dept WITH ROLLUP
dept | SUM(salary)
NULL | 50.00
1 | 180.50
2 | 70.25
NULL | 300.75

> SELECT UPPER(name) AS u FROM emp GROUP BY u ORDER BY u LIMIT 2
u
ANN
BOB

> SELECT COUNT(*) FROM emp WHERE salary > (SELECT AVG(salary) FROM emp)
COUNT(*)
2

> SELECT 1 FROM emp WHERE id = (SELECT id FROM emp)
error 1242 Subquery returns more than 1 row

> SELECT name FROM emp USE INDEX (idx_dept) WHERE dept = 1 ORDER BY name
name
ann
bob

> SELECT name FROM emp FORCE INDEX (nosuch) WHERE dept = 1
error 1176 Key 'nosuch' doesn't exist in table 'emp'

> SELECT (1, 2) = (1, 2), (1, 2) = (1, 3), (1, NULL) = (1, 2), (1, NULL) = (2, 2), (1, 2) <> (1, 3), (1, NULL) <=> (1, NULL)
(1, 2) = (1, 2) | (1, 2) = (1, 3) | (1, NULL) = (1, 2) | (1, NULL) = (2, 2) | (1, 2) <> (1, 3) | (1, NULL) <=> (1, NULL)
1 | 0 | NULL | 0 | 1 | 1

> SELECT id FROM emp WHERE (dept, boss) IN ((1, 1), (2, 3)) ORDER BY id
id
2
4

> SELECT id FROM emp WHERE (dept, boss) NOT IN ((1, 1), (2, 3)) ORDER BY id
id
3

> SELECT (1, 2) = (1, 2, 3)
error 1241 Operand should contain 2 column(s)

> SELECT (1, 2) < (1, 3)
error 1235 This version of MySQL doesn't yet support 'row constructors with <'

> SELECT name, salary AS s FROM emp WHERE salary IS NOT NULL ORDER BY s * -1 LIMIT 2
name | s
ann | 100.50
bob | 80.00


-- A string literal names its column by its value.
> SELECT 'text', N'y', 'a' 'b', 1 + 1
text | y | ab | 1 + 1
text | y | ab | 2

-- JOIN … USING / NATURAL JOIN coalesce the common columns: unqualified names and SELECT *
-- see them once (first, from the preserved side), qualified names see each side's copy.
> CREATE TABLE ul (k INT, g INT, lv VARCHAR(5))
ok 0 id=0 warnings=0

> CREATE TABLE ur (k INT, g INT, rv VARCHAR(5))
ok 0 id=0 warnings=0

> INSERT INTO ul VALUES (1, 10, 'l1'), (2, 20, 'l2'), (3, 30, 'l3')
ok 3 id=0 warnings=0 info=Records: 3  Duplicates: 0  Warnings: 0

> INSERT INTO ur VALUES (1, 10, 'r1'), (2, 99, 'r2'), (4, 40, 'r4')
ok 3 id=0 warnings=0 info=Records: 3  Duplicates: 0  Warnings: 0

> SELECT * FROM ul JOIN ur USING (k) ORDER BY k
k | g | lv | g | rv
1 | 10 | l1 | 10 | r1
2 | 20 | l2 | 99 | r2

> SELECT * FROM ul NATURAL JOIN ur
k | g | lv | rv
1 | 10 | l1 | r1

> SELECT k, lv, rv FROM ul RIGHT JOIN ur USING (k) ORDER BY rv
k | lv | rv
1 | l1 | r1
2 | l2 | r2
4 | NULL | r4

> SELECT ul.k, ur.k, k FROM ul LEFT JOIN ur USING (k) ORDER BY lv
k | k | k
1 | 1 | 1
2 | 2 | 2
3 | NULL | 3

> SELECT ur.* FROM ul JOIN ur USING (k, g)
k | g | rv
1 | 10 | r1

> SELECT * FROM ul JOIN ur USING (nosuch)
error 1054 Unknown column 'nosuch' in 'from clause'

> DROP TABLE ul, ur
ok 0 id=0 warnings=0
