> CREATE TABLE emp (id INT PRIMARY KEY, name VARCHAR(20), dept INT, salary INT)
ok 0 id=0 warnings=0

> CREATE TABLE dept (id INT PRIMARY KEY, title VARCHAR(20))
ok 0 id=0 warnings=0

> INSERT INTO dept VALUES (1, 'eng'), (2, 'ops'), (3, 'empty')
ok 3 id=0 warnings=0 info=Records: 3  Duplicates: 0  Warnings: 0

> INSERT INTO emp VALUES (1, 'ann', 1, 100), (2, 'bob', 1, 80), (3, 'cid', 2, 70), (4, 'dee', 2, 90)
ok 4 id=0 warnings=0 info=Records: 4  Duplicates: 0  Warnings: 0

> SELECT title FROM dept d WHERE EXISTS (SELECT 1 FROM emp e WHERE e.dept = d.id) ORDER BY title
title
eng
ops

> SELECT title FROM dept d WHERE NOT EXISTS (SELECT 1 FROM emp WHERE dept = d.id)
title
empty

> SELECT title, (SELECT COUNT(*) FROM emp e WHERE e.dept = d.id) AS n FROM dept d ORDER BY d.id
title | n
eng | 2
ops | 2
empty | 0

> SELECT name FROM emp e WHERE salary = (SELECT MAX(salary) FROM emp x WHERE x.dept = e.dept) ORDER BY name
name
ann
dee

> SELECT name FROM emp e WHERE salary > (SELECT AVG(salary) FROM emp WHERE dept = e.dept) ORDER BY name
name
ann
dee

> SELECT title FROM dept d WHERE 90 IN (SELECT salary FROM emp WHERE dept = d.id)
title
ops

> SELECT name, (SELECT title FROM dept WHERE id = emp.dept) FROM emp ORDER BY id DESC LIMIT 2
name | (SELECT title FROM dept WHERE id = emp.dept)
dee | ops
cid | ops

> SELECT title FROM dept d WHERE EXISTS (SELECT 1 FROM emp e WHERE e.dept = d.id AND EXISTS (SELECT 1 FROM dept d2 WHERE d2.id = d.id AND e.salary > 85))
title
eng
ops

> SELECT dept, COUNT(*) FROM emp e GROUP BY dept HAVING COUNT(*) > (SELECT COUNT(*) FROM dept WHERE id = e.dept)
error 1235 This version of MySQL doesn't yet support 'correlated subqueries in HAVING'

> EXPLAIN SELECT title FROM dept d WHERE EXISTS (SELECT 1 FROM emp e WHERE e.id = d.id)
id | select_type | table | partitions | type | possible_keys | key | key_len | ref | rows | filtered | Extra
1 | SIMPLE | d | NULL | ALL | NULL | NULL | NULL | NULL | 3 | 100.00 | Using where
2 | DEPENDENT SUBQUERY | e | NULL | const | PRIMARY | PRIMARY | 4 | const | 1 | 100.00 | Using where

> SELECT name FROM emp WHERE salary > ALL (SELECT salary FROM emp WHERE dept = 2) ORDER BY name
name
ann

> SELECT name FROM emp WHERE salary > ANY (SELECT salary FROM emp WHERE dept = 2) ORDER BY name
name
ann
bob
dee

> SELECT name FROM emp WHERE salary = SOME (SELECT salary FROM emp WHERE dept = 1) ORDER BY name
name
ann
bob

> SELECT 1 > ALL (SELECT id FROM dept WHERE id > 100), 1 > ANY (SELECT id FROM dept WHERE id > 100)
1 > ALL (SELECT id FROM dept WHERE id > 100) | 1 > ANY (SELECT id FROM dept WHERE id > 100)
1 | 0

> SELECT title FROM dept d WHERE 80 < ALL (SELECT salary FROM emp e WHERE e.dept = d.id) ORDER BY title
title
empty


-- IN / ANY / ALL over a subquery with its own LIMIT is not supported, as in MySQL.
> SELECT 1 IN (SELECT 1 LIMIT 1)
error 1235 This version of MySQL doesn't yet support 'LIMIT & IN/ALL/ANY/SOME subquery'

> SELECT 1 = ANY (SELECT 1 LIMIT 1)
error 1235 This version of MySQL doesn't yet support 'LIMIT & IN/ALL/ANY/SOME subquery'
