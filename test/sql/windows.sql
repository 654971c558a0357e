> CREATE TABLE w (id INT PRIMARY KEY, dept INT, salary INT)
ok 0 id=0 warnings=0

> INSERT INTO w VALUES (1, 1, 100), (2, 1, 80), (3, 1, 80), (4, 2, 50), (5, 2, 70), (6, NULL, 10)
ok 6 id=0 warnings=0 info=Records: 6  Duplicates: 0  Warnings: 0

> SELECT id, ROW_NUMBER() OVER (ORDER BY id) AS rn FROM w ORDER BY id
id | rn
1 | 1
2 | 2
3 | 3
4 | 4
5 | 5
6 | 6

> SELECT id, dept, salary, RANK() OVER (PARTITION BY dept ORDER BY salary DESC) AS r, DENSE_RANK() OVER (PARTITION BY dept ORDER BY salary DESC) AS dr, ROW_NUMBER() OVER (PARTITION BY dept ORDER BY salary DESC, id) AS rn FROM w ORDER BY id
id | dept | salary | r | dr | rn
1 | 1 | 100 | 1 | 1 | 1
2 | 1 | 80 | 2 | 2 | 2
3 | 1 | 80 | 2 | 2 | 3
4 | 2 | 50 | 2 | 2 | 2
5 | 2 | 70 | 1 | 1 | 1
6 | NULL | 10 | 1 | 1 | 1

> SELECT id, SUM(salary) OVER (PARTITION BY dept) AS total, SUM(salary) OVER (PARTITION BY dept ORDER BY salary) AS running, COUNT(*) OVER () AS n FROM w ORDER BY id
id | total | running | n
1 | 260 | 260 | 6
2 | 260 | 160 | 6
3 | 260 | 160 | 6
4 | 120 | 50 | 6
5 | 120 | 120 | 6
6 | 10 | 10 | 6

> SELECT dept, SUM(salary) AS s, RANK() OVER (ORDER BY SUM(salary) DESC) AS r FROM w GROUP BY dept ORDER BY r
dept | s | r
1 | 260 | 1
2 | 120 | 2
NULL | 10 | 3

> SELECT id, AVG(salary) OVER (PARTITION BY dept) FROM w WHERE dept = 2 ORDER BY id
id | AVG(salary) OVER (PARTITION BY dept)
4 | 60.0000
5 | 60.0000

> SELECT id, LAG(salary) OVER (ORDER BY id) AS prev, LEAD(salary, 2, -1) OVER (PARTITION BY dept ORDER BY id) AS next2, FIRST_VALUE(id) OVER (PARTITION BY dept ORDER BY salary) AS lowest FROM w ORDER BY id
id | prev | next2 | lowest
1 | NULL | 80 | 2
2 | 100 | -1 | 2
3 | 80 | -1 | 2
4 | 80 | -1 | 4
5 | 50 | -1 | 4
6 | 70 | -1 | 6

> SELECT NTILE(2) OVER (ORDER BY id) FROM w
NTILE(2) OVER (ORDER BY id)
1
1
1
2
2
2

> SELECT id, SUM(salary) OVER (ORDER BY id ROWS BETWEEN 1 PRECEDING AND CURRENT ROW) FROM w
id | SUM(salary) OVER (ORDER BY id ROWS BETWEEN 1 PRECEDING AND CURRENT ROW)
1 | 100
2 | 180
3 | 160
4 | 130
5 | 120
6 | 80

-- ROWS frames on both sides, UNBOUNDED, an empty frame (NULL), NTILE per partition, and the
-- default RANGE frame written out.
> SELECT id, SUM(salary) OVER (ORDER BY id ROWS BETWEEN 1 PRECEDING AND 1 FOLLOWING) AS s3, COUNT(*) OVER (ORDER BY id ROWS BETWEEN CURRENT ROW AND UNBOUNDED FOLLOWING) AS rest, MAX(salary) OVER (ORDER BY id ROWS BETWEEN 4 FOLLOWING AND 5 FOLLOWING) AS ahead, NTILE(4) OVER (ORDER BY id) AS q, SUM(salary) OVER (ORDER BY id RANGE BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW) AS run FROM w ORDER BY id
id | s3 | rest | ahead | q | run
1 | 180 | 6 | 70 | 1 | 100
2 | 260 | 5 | 10 | 1 | 180
3 | 210 | 4 | NULL | 2 | 260
4 | 200 | 3 | NULL | 2 | 310
5 | 130 | 2 | NULL | 3 | 380
6 | 80 | 1 | NULL | 4 | 390

> SELECT id, SUM(salary) OVER (ORDER BY id RANGE BETWEEN 1 PRECEDING AND CURRENT ROW) FROM w
error 1235 This version of MySQL doesn't yet support 'RANGE window frames'

> SELECT id FROM w ORDER BY ROW_NUMBER() OVER (ORDER BY id)
error 1235 This version of MySQL doesn't yet support 'window functions here'

